public import Identity
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
    /// The broker user that published the message, as RabbitMQ validated it (the AMQP `user_id`, carried
    /// across the runtime's own retry hops); `nil` when the publisher did not set it. Never the body's word.
    public let sender: String?
    /// The person a command was made for, from the verified token in ``ActorToken/header``; `nil` when the
    /// message carries none. Set by the runtime before the handler runs (a token that does not verify
    /// refuses the message instead).
    public internal(set) var actor: Caller?
    /// Whether the sender is one of the hub's operators (their commands without a token act with operator
    /// authority).
    public internal(set) var senderIsOperator = false

    let actorToken: String?
    /// Why the sender or the actor token was refused, found before the middleware chain.
    var identityRefusal: ServiceProblem?

    init(
        event: CloudEvent, transaction: ServiceTransaction, attempt: Int, queue: String, logger: Logger, sender: String?,
        actorToken: String?
    ) {
        self.event = event
        self.transaction = transaction
        self.attempt = attempt
        self.queue = queue
        self.logger = logger
        self.sender = sender
        self.actorToken = actorToken
    }
}
