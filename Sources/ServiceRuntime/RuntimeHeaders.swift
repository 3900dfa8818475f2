/// The AMQP headers the runtime reads and writes, besides the CloudEvents ones.
public enum RuntimeHeaders {
    /// How many times the message went through a broker delay level (int32; absent means 0). Counted by
    /// the runtime, never inferred from `redelivered`.
    public static let attempt = "x-passerelle-attempt"
    /// The last error, as text (truncated to ``maxErrorLength``).
    public static let error = "x-passerelle-error"
    /// Why the message was parked: `failed`, `invalid` or `delivery-limit`.
    public static let reason = "x-passerelle-reason"
    /// The exchange the message was first published to.
    public static let originalExchange = "x-passerelle-original-exchange"
    /// The routing key the message was first published with.
    public static let originalRoutingKey = "x-passerelle-original-routing-key"
    /// The consumer queue the message failed in.
    public static let consumerQueue = "x-passerelle-consumer-queue"
    /// When it was parked (RFC 3339).
    public static let parkedAt = "x-passerelle-parked-at"
    /// The `parked_messages.id` of the parked copy (a UUID).
    public static let parkedID = "x-passerelle-parked-id"
    /// On a replayed message: the parked id it was replayed from.
    public static let replayedFrom = "x-passerelle-replayed-from"

    /// Every diagnostic header that a replay removes before publishing again.
    public static let diagnostics: [String] = [attempt, error, reason, consumerQueue, parkedAt, parkedID]

    /// The longest error text put in a header; the full text goes to `parked_messages.error`.
    public static let maxErrorLength = 1024
}
