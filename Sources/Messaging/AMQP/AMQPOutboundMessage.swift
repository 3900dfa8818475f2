/// A message to publish.
public struct AMQPOutboundMessage: Sendable, Hashable {
    /// The exchange; `""` is the default exchange, which routes by queue name.
    public var exchange: String
    /// The routing key.
    public var routingKey: String
    /// The body.
    public var body: [UInt8]
    /// The basic properties and headers.
    public var properties: AMQPProperties
    /// Whether an unroutable message is returned (and the publish fails) rather than dropped.
    /// `true` by default: Passerelle never lets a message disappear silently.
    public var mandatory: Bool
    /// Whether the message is sent again after a reconnect when it was in flight (sent but not yet
    /// confirmed) when the connection was lost. `false` by default: such a publish then fails with
    /// ``AMQPError/Code/connectionLost``. With `true` the broker may receive it twice, so consumers must
    /// be idempotent (the inbox absorbs the duplicate).
    public var republishOnRecovery: Bool

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - exchange: The exchange; `""` for the default exchange.
    ///   - routingKey: The routing key.
    ///   - body: The body.
    ///   - properties: Basic properties; persistent by default.
    ///   - mandatory: Fail when no queue receives the message. Default `true`.
    ///   - republishOnRecovery: Re-send after a reconnect if the confirm was lost. Default `false`.
    public init(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = true,
        republishOnRecovery: Bool = false
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
        self.mandatory = mandatory
        self.republishOnRecovery = republishOnRecovery
    }
}

/// Proof that the broker confirmed (`basic.ack`) a published message.
public struct AMQPPublishConfirmation: Sendable, Hashable {
    /// The message id the message was sent with (generated if the caller set none).
    public var messageID: String
    /// The publisher-confirm sequence number on its channel.
    public var sequenceNumber: UInt64
    /// How many times the message was sent; more than 1 after a reconnect with
    /// ``AMQPOutboundMessage/republishOnRecovery``.
    public var attempts: Int
    /// Time from the (last) send to the broker's ack.
    public var latency: Duration

    /// Creates a confirmation (for other transports, e.g. the in-memory one of the test kit).
    ///
    /// - Parameters:
    ///   - messageID: The message id the message was sent with.
    ///   - sequenceNumber: The publisher-confirm sequence number.
    ///   - attempts: How many times the message was sent.
    ///   - latency: Time from the (last) send to the ack.
    public init(messageID: String, sequenceNumber: UInt64, attempts: Int, latency: Duration) {
        self.messageID = messageID
        self.sequenceNumber = sequenceNumber
        self.attempts = attempts
        self.latency = latency
    }
}
