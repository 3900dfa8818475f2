import ArgumentParser
import Foundation
import Identity
import ServiceRuntime

/// Where the documents service is and who calls it: `--documents-url` (default `$PASSERELLE_DOCUMENTS_URL`, else
/// `http://127.0.0.1:$PASSERELLE_DOCUMENTS_HTTP_PORT`, else port 8083) and an operator's bearer token: `--token`,
/// else `$PASSERELLE_TOKEN`, else one minted for a few minutes by the local development identity provider
/// (`--identity-dir`, default `$PASSERELLE_HOME/secrets/identity`, the folder `scripts/up` creates).
struct DocumentsConnection: ParsableArguments {
    @OptionGroup var endpoints: ServiceEndpoints
    @OptionGroup var identity: IdentityLocation

    init() {}

    /// The service's base URL, without a trailing slash.
    var baseURL: String {
        var url = self.endpoints.documents
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A client with an operator's token.
    ///
    /// - Throws: `ValidationError` (exit 2) when no token is given and the development provider cannot mint one.
    func client() async throws -> DocumentsClient {
        if let token = self.endpoints.bearer {
            return DocumentsClient(baseURL: self.baseURL, token: token)
        }
        do {
            return DocumentsClient(baseURL: self.baseURL, token: try await Self.mintOperatorToken(in: self.identity.url))
        } catch {
            throw ValidationError(
                "the documents service needs an operator's token: --token, PASSERELLE_TOKEN, or the development identity "
                    + "provider in \(self.identity.url.path) (passerelle token keygen; or --identity-dir): \(error)")
        }
    }

    /// A five-minute operator token from the development provider in `directory`.
    static func mintOperatorToken(in directory: URL) async throws -> String {
        let provider = try DevelopmentIdentityProvider(directory: directory)
        let user = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        return try await provider.issue(subject: "passerelle-cli:\(user)", roles: [Caller.Role.operator], ttl: 300)
    }
}

/// What went wrong talking to the documents service.
enum DocumentsFailure: Error, CustomStringConvertible {
    /// No answer at all: the service is not running, or the URL is wrong.
    case unreachable(url: String, reason: String)
    /// A refusal: an RFC 9457 problem when the body is one, else the raw text.
    case refused(method: String, path: String, status: Int, problem: ServiceProblem.Body?, text: String)
    /// A 2xx answer whose body is not what this CLI expects.
    case unreadable(path: String, reason: String)

    var description: String { DocumentsRendering.failure(self) }

    /// What `--json` prints for the failure.
    struct JSONReport: Encodable {
        var error: String
        var status: Int?
        var problem: ServiceProblem.Body?
    }

    var jsonReport: JSONReport {
        switch self {
        case .unreachable: JSONReport(error: self.description, status: nil, problem: nil)
        case .refused(_, _, let status, let problem, _): JSONReport(error: self.description, status: status, problem: problem)
        case .unreadable: JSONReport(error: self.description, status: nil, problem: nil)
        }
    }
}

/// The documents service's HTTP API as the operator sees it.
struct DocumentsClient: Sendable {
    /// Sends one request: method, absolute URL, JSON body, bearer token. Tests replace it (``transport``).
    typealias Transport = @Sendable (_ method: String, _ url: String, _ body: Data?, _ token: String?) async throws -> ServiceHTTP.Reply

    /// The transport of the current task; `nil` for real HTTP through ``ServiceHTTP``.
    @TaskLocal static var transport: Transport?

    let baseURL: String
    let token: String

    /// Sends a request and returns the body of a 2xx answer.
    ///
    /// - Parameters:
    ///   - path: The path with its query (`/acts?limit=10`).
    ///   - body: A JSON body.
    /// - Throws: ``DocumentsFailure``.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(DocumentsFailure) -> Data {
        let url = self.baseURL + path
        let reply: ServiceHTTP.Reply
        do {
            if let transport = Self.transport {
                reply = try await transport(method, url, body, self.token)
            } else {
                reply = try await ServiceHTTP.request(
                    method, url, body: body, contentType: body == nil ? nil : "application/json", token: self.token)
            }
        } catch {
            throw .unreachable(url: self.baseURL, reason: "\(error)")
        }
        guard (200..<300).contains(reply.status) else {
            let problem = try? JSONDecoder().decode(ServiceProblem.Body.self, from: reply.body)
            throw .refused(method: method, path: path, status: reply.status, problem: problem, text: reply.text)
        }
        return reply.body
    }

    /// Sends a request and decodes the 2xx answer as `Value`; also returns the body as received.
    func call<Value: Decodable>(
        _ type: Value.Type, _ method: String, _ path: String, body: Data? = nil
    ) async throws(DocumentsFailure) -> (value: Value, raw: Data) {
        let data = try await self.send(method, path, body: body)
        do {
            return (try JSONDecoder().decode(Value.self, from: data), data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    /// `?name=value&…` with the values percent-encoded (`+` too), or `""` when every value is `nil`.
    static func query(_ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.queryItems = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        guard let query = components.percentEncodedQuery, !query.isEmpty else { return "" }
        return "?" + query.replacingOccurrences(of: "+", with: "%2B")
    }

    /// One path segment, percent-encoded.
    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// How every `passerelle documents` command ends: the failure is printed (to standard error for people, as JSON
/// on standard output with `--json`) and the command exits 1.
enum DocumentsRun {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as DocumentsFailure {
            if json {
                try JSONOutput.print(failure.jsonReport)
            } else {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            }
            throw ExitCode(1)
        }
    }

    /// The service's JSON as received, pretty-printed with sorted keys (as `JSONOutput` prints).
    static func printJSON(_ data: Data) {
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            print(String(decoding: pretty, as: UTF8.self))
        } else {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
