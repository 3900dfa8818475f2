/// A message delivered to a consumer.
///
/// Settle every delivery exactly once with ``ack(multiple:)``, ``nack(multiple:requeue:)`` or
/// ``reject(requeue:)``. A delivery that is never settled stays unacked (counting against the prefetch)
/// until the consumer or connection closes, and then returns to the queue.
public struct AMQPDelivery: Sendable {
    /// The body.
    public var body: [UInt8]
    /// The basic properties and headers.
    public var properties: AMQPProperties
    /// The exchange the message was published to.
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Whether the broker delivered it before (to this or another consumer) without an ack.
    public var redelivered: Bool
    /// The delivery tag, valid on this consumer's channel until a reconnect.
    public var deliveryTag: UInt64
    /// The consumer's tag.
    public var consumerTag: String

    let generation: Int
    let consumer: ConsumerShared

    init(
        body: [UInt8],
        properties: AMQPProperties,
        exchange: String,
        routingKey: String,
        redelivered: Bool,
        deliveryTag: UInt64,
        consumerTag: String,
        generation: Int,
        consumer: ConsumerShared
    ) {
        self.body = body
        self.properties = properties
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.deliveryTag = deliveryTag
        self.consumerTag = consumerTag
        self.generation = generation
        self.consumer = consumer
    }

    /// The headers (a shortcut for `properties.headers`).
    public var headers: AMQPTable { self.properties.headers }

    /// Acknowledges the delivery: the broker forgets the message.
    ///
    /// The ack is queued for the connection thread and sent at once; this call does not wait for the write.
    ///
    /// - Parameter multiple: Also acknowledge every earlier unsettled delivery of this consumer.
    /// - Throws: ``AMQPError`` with ``AMQPError/Code/staleDelivery`` when the connection or channel was
    ///   re-established since the delivery (the broker has requeued it and will deliver it again), or
    ///   ``AMQPError/Code/closed`` when the consumer is closed.
    public func ack(multiple: Bool = false) throws(AMQPError) {
        try self.settle(.ack(multiple: multiple))
    }

    /// Rejects the delivery (`basic.nack`).
    ///
    /// - Parameters:
    ///   - multiple: Also reject every earlier unsettled delivery of this consumer.
    ///   - requeue: Put the message back in the queue; otherwise it is dead-lettered or dropped.
    /// - Throws: ``AMQPError`` as for ``ack(multiple:)``.
    public func nack(multiple: Bool = false, requeue: Bool) throws(AMQPError) {
        try self.settle(.nack(multiple: multiple, requeue: requeue))
    }

    /// Rejects the delivery (`basic.reject`).
    ///
    /// - Parameter requeue: Put the message back in the queue; otherwise it is dead-lettered or dropped.
    /// - Throws: ``AMQPError`` as for ``ack(multiple:)``.
    public func reject(requeue: Bool) throws(AMQPError) {
        try self.settle(.reject(requeue: requeue))
    }

    /// Acknowledges many deliveries with one hand-over per consumer to its connection thread. Deliveries that
    /// can no longer be settled (stale after a reconnect, or of a closed consumer) are skipped: the broker
    /// delivers them again.
    ///
    /// - Returns: How many were handed over.
    @discardableResult
    public static func ack(all deliveries: [AMQPDelivery]) -> Int {
        var byConsumer: [ObjectIdentifier: [AMQPDelivery]] = [:]
        for delivery in deliveries where !delivery.consumer.isClosed && delivery.consumer.generation == delivery.generation {
            byConsumer[ObjectIdentifier(delivery.consumer), default: []].append(delivery)
        }
        var handed = 0
        for group in byConsumer.values {
            guard let first = group.first else { continue }
            let channel = first.consumer.channel
            let tags = group.map { (generation: $0.generation, tag: $0.deliveryTag) }
            if first.consumer.mailbox.enqueue({ driver in
                for item in tags {
                    driver.settleDelivery(channel: channel, generation: item.generation, deliveryTag: item.tag, .ack(multiple: false))
                }
            }) {
                handed += group.count
            }
        }
        return handed
    }

    private func settle(_ settlement: DeliverySettlement) throws(AMQPError) {
        let operation = "basic.\(settlement.name)(\(self.deliveryTag))"
        guard !self.consumer.isClosed else {
            throw AMQPError(.closed, operation: operation)
        }
        guard self.consumer.generation == self.generation else {
            throw AMQPError(.staleDelivery, operation: operation)
        }
        let channel = self.consumer.channel
        let generation = self.generation
        let tag = self.deliveryTag
        let accepted = self.consumer.mailbox.enqueue { driver in
            driver.settleDelivery(channel: channel, generation: generation, deliveryTag: tag, settlement)
        }
        guard accepted else {
            throw AMQPError(.closed, operation: operation)
        }
    }
}
