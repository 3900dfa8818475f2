import ArgumentParser
import Foundation
import ServiceRuntime

/// A service the operator's commands call over HTTP. Its name gives the rest: the executable `passerelle-<name>`,
/// the option `--<name>-url`, the variables `PASSERELLE_<NAME>_URL` and `PASSERELLE_<NAME>_HTTP_PORT`.
protocol OperatorService: Sendable {
    static var name: String { get }
}

/// The transport tests put in place of real HTTP, for every operator client of the current task.
enum OperatorTransport {
    /// Sends one request: method, absolute URL, JSON body, bearer token.
    typealias Send = @Sendable (_ method: String, _ url: String, _ body: Data?, _ token: String?) async throws -> ServiceHTTP.Reply

    @TaskLocal static var current: Send?
}

/// What went wrong talking to a service.
enum ServiceCallFailure<Service: OperatorService>: Error, CustomStringConvertible {
    /// No answer at all: the service is not running, or the URL is wrong.
    case unreachable(url: String, reason: String)
    /// A refusal: an RFC 9457 problem when the body is one, else the raw text.
    case refused(method: String, path: String, status: Int, problem: ServiceProblem.Body?, text: String)
    /// A 2xx answer whose body is not what this CLI expects.
    case unreadable(path: String, reason: String)

    var description: String {
        let name = Service.name
        let variable = name.uppercased()
        switch self {
        case .unreachable(let url, let reason):
            return """
                The \(name) service does not answer at \(url): \(reason)
                Start passerelle-\(name) (scripts/up does), or check --\(name)-url / PASSERELLE_\(variable)_URL \
                (PASSERELLE_\(variable)_HTTP_PORT).
                """
        case .refused(let method, let path, let status, let problem, let text):
            guard let problem else {
                return "The \(name) service refused \(method) \(path) (\(status)): \(text.isEmpty ? "no body" : text)"
            }
            var lines = ["The \(name) service refused \(method) \(path) (\(status) \(problem.title)): \(problem.code)"]
            if let field = problem.field { lines.append("  field:  \(field)") }
            if let rule = problem.rule { lines.append("  rule:   \(rule)") }
            lines.append("  detail: \(problem.detail)")
            if let requestId = problem.requestId { lines.append("  request id: \(requestId)") }
            if status == 401 {
                lines.append("  (the token was refused: --token, PASSERELLE_TOKEN or `passerelle token issue --sub ops --role operator`)")
            } else if status == 403 {
                lines.append("  (these routes are for operators: a token with the role operator)")
            }
            return lines.joined(separator: "\n")
        case .unreadable(let path, let reason):
            return "The \(name) service's answer to \(path) is not what this CLI expects: \(reason)"
        }
    }

    /// What `--json` prints for the failure.
    struct JSONReport: Encodable {
        var error: String
        var status: Int?
        var problem: ServiceProblem.Body?
    }

    var jsonReport: JSONReport {
        switch self {
        case .unreachable, .unreadable: JSONReport(error: self.description, status: nil, problem: nil)
        case .refused(_, _, let status, let problem, _): JSONReport(error: self.description, status: status, problem: problem)
        }
    }
}

/// A service's HTTP API as the operator sees it: every call with the operator's token.
struct OperatorClient<Service: OperatorService>: Sendable {
    typealias Transport = OperatorTransport.Send

    let baseURL: String
    let token: String

    /// Sends a request and returns the body of a 2xx answer.
    ///
    /// - Parameters:
    ///   - path: The path with its query (`/acts?limit=10`).
    ///   - body: A JSON body.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(ServiceCallFailure<Service>) -> Data {
        let url = self.baseURL + path
        let reply: ServiceHTTP.Reply
        do {
            if let transport = OperatorTransport.current {
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
    ) async throws(ServiceCallFailure<Service>) -> (value: Value, raw: Data) {
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

/// How every command that calls a service ends: the failure is printed (to standard error for people, as JSON on
/// standard output with `--json`) and the command exits 1.
enum OperatorRun<Service: OperatorService> {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as ServiceCallFailure<Service> {
            if json {
                try JSONOutput.print(failure.jsonReport)
            } else {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            }
            throw ExitCode(1)
        }
    }
}
