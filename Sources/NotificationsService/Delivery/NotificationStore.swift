import Foundation
import Mailer
import NotificationsContracts
import ServiceRuntime
import Storage

/// The statements on `notifications` that handlers run in their own transaction.
enum NotificationStore {
    /// What queueing a notice did.
    enum Queued: Equatable {
        /// A new notice waits for the delivery worker.
        case queued(id: String)
        /// Recorded but not e-mailed: an optional notice to a suppressed address, or a mandatory one that
        /// falls back to the in-app inbox.
        case suppressed(id: String, inApp: Bool)
        /// The same event already queued this notice (idempotency key): nothing new.
        case duplicate

        var isSuppressed: Bool {
            if case .suppressed = self { return true }
            return false
        }
    }

    /// Queues a notice once per idempotency key (`ON CONFLICT DO NOTHING` in the caller's transaction), and
    /// rings the delivery worker after the commit.
    @discardableResult
    static func queue(_ draft: NoticeDraft, in transaction: ServiceTransaction) async throws -> Queued {
        let email = EmailAddress.normalise(draft.recipient)
        let suppressedRows = try await transaction.query("SELECT 1 FROM suppressions WHERE email = \(email)")
        let suppressed = !suppressedRows.isEmpty
        let status = suppressed ? "suppressed" : "queued"
        let inApp = suppressed && draft.notice.mandatory
        let id = UUID().uuidString.lowercased()
        let rows = try await transaction.query(
            """
            INSERT INTO notifications (
                notification_id, idempotency_key, template, category, mandatory, channel, recipient_email,
                recipient_name, subject, body, status, in_app_fallback, report_sent, related_service, related_type,
                related_id, related_reference, tender_id, subscription_id, source_event_id, source_event_type,
                next_attempt_at, last_error, calendar_method, calendar_text)
            VALUES (
                \(id)::uuid, \(draft.idempotencyKey.value), \(draft.notice.template), \(draft.notice.category.rawValue),
                \(draft.notice.mandatory), \(draft.channel.rawValue), \(email), \(draft.recipientName), \(draft.notice.subject),
                \(draft.notice.body), \(status), \(inApp), \(draft.reportSent), \(draft.related.service.rawValue),
                \(draft.related.aggregateType), \(draft.related.aggregateId), \(draft.related.reference),
                \(draft.tenderID)::uuid, \(draft.subscriptionID)::uuid, \(draft.sourceEventID), \(draft.sourceEventType),
                coalesce(\(draft.notBefore), now()), \(suppressed ? "address suppressed after a hard bounce" : nil),
                \(draft.calendar?.method.rawValue), \(draft.calendar?.text))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING notification_id
            """)
        guard !rows.isEmpty else { return .duplicate }
        if suppressed {
            if inApp, draft.reportSent {
                let report = NoticeReports.sent(
                    id: id, template: draft.notice.template, category: draft.notice.category, mandatory: true,
                    channel: .inApp, triggerType: draft.sourceEventType, related: draft.related, recipient: email,
                    at: Date(), providerMessageID: nil)
                try await transaction.publish(report, aggregate: draft.related.aggregateId)
            }
            return .suppressed(id: id, inApp: inApp)
        }
        try await transaction.execute("SELECT pg_notify(\(NotificationsSchema.wakeChannel), '')")
        return .queued(id: id)
    }

    /// What the notices say about a tender, if its publication was seen.
    static func tenderLabel(_ tenderID: String, in transaction: ServiceTransaction) async throws -> TenderLabel? {
        let rows = try await transaction.query(
            "SELECT reference, title, buyer_name, page_url FROM tenders WHERE tender_id = \(tenderID)::uuid")
        guard let row = rows.first else { return nil }
        let (reference, title, buyer, url) = try row.decode((String, String, String, String).self)
        return TenderLabel(reference: reference, title: title, buyerName: buyer, pageURL: url)
    }

    /// The buyer's SIRET of a tender, if its publication was seen (since migration 103).
    static func buyerSiret(_ tenderID: String, in transaction: ServiceTransaction) async throws -> String? {
        let rows = try await transaction.query("SELECT buyer_siret FROM tenders WHERE tender_id = \(tenderID)::uuid")
        return try rows.first?.decode(String?.self, at: 0)
    }
}
