import Foundation
import NotificationsContracts
import ProcurementContracts

/// Builds the events that report a notice's fate, complete and valid against the contracts.
enum NoticeReports {
    static func sent(
        id: String, template: String, category: NoticeCategory, mandatory: Bool, channel: NoticeChannel, triggerType: String?,
        related: RelatedTo, recipient: String, at date: Date, providerMessageID: String?
    ) -> NoticeSent {
        NoticeSent(
            noticeId: id, template: template, category: category, mandatory: mandatory, channel: channel,
            triggerType: triggerType, relatedTo: related, recipientRef: EmailAddress.reference(recipient),
            sentAt: date, providerMessageId: providerMessageID.map { String($0.prefix(255)) })
    }

    static func sent(_ notice: ClaimedNotice, channel: NoticeChannel, at date: Date, providerMessageID: String?) -> NoticeSent {
        self.sent(
            id: notice.id, template: notice.template, category: notice.category, mandatory: notice.mandatory,
            channel: channel, triggerType: notice.sourceEventType, related: notice.related, recipient: notice.recipient,
            at: date, providerMessageID: providerMessageID)
    }

    static func bounced(
        _ notice: ClaimedNotice, type: NoticeBounced.BounceType, diagnostic: String, at date: Date
    ) -> NoticeBounced {
        let fallback: NoticeBounced.Fallback = notice.mandatory ? .inApp : (type == .hard ? .suppressed : NoticeBounced.Fallback.none)
        return NoticeBounced(
            noticeId: notice.id, template: notice.template, category: notice.category, mandatory: notice.mandatory,
            channel: notice.channel, triggerType: notice.sourceEventType, relatedTo: notice.related,
            recipientRef: EmailAddress.reference(notice.recipient), bouncedAt: date, bounceType: type,
            diagnostic: diagnostic.isEmpty ? nil : String(diagnostic.prefix(1000)), fallback: fallback)
    }
}
