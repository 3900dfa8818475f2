public import ContractMessaging
import Foundation

/// What a notice is about (`relatedTo` of the notice messages).
public struct RelatedTo: Codable, Sendable, Hashable {
    /// Service that caused the notice.
    public var service: String
    /// Kind of object (`tender`, `act`…).
    public var aggregateType: String
    /// Id of the object.
    public var aggregateId: String
    /// The requester's own reference (a rejection letter id).
    public var reference: String?

    /// Creates a reference.
    public init(service: String, aggregateType: String, aggregateId: String, reference: String? = nil) {
        self.service = service
        self.aggregateType = aggregateType
        self.aggregateId = aggregateId
        self.reference = reference
    }
}

/// `notifications.notice.sent.v1`: a notice left Passerelle (the server accepted it, or it went in-app).
public struct NoticeSent: ContractMessage, Equatable {
    /// The contract message type.
    public static let messageType = "notifications.notice.sent.v1"

    /// Notice id.
    public var noticeId: String
    /// Template name.
    public var template: String
    /// Preference category.
    public var category: String
    /// Whether it was mandatory.
    public var mandatory: Bool
    /// `email` or `inApp`.
    public var channel: String
    /// Type of the message that caused it.
    public var triggerType: String?
    /// What it is about.
    public var relatedTo: RelatedTo
    /// `sha256:` + hash of the address.
    public var recipientRef: String
    /// When the server accepted it, RFC 3339 with milliseconds.
    public var sentAt: String
    /// The message id the server accepted.
    public var providerMessageId: String?
}

/// `notifications.notice.bounced.v1`: a notice hard-bounced, or soft-bounced until its retries ran out.
public struct NoticeBounced: ContractMessage, Equatable {
    /// The contract message type.
    public static let messageType = "notifications.notice.bounced.v1"

    /// Notice id.
    public var noticeId: String
    /// Template name.
    public var template: String
    /// Preference category.
    public var category: String
    /// Whether it was mandatory.
    public var mandatory: Bool
    /// `email` or `inApp`.
    public var channel: String
    /// Type of the message that caused it.
    public var triggerType: String?
    /// What it is about.
    public var relatedTo: RelatedTo
    /// `sha256:` + hash of the address.
    public var recipientRef: String
    /// When the bounce was seen, RFC 3339 with milliseconds.
    public var bouncedAt: String
    /// `soft`, `hard` or `complaint`.
    public var bounceType: String
    /// The server's diagnostic.
    public var diagnostic: String?
    /// `retry`, `inApp`, `suppressed` or `none`.
    public var fallback: String
}

/// RFC 3339 instants with milliseconds in UTC, as the notice events carry them.
enum Instant {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
