import Messaging

extension BrokerState {
    /// How a consumer settles a delivery.
    enum Settlement: Sendable {
        case ack
        case reject(requeue: Bool)

        var name: String {
            switch self {
            case .ack: return "ack"
            case .reject: return "reject"
            }
        }
    }

    /// Settles a delivery.
    ///
    /// - Throws: ``AMQPError``: `staleDelivery` after a connection loss, `closed` after the consumer was
    ///   cancelled or its transport closed, and 406 `PRECONDITION_FAILED - unknown delivery tag` for a
    ///   delivery settled twice (RabbitMQ would also close the channel; the in-memory broker does not).
    mutating func settle(_ tag: UInt64, _ settlement: Settlement) throws(AMQPError) {
        let operation = "basic.\(settlement.name)(\(tag))"
        guard let delivery = self.unsettled.removeValue(forKey: tag) else {
            if self.staleTags.contains(tag) {
                throw AMQPError(.staleDelivery, operation: operation)
            }
            if self.closedTags.contains(tag) {
                throw AMQPError(.closed, operation: operation)
            }
            let reply = AMQPError.ServerReply(
                code: 406, text: "PRECONDITION_FAILED - unknown delivery tag \(tag)", classID: 60, methodID: 90)
            throw AMQPError(.channelClosed, operation: operation, serverReply: reply)
        }
        self.consumers[delivery.consumer]?.unsettled.remove(tag)
        switch settlement {
        case .ack:
            break
        case .reject(requeue: true):
            self.requeue([delivery])
        case .reject(requeue: false):
            self.deadLetter(delivery.message, from: delivery.queue, reason: "rejected")
        }
    }

    /// Returns deliveries to the head of their queues, in their original order, as a quorum queue does: each
    /// is marked redelivered and its delivery count (header `x-delivery-count`) goes up. One whose count
    /// now exceeds the queue's delivery limit is dead-lettered (`delivery_limit`); one whose TTL passed while
    /// it was out is dead-lettered (`expired`).
    mutating func requeue(_ deliveries: [Unsettled]) {
        for delivery in deliveries.sorted(by: { $0.message.id > $1.message.id }) {
            guard var queue = self.queues[delivery.queue] else {
                continue
            }
            var message = delivery.message
            message.message.redelivered = true
            message.message.deliveryCount += 1
            message.message.properties.headers["x-delivery-count"] = .int64(Int64(message.message.deliveryCount))
            if message.expired {
                self.deadLetter(message, from: delivery.queue, reason: "expired")
            } else if let limit = queue.settings.deliveryLimit, message.message.deliveryCount > limit {
                self.deadLetter(message, from: delivery.queue, reason: "delivery_limit")
            } else {
                queue.ready.insert(message, at: 0)
                self.queues[delivery.queue] = queue
            }
        }
    }

    /// The expiry timer of message `id` fired: a ready message is dead-lettered (`expired`); a delivered one
    /// expires when it returns to the queue.
    mutating func expire(queue name: String, id: UInt64) {
        if let index = self.queues[name]?.ready.firstIndex(where: { $0.id == id }),
            let message = self.queues[name]?.ready.remove(at: index)
        {
            self.deadLetter(message, from: name, reason: "expired")
        } else if let tag = self.unsettled.first(where: { $0.value.queue == name && $0.value.message.id == id })?.key {
            self.unsettled[tag]?.message.expired = true
        }
    }

    /// Republishes a message to its queue's dead-letter exchange, with the dead-letter routing key if set,
    /// else its own, and records the death in its headers. Without a dead-letter exchange (or when it routes
    /// nowhere) the message is dropped.
    mutating func deadLetter(_ queued: QueuedMessage, from name: String, reason: String) {
        guard let exchange = self.queues[name]?.settings.deadLetterExchange else {
            return
        }
        let original = queued.message
        let routingKey = self.queues[name]?.settings.deadLetterRoutingKey ?? original.routingKey
        var properties = original.properties
        properties.headers = DeadLetterHeaders.record(
            in: properties.headers, reason: reason, queue: name, exchange: original.exchange,
            routingKey: original.routingKey, originalExpiration: properties.expiration, time: self.now())
        properties.expiration = nil
        let message = InMemoryMessage(
            body: original.body, properties: properties, exchange: exchange, routingKey: routingKey)
        for queue in self.route(exchange: exchange, routingKey: routingKey) ?? [] {
            self.enqueue(message, into: queue)
        }
    }
}
