import Foundation
import Messaging
import ServiceRuntime

/// The in-memory broker's state machine: exchanges, queues, consumers and unsettled deliveries. No I/O and
/// no locking; ``InMemoryBroker`` holds it in a `Mutex`, performs the ``Effect``s it returns (timers and
/// stream endings, which must not run under the lock) and hands deliveries to the consumers' streams.
struct BrokerState: Sendable {
    /// Work for the broker to do once the lock is released.
    enum Effect: Sendable {
        /// Expire message `id` in `queue` after `delay`.
        case expire(queue: String, id: UInt64, after: Duration)
        /// End a consumer's stream, normally or with an error.
        case finish(AsyncThrowingStream<[InboundMessage], any Error>.Continuation, AMQPError?)
    }

    /// One consumer's bookkeeping.
    struct Consumer: Sendable {
        var queue: String
        var prefetch: Int
        var transport: Int
        var unsettled: Set<UInt64> = []
        var continuation: AsyncThrowingStream<[InboundMessage], any Error>.Continuation
    }

    /// A delivery handed to a consumer and not yet settled.
    struct Unsettled: Sendable {
        var queue: String
        var consumer: Int
        var message: QueuedMessage
    }

    var exchanges: [String: StoredExchange] = [:]
    var queues: [String: StoredQueue] = [:]
    var consumers: [Int: Consumer] = [:]
    var unsettled: [UInt64: Unsettled] = [:]
    /// Tags requeued by a connection loss: settling one throws `staleDelivery`.
    var staleTags: Set<UInt64> = []
    /// Tags requeued by a consumer cancel or a transport close: settling one throws `closed`.
    var closedTags: Set<UInt64> = []
    var publishLog: [AMQPOutboundMessage] = []
    var failNextPublishes = 0
    var failureCode: AMQPError.Code = .nacked
    var publishingAvailable = true
    var effects: [Effect] = []
    var now: @Sendable () -> Date

    private var nextMessageID: UInt64 = 1
    private var nextTag: UInt64 = 1
    private var nextConsumerID = 1

    init(now: @escaping @Sendable () -> Date) {
        self.now = now
        for type in [AMQPExchangeType.direct, .topic, .fanout] {
            let name = "amq.\(type.rawValue)"
            self.exchanges[name] = StoredExchange(name: name, type: type)
        }
    }

    /// Removes and returns the pending effects.
    mutating func takeEffects() -> [Effect] {
        defer { self.effects = [] }
        return self.effects
    }

    // MARK: Publishing

    /// The queues a message reaches, deduplicated, or `nil` when the exchange does not exist. The default
    /// exchange `""` routes by queue name; an exchange that routes nowhere hands over to its alternate
    /// exchange; exchange-to-exchange bindings are followed.
    func route(exchange: String, routingKey: String) -> [String]? {
        if exchange.isEmpty {
            return self.queues[routingKey] == nil ? [] : [routingKey]
        }
        guard self.exchanges[exchange] != nil else {
            return nil
        }
        var visited: Set<String> = []
        var queues: [String] = []
        self.route(through: exchange, routingKey: routingKey, visited: &visited, into: &queues)
        return queues
    }

    private func route(through name: String, routingKey: String, visited: inout Set<String>, into queues: inout [String]) {
        guard visited.insert(name).inserted, let exchange = self.exchanges[name] else {
            return
        }
        let before = queues.count
        for binding in exchange.matches(routingKey) {
            if binding.toExchange {
                self.route(through: binding.destination, routingKey: routingKey, visited: &visited, into: &queues)
            } else if self.queues[binding.destination] != nil, !queues.contains(binding.destination) {
                queues.append(binding.destination)
            }
        }
        if queues.count == before, let alternate = exchange.alternateExchange {
            self.route(through: alternate, routingKey: routingKey, visited: &visited, into: &queues)
        }
    }

    /// Routes and stores a message as the broker does on `basic.publish` in confirm mode.
    ///
    /// - Returns: The message as stored (with its message id), or why the broker refused it: 404 for an
    ///   unknown exchange, `unroutable` (312 NO_ROUTE) for a mandatory message no queue accepted.
    mutating func publish(_ outbound: AMQPOutboundMessage) -> Result<AMQPOutboundMessage, AMQPError> {
        var outbound = outbound
        let operation = "basic.publish(\(outbound.exchange), \(outbound.routingKey))"
        guard let queues = self.route(exchange: outbound.exchange, routingKey: outbound.routingKey) else {
            let reply = AMQPError.ServerReply(
                code: 404, text: "NOT_FOUND - no exchange '\(outbound.exchange)' in vhost '/'", classID: 60,
                methodID: 40)
            return .failure(AMQPError(.channelClosed, operation: operation, serverReply: reply))
        }
        if queues.isEmpty && outbound.mandatory {
            let reply = AMQPError.ServerReply(code: 312, text: "NO_ROUTE", classID: 60, methodID: 40)
            return .failure(AMQPError(.unroutable, operation: operation, serverReply: reply))
        }
        if outbound.properties.messageID == nil {
            outbound.properties.messageID = UUID().uuidString.lowercased()
        }
        let message = InMemoryMessage(
            body: outbound.body, properties: outbound.properties, exchange: outbound.exchange,
            routingKey: outbound.routingKey)
        for queue in queues {
            self.enqueue(message, into: queue)
        }
        self.publishLog.append(outbound)
        return .success(outbound)
    }

    /// Appends a message to a queue and starts its expiry timer if it has a TTL there.
    mutating func enqueue(_ message: InMemoryMessage, into name: String) {
        guard var queue = self.queues[name] else {
            return
        }
        let id = self.nextMessageID
        self.nextMessageID += 1
        queue.ready.append(QueuedMessage(id: id, message: message))
        if let ttl = queue.timeToLive(of: message) {
            self.effects.append(.expire(queue: name, id: id, after: ttl))
        }
        self.queues[name] = queue
    }

    // MARK: Consumers

    /// Registers a consumer; ``dispatch(_:)`` then hands it messages.
    mutating func addConsumer(
        queue: String, prefetch: Int, transport: Int,
        continuation: AsyncThrowingStream<[InboundMessage], any Error>.Continuation
    ) throws(AMQPError) -> Int {
        guard self.queues[queue] != nil else {
            throw Self.notFound("queue", queue, operation: "basic.consume(\(queue))", classID: 60, methodID: 20)
        }
        let id = self.nextConsumerID
        self.nextConsumerID += 1
        self.consumers[id] = Consumer(queue: queue, prefetch: prefetch, transport: transport, continuation: continuation)
        self.queues[queue]?.consumers.append(id)
        return id
    }

    /// Removes a consumer: its unsettled deliveries return to the queue as redelivered and its stream ends.
    ///
    /// - Parameters:
    ///   - id: The consumer.
    ///   - error: Ends the stream with this error (`nil`: normally).
    ///   - stale: Settling a returned delivery later throws `staleDelivery` (a connection loss) rather than
    ///     `closed`.
    mutating func removeConsumer(_ id: Int, error: AMQPError?, stale: Bool) {
        guard let consumer = self.consumers.removeValue(forKey: id) else {
            return
        }
        self.queues[consumer.queue]?.consumers.removeAll { $0 == id }
        let tags = consumer.unsettled.sorted()
        if stale {
            self.staleTags.formUnion(tags)
        } else {
            self.closedTags.formUnion(tags)
        }
        self.requeue(tags.compactMap { self.unsettled.removeValue(forKey: $0) })
        self.effects.append(.finish(consumer.continuation, error))
    }

    /// Hands ready messages to consumers with room under their prefetch, round-robin per queue, one batch per
    /// consumer, and yields the batches to the consumers' streams.
    ///
    /// - Parameter makeDelivery: Builds the delivery for a tag (its settle closures call back the broker).
    mutating func dispatch(_ makeDelivery: (UInt64, String, InMemoryMessage) -> InboundMessage) {
        for name in self.queues.keys.sorted() {
            guard var queue = self.queues[name], !queue.ready.isEmpty, !queue.consumers.isEmpty else {
                continue
            }
            var batches: [Int: [InboundMessage]] = [:]
            var order: [Int] = []
            while !queue.ready.isEmpty, let consumer = self.nextConsumer(in: &queue) {
                let message = queue.ready.removeFirst()
                let tag = self.nextTag
                self.nextTag += 1
                self.unsettled[tag] = Unsettled(queue: name, consumer: consumer, message: message)
                self.consumers[consumer]?.unsettled.insert(tag)
                if batches[consumer] == nil {
                    order.append(consumer)
                }
                batches[consumer, default: []].append(makeDelivery(tag, name, message.message))
            }
            self.queues[name] = queue
            for consumer in order {
                // Yielding under the caller's lock keeps each consumer's deliveries in queue order; `yield`
                // never runs the stream's termination handler.
                self.consumers[consumer]?.continuation.yield(batches[consumer] ?? [])
            }
        }
    }

    /// The next consumer of `queue` in round-robin order that has room under its prefetch.
    private func nextConsumer(in queue: inout StoredQueue) -> Int? {
        let count = queue.consumers.count
        for offset in 0..<count {
            let index = (queue.nextConsumer + offset) % count
            let id = queue.consumers[index]
            if let consumer = self.consumers[id], consumer.unsettled.count < consumer.prefetch {
                queue.nextConsumer = (index + 1) % count
                return id
            }
        }
        return nil
    }

    /// A 404 `channelClosed` error, as RabbitMQ closes the channel for a missing queue or exchange.
    static func notFound(_ kind: String, _ name: String, operation: String, classID: Int, methodID: Int) -> AMQPError {
        let reply = AMQPError.ServerReply(
            code: 404, text: "NOT_FOUND - no \(kind) '\(name)' in vhost '/'", classID: classID, methodID: methodID)
        return AMQPError(.channelClosed, operation: operation, serverReply: reply)
    }
}
