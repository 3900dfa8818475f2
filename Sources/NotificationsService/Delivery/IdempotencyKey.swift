/// The idempotency key of a notice (domain §6.4): the SHA-256 of `eventId|recipient|channel|template`, with
/// the recipient lower-cased. A unique constraint on it makes a redelivered event queue nothing new.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let value: String

    /// The key of one notice.
    ///
    /// - Parameters:
    ///   - eventID: The id of the event or request that caused the notice.
    ///   - recipient: The address (normalised here).
    ///   - channel: `email` or `inApp`.
    ///   - template: The template name.
    public init(eventID: String, recipient: String, channel: String = "email", template: String) {
        self.value = Hashing.sha256Hex("\(eventID)|\(EmailAddress.normalise(recipient))|\(channel)|\(template)")
    }

    /// The key of a digest: one per recipient, subscription and period (`2026-04-21T08`).
    public static func digest(recipient: String, subscriptionID: String, period: String) -> IdempotencyKey {
        IdempotencyKey(eventID: "digest:\(subscriptionID):\(period)", recipient: recipient, template: "tender-digest")
    }

    /// The hex value.
    public var description: String { self.value }
}
