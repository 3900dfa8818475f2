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
