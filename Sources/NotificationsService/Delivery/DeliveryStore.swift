import Foundation
import Mailer
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// The delivery worker's statements: claim due notices, check optional ones just before sending, record
/// each attempt's outcome (with the events it publishes through the outbox, in the same transaction).
struct DeliveryStore: Sendable {
    let host: ServiceHost

    /// Claims up to `limit` due notices (queued or soft-bounced and due, or left `sending` longer than
    /// `timeout` by a crash), marks them `sending` and commits.
    func claim(limit: Int, timeout: Duration) async throws -> [ClaimedNotice] {
        let timeoutMillis = Int64(timeout.components.seconds * 1000)
        return try await self.host.withTransaction { transaction in
            let rows = try await transaction.query(
                """
                WITH due AS (
                    SELECT notification_id FROM notifications
                    WHERE (status IN ('queued', 'softBounced') AND next_attempt_at <= now())
                       OR (status = 'sending' AND sending_since < now() - \(timeoutMillis) * interval '1 millisecond')
                    ORDER BY next_attempt_at
                    LIMIT \(Int64(limit))
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE notifications n
                SET status = 'sending', sending_since = now(), attempts = n.attempts + 1
                FROM due WHERE n.notification_id = due.notification_id
                RETURNING \(unescaped: ClaimedNotice.columns)
                """)
            return try rows.map(Self.decode)
        }
    }

    /// What to do with an optional notice just before it is sent.
    enum Preparation: Equatable {
        /// Send it, with this unsubscribe token when it came from a subscription.
        case send(token: String?)
        /// Send the confirmation mail of a pending subscription, with this confirmation token in its link.
        case sendConfirmation(token: String)
        /// Do not send: the subscription was cancelled, confirmed or never confirmed, or the address
        /// suppressed, since it was queued.
        case blocked(String)
    }

    /// Checks an optional notice's subscription and address again and issues its one-click token (or, for
    /// the confirmation mail of a pending subscription, its confirmation token, valid for `confirmationTTL`).
    func prepareOptional(_ notice: ClaimedNotice, confirmationTTL: Duration) async throws -> Preparation {
        try await self.host.withTransaction { transaction in
            let suppressed = try await transaction.query("SELECT 1 FROM suppressions WHERE email = \(notice.recipient)")
            if !suppressed.isEmpty {
                return .blocked("address suppressed after a hard bounce")
            }
            guard let subscriptionID = notice.subscriptionID else { return .send(token: nil) }
            let rows = try await transaction.query(
                "SELECT unsubscribed_at, confirmed_at FROM subscriptions WHERE subscription_id = \(subscriptionID)::uuid")
            guard let row = rows.first, try row.decode(Date?.self, at: 0) == nil else {
                return .blocked("unsubscribed")
            }
            let confirmed = try row.decode(Date?.self, at: 1) != nil
            if notice.template == SubscriptionTemplates.confirmationTemplate {
                guard !confirmed else { return .blocked("already confirmed") }
                return .sendConfirmation(
                    token: try await SubscriptionStore.issueConfirmationToken(
                        subscriptionID: subscriptionID, ttl: confirmationTTL, in: transaction))
            }
            // An alert to a subscription whose address was never confirmed (double opt-in) never leaves.
            guard confirmed else { return .blocked("subscription not confirmed") }
            return .send(token: try await SubscriptionStore.issueToken(subscriptionID: subscriptionID, in: transaction))
        }
    }

    /// Marks a claimed notice `suppressed` without sending it.
    func suppress(_ notice: ClaimedNotice, reason: String) async throws {
        _ = try await self.host.withTransaction { transaction in
            try await transaction.execute(
                """
                UPDATE notifications SET status = 'suppressed', last_error = \(reason), sending_since = NULL
                WHERE notification_id = \(notice.id)::uuid
                """)
        }
    }

    /// Marks a notice `sent` and publishes `notice.sent` when the notice asks for it.
    func recordSent(_ notice: ClaimedNotice, at date: Date, providerMessageID: String?) async throws {
        try await self.host.withTransaction { transaction in
            let updated = try await transaction.execute(
                """
                UPDATE notifications
                SET status = 'sent', sent_at = \(date), provider_message_id = \(providerMessageID), sending_since = NULL,
                    last_error = NULL
                WHERE notification_id = \(notice.id)::uuid AND status = 'sending'
                """)
            if updated > 0, notice.reportSent {
                let report = NoticeReports.sent(notice, channel: notice.channel, at: date, providerMessageID: providerMessageID)
                try await transaction.publish(report, aggregate: notice.related.aggregateId)
            }
        }
    }

    /// Records a failed attempt as the ``DeliveryDecision`` says.
    func recordFailure(_ notice: ClaimedNotice, _ decision: DeliveryDecision, at date: Date) async throws {
        try await self.host.withTransaction { transaction in
            switch decision {
            case .sent:
                return
            case .retry(let pause, let diagnostic):
                let millis = Int64(pause.components.seconds * 1000 + pause.components.attoseconds / 1_000_000_000_000_000)
                try await transaction.execute(
                    """
                    UPDATE notifications
                    SET status = 'softBounced', next_attempt_at = now() + \(millis) * interval '1 millisecond',
                        last_error = \(diagnostic), sending_since = NULL
                    WHERE notification_id = \(notice.id)::uuid
                    """)
            case .failed(let diagnostic):
                try await self.close(notice, status: "failed", diagnostic: diagnostic, in: transaction)
                try await transaction.publish(
                    NoticeReports.bounced(notice, type: .soft, diagnostic: diagnostic, at: date),
                    aggregate: notice.related.aggregateId)
                try await self.reportInApp(notice, at: date, in: transaction)
            case .hardBounced(let diagnostic):
                try await self.close(notice, status: "hardBounced", diagnostic: diagnostic, in: transaction)
                try await transaction.execute(
                    """
                    INSERT INTO suppressions (email, reason, notification_id)
                    VALUES (\(notice.recipient), 'hardBounce', \(notice.id)::uuid)
                    ON CONFLICT (email) DO NOTHING
                    """)
                try await transaction.publish(
                    NoticeReports.bounced(notice, type: .hard, diagnostic: diagnostic, at: date),
                    aggregate: notice.related.aggregateId)
                try await self.reportInApp(notice, at: date, in: transaction)
            }
        }
    }

    private func close(
        _ notice: ClaimedNotice, status: String, diagnostic: String, in transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            UPDATE notifications
            SET status = \(status), last_error = \(diagnostic), sending_since = NULL, in_app_fallback = mandatory
            WHERE notification_id = \(notice.id)::uuid
            """)
    }

    /// A mandatory notice that cannot be e-mailed stays in the in-app inbox (its row): a notice that must be
    /// reported is reported as sent in-app.
    private func reportInApp(_ notice: ClaimedNotice, at date: Date, in transaction: ServiceTransaction) async throws {
        guard notice.mandatory, notice.reportSent else { return }
        try await transaction.publish(
            NoticeReports.sent(notice, channel: .inApp, at: date, providerMessageID: nil),
            aggregate: notice.related.aggregateId)
    }

    static func decode(_ row: PostgresRow) throws -> ClaimedNotice {
        let (id, template, category, mandatory, channel, recipient, name, subject, body) =
            try row.decode((String, String, String, Bool, String, String, String?, String, String).self)
        return ClaimedNotice(
            id: id, template: template, category: try Self.stored(NoticeCategory.self, category, column: "category"),
            mandatory: mandatory, channel: try Self.stored(NoticeChannel.self, channel, column: "channel"), recipient: recipient,
            recipientName: name, subject: subject, body: body, attempts: Int(try row.decode(Int32.self, at: 9)),
            reportSent: try row.decode(Bool.self, at: 10),
            related: RelatedTo(
                service: try Self.stored(RelatedTo.Service.self, try row.decode(String.self, at: 11), column: "related_service"), aggregateType: try row.decode(String.self, at: 12),
                aggregateId: try row.decode(String.self, at: 13), reference: try row.decode(String?.self, at: 14)),
            subscriptionID: try row.decode(String?.self, at: 15), sourceEventType: try row.decode(String?.self, at: 16),
            calendar: try Self.calendar(method: try row.decode(String?.self, at: 17), text: try row.decode(String?.self, at: 18)))
    }

    /// The stored iCalendar part of a notice (migration 104), if any.
    static func calendar(method: String?, text: String?) throws -> CalendarPart? {
        guard let method, let text else { return nil }
        return CalendarPart(method: try Self.stored(CalendarPart.Method.self, method, column: "calendar_method"), text: text)
    }

    /// A contract enum read back from a column this service wrote; another value means the row was edited
    /// by hand, which parks the notice rather than guessing.
    static func stored<Value: RawRepresentable<String>>(_ type: Value.Type, _ text: String, column: String) throws -> Value {
        guard let value = Value(rawValue: text) else {
            throw ServiceProblem(.internal, code: "unreadableRow", field: "notifications.\(column)", rule: "contract enum", "unknown value '\(text)'")
        }
        return value
    }
}
