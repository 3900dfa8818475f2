public import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for the RabbitMQ management HTTP API (the `rabbitmq_management` plugin).
///
/// It sends requests with HTTP basic authentication and decodes the JSON answers. Each request runs in
/// its own ephemeral `URLSession` and is limited by ``timeout``. Errors are ``ManagementError`` values,
/// which name the method, the path and the HTTP status but never the password or a request body.
/// `passerelle doctor` uses ``overview()`` and ``nodes()``, the topology code uses ``get(_:as:)`` and, for
/// writes, ``send(_:_:body:)``.
///
/// > Note: `URLSessionConfiguration` is a mutable class; the client never changes its copy after `init`,
/// > and each `URLSession` copies it again, so sharing the client between tasks is safe.
///
/// ```swift
/// let client = try ManagementClient(baseURL: "http://localhost:15672", username: "guest", password: "guest")
/// let overview = try await client.overview()
/// ```
public final class ManagementClient: Sendable {
    /// The API's base URL without credentials, for example `http://localhost:15672`.
    public let baseURL: URL
    /// The longest a request may take, connection included.
    public let timeout: Duration
    private let authorization: String
    private let configuration: URLSessionConfiguration

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - baseURL: The management listener, `http://` or `https://`, with any path prefix
    ///     (`management.path_prefix`) but without credentials.
    ///   - username: The management user; it needs the `monitoring` or `administrator` tag for ``nodes()``.
    ///   - password: The user's password. Sent only in the `Authorization` header.
    ///   - timeout: The limit for each request. The default is 5 seconds.
    /// - Throws: ``ManagementError`` with code ``ManagementError/Code/invalidURL`` when `baseURL` is not an
    ///   HTTP(S) URL with a host, or carries credentials.
    public init(
        baseURL: String, username: String, password: String, timeout: Duration = .seconds(5)
    ) throws(ManagementError) {
        guard let components = URLComponents(string: baseURL),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            let url = components.url
        else {
            throw ManagementError(.invalidURL, path: "", reason: "expected http://host:port or https://host:port")
        }
        guard components.user == nil, components.password == nil else {
            throw ManagementError(.invalidURL, path: "", reason: "pass the credentials as user and password")
        }
        self.baseURL = url
        self.timeout = timeout
        self.authorization = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        let configuration = URLSessionConfiguration.ephemeral
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        self.configuration = configuration
    }

    /// Reads `GET /api/overview`: versions, cluster name and the node that answered.
    ///
    /// - Returns: The overview.
    /// - Throws: ``ManagementError`` when the request or its decoding fails.
    public func overview() async throws(ManagementError) -> ManagementOverview {
        try await self.get("/api/overview")
    }

    /// Reads `GET /api/nodes`: every node of the cluster, whether it runs, and its plugins.
    ///
    /// - Returns: The nodes.
    /// - Throws: ``ManagementError``; ``ManagementError/Code/unauthorized`` when the user lacks the
    ///   `monitoring` tag.
    public func nodes() async throws(ManagementError) -> [ManagementNode] {
        try await self.get("/api/nodes")
    }

    /// Sends `GET` to `path` and decodes the JSON answer.
    ///
    /// - Parameters:
    ///   - path: The path below the base URL, starting with `/api/`. Percent-encode names in it (the
    ///     default virtual host `/` is `%2F`).
    ///   - type: The type to decode; usually inferred.
    /// - Returns: The decoded answer.
    /// - Throws: ``ManagementError``: ``ManagementError/Code/unreachable`` (no answer, or a timeout),
    ///   ``ManagementError/Code/unauthorized`` (HTTP 401), ``ManagementError/Code/httpStatus`` (another
    ///   status outside 200–299) or ``ManagementError/Code/decoding``.
    public func get<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws(ManagementError) -> T {
        let (data, status) = try await self.send("GET", path)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ManagementError(.decoding, path: path, status: status, reason: ManagementError.reason(for: error))
        }
    }

    /// Sends `method` to `path` with an optional JSON body and returns the answer's body and status.
    ///
    /// - Parameters:
    ///   - method: `GET`, `PUT`, `POST` or `DELETE`.
    ///   - path: The path below the base URL, starting with `/api/`, names percent-encoded
    ///     (``ManagementClient/segment(_:)``).
    ///   - body: The JSON body, if any. It may hold a password (`PUT /api/users/…`); it is never part of
    ///     an error.
    /// - Returns: The body and the HTTP status (200–299).
    /// - Throws: ``ManagementError`` as for ``get(_:as:)``, with ``ManagementError/status`` 404 when the
    ///   object does not exist.
    @discardableResult
    public func send(_ method: String, _ path: String, body: Data? = nil) async throws(ManagementError) -> (Data, Int) {
        let (data, status) = try await self.exchange(method, path, body: body)
        guard (200..<300).contains(status) else {
            let code: ManagementError.Code = status == 401 ? .unauthorized : .httpStatus
            let reason = ManagementError.reason(inBody: data)
            throw ManagementError(code, method: method, path: path, status: status, reason: reason)
        }
        return (data, status)
    }

    /// Like ``send(_:_:body:)``, but a status in `accepted` is an answer rather than an error: for
    /// example 404 when asking whether a vhost exists, or 400 when a queue deleted `if-empty` holds messages.
    ///
    /// - Returns: The HTTP status.
    @discardableResult
    public func send(
        _ method: String, _ path: String, body: Data? = nil, accepting accepted: Set<Int>
    ) async throws(ManagementError) -> Int {
        let (data, status) = try await self.exchange(method, path, body: body)
        guard (200..<300).contains(status) || accepted.contains(status) else {
            let code: ManagementError.Code = status == 401 ? .unauthorized : .httpStatus
            let reason = ManagementError.reason(inBody: data)
            throw ManagementError(code, method: method, path: path, status: status, reason: reason)
        }
        return status
    }

    /// One request; any HTTP status is returned, only transport failures throw.
    private func exchange(_ method: String, _ path: String, body: Data?) async throws(ManagementError) -> (Data, Int) {
        let base = self.baseURL.absoluteString.hasSuffix("/")
            ? String(self.baseURL.absoluteString.dropLast()) : self.baseURL.absoluteString
        guard let url = URL(string: base + path) else {
            throw ManagementError(.invalidURL, method: method, path: path, reason: "not a valid URL path")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(self.authorization, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        request.timeoutInterval = self.configuration.timeoutIntervalForRequest

        // One session per request, so its delegate sees only this request's authentication challenge.
        let delegate = ChallengeRefusingDelegate()
        let session = URLSession(configuration: self.configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            if delegate.wasChallenged {
                throw ManagementError(
                    .unauthorized, method: method, path: path, status: 401, reason: "credentials rejected")
            }
            throw ManagementError(.unreachable, method: method, path: path, reason: ManagementError.reason(for: error))
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 401 {
            let reason = ManagementError.reason(inBody: data)
            throw ManagementError(.unauthorized, method: method, path: path, status: status, reason: reason)
        }
        return (data, status)
    }

    /// `name` percent-encoded as one path segment: the default vhost `/` becomes `%2F`.
    ///
    /// - Parameter name: A vhost, queue, exchange, user or policy name.
    /// - Returns: The segment, with only RFC 3986 unreserved characters left as they are.
    public static func segment(_ name: String) -> String {
        // RFC 3986 unreserved characters only (ASCII letters and digits, `-._~`).
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}

/// Refuses HTTP authentication challenges and remembers that one came.
///
/// The request already carries its `Authorization` header, so a challenge (a 401 with
/// `WWW-Authenticate`) means the credentials were rejected. Without a delegate, swift-corelibs-foundation
/// (Swift 6.3.1 on Linux) never completes such a request: it waits for a default credential that does not
/// exist, and the request timeout does not fire (swift-corelibs-foundation #5456). Cancelling the
/// challenge ends the request at once, on Linux and on Darwin alike.
private final class ChallengeRefusingDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    private let challenged = Mutex(false)

    /// Whether the server sent an authentication challenge.
    var wasChallenged: Bool {
        self.challenged.withLock { $0 }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        let method = challenge.protectionSpace.authenticationMethod
        guard method == NSURLAuthenticationMethodHTTPBasic || method == NSURLAuthenticationMethodHTTPDigest else {
            completionHandler(.performDefaultHandling, nil)   // for example TLS server trust
            return
        }
        self.challenged.withLock { $0 = true }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
