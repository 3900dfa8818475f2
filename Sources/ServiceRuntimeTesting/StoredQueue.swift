import Messaging

/// The settings that make a queue dead-letter, expire and limit deliveries (from its arguments or policy).
struct QueueSettings: Sendable, Hashable {
    var deadLetterExchange: String?
    var deadLetterRoutingKey: String?
    var messageTTL: Duration?
    var deliveryLimit: Int?
}

/// One message waiting in (or delivered from) a queue.
struct QueuedMessage: Sendable {
    /// Unique within the broker; the expiry timer finds the message by it.
    var id: UInt64
    var message: InMemoryMessage
    /// Its TTL passed while it was delivered: it expires when it returns to the queue.
    var expired = false
}

/// A queue of the in-memory broker: ready messages in order and the consumers, served round-robin.
struct StoredQueue: Sendable {
    var name: String
    var settings: QueueSettings
    var ready: [QueuedMessage] = []
    /// Consumer ids, in the order they subscribed.
    var consumers: [Int] = []
    /// Where the next round-robin search starts.
    var nextConsumer = 0

    /// The TTL of a message entering this queue: the lower of the queue's `message-ttl` and the message's
    /// `expiration`, as RabbitMQ applies them.
    func timeToLive(of message: InMemoryMessage) -> Duration? {
        let perMessage = message.properties.expiration.flatMap { Int($0) }.map { Duration.milliseconds($0) }
        switch (self.settings.messageTTL, perMessage) {
        case (let queue?, let message?): return min(queue, message)
        case (let queue?, nil): return queue
        case (nil, let message?): return message
        case (nil, nil): return nil
        }
    }
}
