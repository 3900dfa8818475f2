import ContractMessaging
import Foundation
import Hummingbird
import NIOCore

/// JSON answers of the procurement listener; errors name the code, the rule and the field. Instants are
/// written as in the contracts (`2026-04-02T10:00:00.000Z`).
enum HTTPReply {
    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = ContractCoding.makeEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func refusal(_ refusal: ProcurementRefusal) -> Response {
        let status: HTTPResponse.Status =
            switch refusal.code {
            case "tenderNotFound", "fileNotFound": .notFound
            case "bidIdReused": .conflict
            case "bidTooLarge": .contentTooLarge
            case "invalidTransition", "tenderClosed": .conflict
            default: .badRequest
            }
        return self.json(
            ["error": ["code": refusal.code, "rule": refusal.rule, "field": refusal.field ?? "", "message": refusal.message]],
            status: status)
    }

    static func bytes(_ data: Data, contentType: String, fileName: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// A query parameter, `nil` when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = self.uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value).removingPercentEncoding ?? String(value)
    }
}
