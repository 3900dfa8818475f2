import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts
import ServiceRuntime
import TrainingDomain

/// Asks notifications to mail someone (`notifications.notice.request.v1`, notifications' `training-*` templates),
/// with the iCalendar invitation or cancellation as a `text/calendar` part. The request id derives from the cause, so a
/// redelivered message or a retried transaction asks once.
enum TrainingNotices {
    static func request(
        _ template: String, mandatory: Bool = false, to addresses: [String?], variables: [String: String?],
        calendar: CalendarInvitation? = nil, aggregate: (type: String, id: String), cause: String, in transaction: ServiceTransaction
    ) async throws {
        var seen: Set<String> = []
        let recipients = addresses.compactMap { $0 }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
            .map { NoticeRequest.Recipient(email: $0) }
        guard !recipients.isEmpty else { return }
        let request = NoticeRequest(
            requestId: DerivedID.uuid("\(template)|\(cause)"), template: template, category: .training, mandatory: mandatory,
            channel: .email, recipients: recipients, variables: variables.compactMapValues { $0 }.mapValues { .string($0) },
            relatedTo: RelatedTo(service: .training, aggregateType: aggregate.type, aggregateId: aggregate.id),
            calendar: calendar.map { NoticeRequest.CalendarValue(method: $0.method == .request ? .request : .cancel, content: $0.render()) })
        try await transaction.publish(request, aggregate: aggregate.id)
    }
}
