import Foundation
public import HTTPTypes
public import Hummingbird
import Logging

/// The first middleware of every service's router: a request id, an access log line, and a problem for
/// every error.
///
/// - The request id is the caller's `X-Request-Id` when it is 1–64 characters of `[A-Za-z0-9._:-]`,
///   else a new random one; it is in every log line of the request and in the `X-Request-Id` response header.
/// - One line per request at `info`: method, path (never the query, which may hold addresses), status, duration.
/// - A ``ServiceProblem`` or another `HTTPResponseError` becomes its response; any other error is logged and
///   answered with an `internal` problem that says nothing of it.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let requestID = request.headers[.requestID].flatMap { Self.isValid($0) ? $0 : nil }
            ?? String(UUID().uuidString.lowercased().prefix(18))
        context.logger[metadataKey: "request.id"] = "\(requestID)"
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as ServiceProblem {
            response = try problem.response(instance: request.uri.path, requestID: requestID)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            response = try ServiceProblem(.internal, "the request failed; see the service log with its request id")
                .response(instance: request.uri.path, requestID: requestID)
        }
        response.headers[.requestID] = requestID
        let millis = (ContinuousClock.now - start).secondsAsDouble * 1000
        context.logger.info(
            "\(request.method.rawValue) \(request.uri.path) \(response.status.code)",
            metadata: ["http.ms": "\((millis * 10).rounded() / 10)"])
        return response
    }

    static func isValid(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
                    || byte == UInt8(ascii: "-")
            }
    }
}

extension HTTPField.Name {
    public static var requestID: Self { Self("X-Request-Id")! }
}
