import ArgumentParser
import Foundation
import ServiceRuntime

/// What went wrong talking to the desk service.
enum DeskFailure: Error, CustomStringConvertible {
    /// No answer at all: the service is not running, or the URL is wrong.
    case unreachable(url: String, reason: String)
    /// A refusal: an RFC 9457 problem when the body is one, else the raw text.
    case refused(method: String, path: String, status: Int, problem: ServiceProblem.Body?, text: String)
    /// A 2xx answer whose body is not what this CLI expects.
    case unreadable(path: String, reason: String)

    var description: String { DeskRendering.failure(self) }

    /// What `--json` prints for the failure.
    struct JSONReport: Encodable {
        var error: String
        var status: Int?
        var problem: ServiceProblem.Body?
    }

    var jsonReport: JSONReport {
        switch self {
        case .unreachable, .unreadable: JSONReport(error: self.description, status: nil, problem: nil)
        case .refused(_, _, let status, let problem, _):
            JSONReport(error: self.description, status: status, problem: problem)
        }
    }
}

/// The desk service's HTTP API as the operator sees it.
struct DeskClient: Sendable {
    /// Sends one request: method, absolute URL, JSON body, bearer token. Tests replace it (``transport``).
    typealias Transport =
        @Sendable (_ method: String, _ url: String, _ body: Data?, _ token: String?) async throws -> ServiceHTTP.Reply

    /// The transport of the current task; `nil` for real HTTP through ``ServiceHTTP``.
    @TaskLocal static var transport: Transport?

    let baseURL: String
    let token: String

    /// Sends a request and returns the body of a 2xx answer.
    ///
    /// - Throws: ``DeskFailure``.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws(DeskFailure) -> Data {
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
    ) async throws(DeskFailure) -> (value: Value, raw: Data) {
        let data = try await self.send(method, path, body: body)
        do {
            return (try JSONDecoder().decode(Value.self, from: data), data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }
}

/// How every `passerelle desk` command that calls the service ends: the failure is printed (to standard error for
/// people, as JSON on standard output with `--json`) and the command exits 1.
enum DeskRun {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as DeskFailure {
            if json {
                try JSONOutput.print(failure.jsonReport)
            } else {
                FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            }
            throw ExitCode(1)
        }
    }
}
