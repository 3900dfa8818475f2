import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client for the RabbitMQ management HTTP API (the `rabbitmq_management` plugin).
///
/// It sends requests with HTTP basic authentication and decodes the JSON answers. Each request runs in
/// its own ephemeral `URLSession` and is limited by ``timeout``. Errors are ``ManagementError`` values,
/// which name the method, the path and the HTTP status but never the password or a request body.
/// Internal to the CLI; `passerelle doctor` uses ``overview()`` and ``nodes()``, other commands use
/// ``get(_:as:)`` and, for writes (`passerelle topology apply`), ``send(_:_:body:)``.
///
/// > Note: `URLSessionConfiguration` is a mutable class; the client never changes its copy after `init`,
/// > and each `URLSession` copies it again, so sharing the client between tasks is safe.
///
/// ```swift
/// let client = try ManagementClient(baseURL: "http://localhost:15672", username: "guest", password: "guest")
/// let overview = try await client.overview()
/// ```
final class ManagementClient: Sendable {
    /// The API's base URL without credentials, for example `http://localhost:15672`.
    let baseURL: URL
    /// The longest a request may take, connection included.
    let timeout: Duration
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
    init(baseURL: String, username: String, password: String, timeout: Duration = .seconds(5)) throws(ManagementError) {
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
    func overview() async throws(ManagementError) -> ManagementOverview {
        try await self.get("/api/overview")
    }

    /// Reads `GET /api/nodes`: every node of the cluster, whether it runs, and its plugins.
    ///
    /// - Returns: The nodes.
    /// - Throws: ``ManagementError``; ``ManagementError/Code/unauthorized`` when the user lacks the
    ///   `monitoring` tag.
    func nodes() async throws(ManagementError) -> [ManagementNode] {
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
    func get<T: Decodable>(_ path: String, as type: T.Type = T.self) async throws(ManagementError) -> T {
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
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(ManagementError) -> (Data, Int) {
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
    func send(
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
    static func segment(_ name: String) -> String {
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

/// The part of `GET /api/overview` the CLI reads.
struct ManagementOverview: Decodable, Sendable, Hashable {
    /// The broker version, for example `3.10.8`.
    var rabbitmqVersion: String
    /// The management plugin version; equal to the broker's since 3.7.
    var managementVersion: String?
    /// The Erlang/OTP version the node runs, for example `25.2.3`.
    var erlangVersion: String?
    /// The cluster name, for example `passerelle@localhost`.
    var clusterName: String?
    /// The node that answered, for example `passerelle@localhost`.
    var node: String?

    enum CodingKeys: String, CodingKey {
        case rabbitmqVersion = "rabbitmq_version"
        case managementVersion = "management_version"
        case erlangVersion = "erlang_version"
        case clusterName = "cluster_name"
        case node
    }
}

/// The part of one `GET /api/nodes` entry the CLI reads.
///
/// Two fields describe plugins: `enabled_plugins` lists the plugins named in the node's
/// enabled-plugins file (explicitly enabled, without their dependencies), and `applications` lists
/// every OTP application running on the node, which includes each started plugin and its
/// dependencies. ``runningPlugins`` uses the second when it is present.
///
/// > Note: Both fields come from the node's statistics, which the management agent first emits a few
/// > seconds after the node starts. Until then an entry holds only `name`, `type`, `running`,
/// > `cluster_links` and `metrics_gc_queue_length`, and ``runningPlugins`` is `nil`.
struct ManagementNode: Decodable, Sendable, Hashable {
    /// One running OTP application (`applications[]`).
    struct Application: Decodable, Sendable, Hashable {
        /// The application name, for example `rabbitmq_management`.
        var name: String
        /// Its version, for example `3.10.8`.
        var version: String?
    }

    /// The node name, for example `passerelle@localhost`.
    var name: String
    /// Whether the node is running. Stopped cluster members are listed with `false`.
    var running: Bool
    /// The `enabled_plugins` field: plugins explicitly enabled on the node.
    var enabledPlugins: [String]?
    /// The `applications` field: OTP applications running on the node.
    var applications: [Application]?

    /// The names of the `rabbitmq_*` plugins running on the node: from `applications` when present,
    /// otherwise from `enabled_plugins`; `nil` when the node has not reported its statistics yet.
    var runningPlugins: Set<String>? {
        if let applications = self.applications {
            return Set(applications.map(\.name).filter { $0.hasPrefix("rabbitmq_") })
        }
        return self.enabledPlugins.map(Set.init)
    }

    enum CodingKeys: String, CodingKey {
        case name
        case running
        case enabledPlugins = "enabled_plugins"
        case applications
    }
}

/// A failed management API request.
///
/// It names the request (`GET` and the path) and the HTTP status, plus a short reason: the server's
/// `reason` field, a connection failure or a decoding problem. It never holds the password or the
/// `Authorization` header, so ``description`` is safe to print and log.
struct ManagementError: Error, Sendable {
    /// What went wrong; new codes can be added without breaking callers.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidURL
            case unreachable
            case unauthorized
            case httpStatus
            case decoding
        }

        private let base: Base

        /// The base URL or path does not form an HTTP(S) URL.
        static var invalidURL: Self { Self(base: .invalidURL) }
        /// No HTTP answer: connection refused, unknown host, TLS failure or timeout.
        static var unreachable: Self { Self(base: .unreachable) }
        /// HTTP 401: wrong credentials, or a user without the tag the endpoint needs.
        static var unauthorized: Self { Self(base: .unauthorized) }
        /// Another HTTP status outside 200–299 (see ``ManagementError/status``).
        static var httpStatus: Self { Self(base: .httpStatus) }
        /// The answer was not the JSON expected.
        static var decoding: Self { Self(base: .decoding) }

        var description: String { String(describing: self.base) }
    }

    /// What went wrong.
    var code: Code
    /// The HTTP method.
    var method: String
    /// The request path below the base URL, for example `/api/overview`.
    var path: String
    /// The HTTP status, when the server answered.
    var status: Int?
    /// A short explanation, free of credentials.
    var reason: String?

    /// Creates an error; `reason` must not contain credentials or payloads.
    init(_ code: Code, method: String = "GET", path: String, status: Int? = nil, reason: String? = nil) {
        self.code = code
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
    }

    /// A short reason for a transport or decoding error, without URLs or payloads.
    static func reason(for error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .networkConnectionLost: return "connection lost"
            case .badServerResponse: return "not an HTTP answer"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid:
                return "TLS handshake failed"
            default: return "URL error \(error.code.rawValue)"
            }
        }
        if let error = error as? DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                return "missing key \(Self.path(context.codingPath + [key]))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "unexpected value at \(Self.path(context.codingPath))"
            case .dataCorrupted(let context):
                return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(Self.path(context.codingPath))"
            @unknown default:
                return "cannot decode the answer"
            }
        }
        return String(describing: type(of: error))
    }

    /// The `reason` (or `error`) field of a management API error body, at most 200 characters.
    static func reason(inBody data: Data) -> String? {
        struct Body: Decodable {
            var error: String?
            var reason: String?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            return nil
        }
        return (body.reason ?? body.error).map { String($0.prefix(200)) }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension ManagementError: CustomStringConvertible {
    /// For example `ManagementError(unauthorized) GET /api/nodes: HTTP 401, Login failed`.
    var description: String {
        var text = "ManagementError(\(self.code)) \(self.method) \(self.path)"
        let details = [self.status.map { "HTTP \($0)" }, self.reason].compactMap { $0 }
        if !details.isEmpty {
            text += ": " + details.joined(separator: ", ")
        }
        return text
    }
}
