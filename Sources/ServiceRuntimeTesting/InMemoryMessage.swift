public import Messaging

/// A message held by an ``InMemoryBroker`` queue, as tests inspect it.
public struct InMemoryMessage: Sendable, Hashable {
    /// The body.
    public var body: [UInt8]
    /// The basic properties, headers included (after dead-lettering: with `x-death`).
    public var properties: AMQPProperties
    /// The exchange it was last published to (after dead-lettering: the dead-letter exchange).
    public var exchange: String
    /// The routing key it was last published with.
    public var routingKey: String
    /// Whether it was delivered before and returned to the queue.
    public var redelivered: Bool
    /// How many times it returned to the queue (requeued or left unsettled), like a quorum queue's
    /// `x-delivery-count`.
    public var deliveryCount: Int

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - body: The body.
    ///   - properties: The properties.
    ///   - exchange: The exchange it was published to.
    ///   - routingKey: The routing key.
    ///   - redelivered: Whether it was delivered before.
    ///   - deliveryCount: How many times it returned to the queue.
    public init(
        body: [UInt8], properties: AMQPProperties, exchange: String, routingKey: String, redelivered: Bool = false,
        deliveryCount: Int = 0
    ) {
        self.body = body
        self.properties = properties
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.deliveryCount = deliveryCount
    }

    /// The headers (a shortcut for `properties.headers`).
    public var headers: AMQPTable { self.properties.headers }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: self.body, as: UTF8.self) }
}
