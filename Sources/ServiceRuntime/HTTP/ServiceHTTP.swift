import ContractTypes
import Foundation
public import Hummingbird
import NIOCore

/// What every service's routes share: JSON answers, JSON bodies read into `Decodable` values with
/// problems that name the field, and query parameters.
public enum ServiceHTTP {
    /// Sorted keys, RFC 3339 dates with milliseconds (the contracts' coding).
    public static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8"
    ) throws -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: try ContractCoding.makeEncoder().encode(value))))
    }

    /// Reads the body (at most `limit` bytes) as JSON into `Value`.
    ///
    /// - Throws: ``ServiceProblem``: `tooLarge` over the limit; `invalid` naming the field and the rule
    ///   (`required`, `type Int`, `JSON`) when the body does not decode.
    public static func decode<Value: Decodable>(
        _ type: Value.Type, from request: Request, limit: Int = 1 << 20
    ) async throws -> Value {
        try await self.decode(type, from: request, limit: limit, whenEmpty: nil)
    }

    /// Like ``decode(_:from:limit:)``, but an empty body gives `whenEmpty` (a body whose fields are all optional).
    public static func decode<Value: Decodable>(
        _ type: Value.Type, from request: Request, limit: Int = 1 << 20, whenEmpty: Value?
    ) async throws -> Value {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw ServiceProblem(.tooLarge, field: "body", rule: "at most \(limit) bytes", "the body is too large")
        }
        if buffer.readableBytes == 0, let whenEmpty { return whenEmpty }
        do {
            return try ContractCoding.makeDecoder().decode(Value.self, from: Data(buffer.readableBytesView))
        } catch {
            throw Self.problem(decoding: error)
        }
    }

    /// A decoding failure as a problem naming the field (`filters.departements[1]`) and the rule.
    public static func problem(decoding error: any Error) -> ServiceProblem {
        guard let error = error as? DecodingError else {
            return ServiceProblem(.invalid, field: "body", rule: "JSON object", "the body is not JSON")
        }
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            (context.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
                .joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ServiceProblem(.invalid, field: path(context, key), rule: "required", "a required field is missing")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context)
            return ServiceProblem(.invalid, field: field.isEmpty ? "body" : field, rule: "type \(type)", "wrong type")
        case .dataCorrupted(let context):
            let field = path(context)
            return ServiceProblem(
                .invalid, field: field.isEmpty ? "body" : field, rule: context.codingPath.isEmpty ? "JSON" : "value",
                context.codingPath.isEmpty ? "the body is not valid JSON" : context.debugDescription)
        @unknown default:
            return ServiceProblem(.invalid, field: "body", rule: "JSON object", "the body is not valid")
        }
    }
}

extension Request {
    /// A query parameter, percent-decoded once (by Hummingbird: decoding again would read `%252F` as `/`);
    /// `nil` when absent or empty.
    public func query(_ name: String) -> String? {
        guard let value = self.uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value)
    }
}
