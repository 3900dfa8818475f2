import Foundation
import Hummingbird

/// JSON and HTML answers of the service's routes.
enum HTTPAnswers {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> EditedResponse<String> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return EditedResponse(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            response: String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// `400` (or another status) with `{"error", "field", "rule", "message"}`.
    static func error(_ error: NotificationsError, status: HTTPResponse.Status = .badRequest) throws -> EditedResponse<String> {
        try self.json(
            ErrorBody(error: error.code.description, field: error.field, rule: error.rule, message: error.message),
            status: status)
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> EditedResponse<String> {
        EditedResponse(status: status, headers: [.contentType: "text/html; charset=utf-8"], response: body)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> EditedResponse<String> {
        EditedResponse(status: status, headers: [.contentType: "text/plain; charset=utf-8"], response: body)
    }

    struct ErrorBody: Encodable {
        var error: String
        var field: String?
        var rule: String?
        var message: String
    }

    /// A JSON decoding failure as a validation error naming the field.
    static func decodingError(_ error: any Error) -> NotificationsError {
        guard let error = error as? DecodingError else {
            return NotificationsError(.invalidRequest, field: "body", rule: "JSON object", "the body is not JSON")
        }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return NotificationsError(
                .invalidRequest, field: parent.isEmpty ? key.stringValue : "\(parent).\(key.stringValue)", rule: "required",
                "a required field is missing")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return NotificationsError(.invalidRequest, field: path(context), rule: "type \(type)", "wrong type")
        case .dataCorrupted(let context):
            return NotificationsError(
                .invalidRequest, field: context.codingPath.isEmpty ? "body" : path(context), rule: "JSON", "unreadable value")
        @unknown default:
            return NotificationsError(.invalidRequest, field: "body", rule: "JSON object", "the body is not valid")
        }
    }
}
