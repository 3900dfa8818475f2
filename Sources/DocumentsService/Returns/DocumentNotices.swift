import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts
import ServiceRuntime

/// Asks notifications to mail the authority (`notifications.notice.request.v1`); the template names are
/// notifications' `documents-*` templates. The request id derives from the cause, so a redelivery asks once.
enum DocumentNotices {
    static func request(
        _ template: String, mandatory: Bool, to addresses: [String], variables: [String: String], aggregate: (type: String, id: String),
        cause: String, attachments: [FileStore.Stored] = [], in transaction: ServiceTransaction
    ) async throws {
        var seen: Set<String> = []
        let recipients = addresses.filter { seen.insert($0.lowercased()).inserted }.map { NoticeRequest.Recipient(email: $0) }
        guard !recipients.isEmpty else { return }
        let request = NoticeRequest(
            requestId: DerivedID.uuid("\(template)|\(cause)"), template: template, category: .documentsNotices, mandatory: mandatory,
            channel: .email, recipients: recipients, variables: variables.mapValues { .string($0) },
            attachments: attachments.isEmpty ? nil : attachments.map(\.closedReference),
            relatedTo: RelatedTo(service: .documents, aggregateType: aggregate.type, aggregateId: aggregate.id))
        try await transaction.publish(request, aggregate: aggregate.id)
    }
}

/// A UUID (version 8 layout) derived from a text with SHA-256: the same cause gives the same id.
enum DerivedID {
    static func uuid(_ text: String) -> String {
        var bytes = Array(FileStore.digest(Data(text.utf8)).utf8.prefix(32))
        bytes = stride(from: 0, to: 32, by: 2).map { UInt8(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
