public import CommonContracts
import ContractTypes
public import NotificationsContracts
public import ServiceRuntime

/// How a service asks notifications to mail someone: a `notifications.notice.request.v1` published through the
/// service's outbox, in the transaction that decided it. Addresses are deduplicated without regard to case, and empty
/// or missing ones are dropped; with no address left nothing is asked. The request id derives from the template and the
/// cause, so a redelivered message or a retried transaction asks once.
public struct NoticeOutbox: Sendable {
    public let service: RelatedTo.Service
    public let category: NoticeCategory

    public init(service: RelatedTo.Service, category: NoticeCategory) {
        self.service = service
        self.category = category
    }

    public func request(
        _ template: String, mandatory: Bool = false, to addresses: [String?], variables: [String: String?],
        attachments: [ClosedFileReference] = [], calendar: NoticeRequest.CalendarValue? = nil, aggregate: (type: String, id: String),
        cause: String, in transaction: ServiceTransaction
    ) async throws {
        var seen: Set<String> = []
        let recipients = addresses.compactMap { $0 }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
            .map { NoticeRequest.Recipient(email: $0) }
        guard !recipients.isEmpty else { return }
        let request = NoticeRequest(
            requestId: DerivedID.uuid("\(template)|\(cause)"), template: template, category: self.category, mandatory: mandatory,
            channel: .email, recipients: recipients, variables: variables.compactMapValues { $0 }.mapValues { .string($0) },
            attachments: attachments.isEmpty ? nil : attachments,
            relatedTo: RelatedTo(service: self.service, aggregateType: aggregate.type, aggregateId: aggregate.id), calendar: calendar)
        try await transaction.publish(request, aggregate: aggregate.id)
    }
}
