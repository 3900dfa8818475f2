public import Foundation
import ServiceRuntime
import Storage

/// The delivery status of a notice, as `GET /notifications` shows it (never the body).
public struct NotificationStatus: Sendable, Codable, Hashable {
    /// Notice id.
    public var id: String
    /// Template name.
    public var template: String
    /// Preference category.
    public var category: String
    /// Whether it is mandatory.
    public var mandatory: Bool
    /// `email` or `inApp`.
    public var channel: String
    /// The address.
    public var recipient: String
    /// `queued`, `sending`, `sent`, `softBounced`, `hardBounced`, `failed` or `suppressed`.
    public var status: String
    /// Send attempts so far.
    public var attempts: Int
    /// The next attempt, while queued or soft-bounced.
    public var nextAttemptAt: Date?
    /// The `Message-ID` the server accepted.
    public var providerMessageId: String?
    /// The last failure.
    public var lastError: String?
    /// Whether the notice fell back to the in-app inbox.
    public var inAppFallback: Bool
    /// The tender, for procurement notices.
    public var tenderId: String?
    /// When it was queued.
    public var createdAt: Date
    /// When the server accepted it.
    public var sentAt: Date?

    static let columns = """
        notification_id::text, template, category, mandatory, channel, recipient_email, status, attempts,
        next_attempt_at, provider_message_id, last_error, in_app_fallback, tender_id::text, created_at, sent_at
        """

    static func decode(_ row: PostgresRow) throws -> NotificationStatus {
        let (id, template, category, mandatory, channel, recipient, status, attempts) =
            try row.decode((String, String, String, Bool, String, String, String, Int32).self)
        let pending = status == "queued" || status == "softBounced"
        return NotificationStatus(
            id: id, template: template, category: category, mandatory: mandatory, channel: channel, recipient: recipient,
            status: status, attempts: Int(attempts), nextAttemptAt: pending ? try row.decode(Date.self, at: 8) : nil,
            providerMessageId: try row.decode(String?.self, at: 9), lastError: try row.decode(String?.self, at: 10),
            inAppFallback: try row.decode(Bool.self, at: 11), tenderId: try row.decode(String?.self, at: 12),
            createdAt: try row.decode(Date.self, at: 13), sentAt: try row.decode(Date?.self, at: 14))
    }

    static func list(tenderID: String?, recipient: String?, in transaction: ServiceTransaction) async throws -> [NotificationStatus] {
        let email = recipient.map(EmailAddress.normalise)
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM notifications
            WHERE (\(tenderID)::uuid IS NULL OR tender_id = \(tenderID)::uuid)
              AND (\(email)::text IS NULL OR recipient_email = \(email))
            ORDER BY created_at DESC LIMIT 500
            """)
        return try rows.map(Self.decode)
    }

    static func find(id: String, in transaction: ServiceTransaction) async throws -> NotificationStatus? {
        let rows = try await transaction.query(
            "SELECT \(unescaped: columns) FROM notifications WHERE notification_id = \(id)::uuid")
        return try rows.first.map(Self.decode)
    }
}
