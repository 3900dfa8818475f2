public import Logging
public import Messaging

/// What a handler gets besides its message: the envelope, the transaction to work in, and a logger that
/// already carries the message id, type and correlation id.
public struct HandlerContext: Sendable {
    /// The envelope of the message being handled (id, source, time, subject, correlation, trace context).
    public let event: CloudEvent
    /// The transaction on the service's schema. Its outbox publishes inherit this message's trace
    /// context and correlation id, with this message as their cause.
    public let transaction: ServiceTransaction
    /// How many broker delay levels this message went through before (0 on the first delivery).
    public let attempt: Int
    /// The consumer queue it came from.
    public let queue: String
    /// The logger, with `message.id`, `message.type` and `correlation.id` metadata.
    public let logger: Logger
}
