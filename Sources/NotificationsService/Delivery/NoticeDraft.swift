import Foundation
import Mailer
import NotificationsContracts
import ProcurementContracts

/// A notice to queue: what it says, to whom, what caused it and what it is about.
struct NoticeDraft: Sendable {
    var notice: RenderedNotice
    var recipient: String
    var recipientName: String?
    var related: RelatedTo
    var tenderID: String?
    var subscriptionID: String?
    var sourceEventID: String
    var sourceEventType: String?
    /// Publish `notifications.notice.sent.v1` once it is sent (rejection letters: procurement starts the
    /// standstill at that time).
    var reportSent = false
    var notBefore: Date?
    var channel = NoticeChannel.email
    /// The iCalendar invitation mailed with the notice (a notice request's `calendar`), stored with the row.
    var calendar: CalendarPart?

    var idempotencyKey: IdempotencyKey {
        IdempotencyKey(eventID: self.sourceEventID, recipient: self.recipient, channel: self.channel.rawValue, template: self.notice.template)
    }
}

/// A notice the delivery worker claimed (status `sending`).
struct ClaimedNotice: Sendable {
    var id: String
    var template: String
    var category: NoticeCategory
    var mandatory: Bool
    var channel: NoticeChannel
    var recipient: String
    var recipientName: String?
    var subject: String
    var body: String
    var attempts: Int
    var reportSent: Bool
    var related: RelatedTo
    var subscriptionID: String?
    var sourceEventType: String?
    var calendar: CalendarPart?

    static let columns = """
        n.notification_id::text, n.template, n.category, n.mandatory, n.channel, n.recipient_email, n.recipient_name,
        n.subject, n.body, n.attempts, n.report_sent, n.related_service, n.related_type, n.related_id,
        n.related_reference, n.subscription_id::text, n.source_event_type, n.calendar_method, n.calendar_text
        """
}
