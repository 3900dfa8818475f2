import Foundation
public import Messaging
import ServiceRuntime
import Synchronization

/// A broker in memory with the semantics the service runtime relies on, for fast unit tests of handlers.
///
/// It routes like RabbitMQ (topic, direct and fanout exchanges, the default exchange, alternate exchanges),
/// confirms publishes (failing mandatory messages no queue accepts), delivers with a prefetch, round-robin
/// across a queue's consumers, and settles like a quorum queue: a requeued message comes back first,
/// `redelivered`, with `x-delivery-count`; past the delivery limit, on reject without requeue and when
/// its TTL passes, it is dead-lettered with the `x-death` headers RabbitMQ 3.10 writes.
///
/// Declare the topology by hand (``declareExchange(name:type:alternateExchange:)``,
/// ``declareQueue(name:deadLetterExchange:deadLetterRoutingKey:messageTTL:deliveryLimit:)``,
/// ``bind(queue:exchange:routingKey:)``) or load a derived one with ``init(topology:clock:)``; then give the
/// code under test a ``transport()``.
///
/// Known differences from RabbitMQ: every queue behaves like a quorum queue (delivery count on every
/// return, including returns after a cancel or a connection loss); a message expires when its own TTL
/// passes, even when it is not at the head of the queue; headers exchanges route nothing; dead-letter
/// cycles are not detected; a message dead-lettered to an exchange that routes nowhere is dropped.
public final class InMemoryBroker: Sendable {
    let state: Mutex<BrokerState>
    private let clock: any Clock<Duration>
    private let transports = Atomic<Int>(0)

    /// Creates an empty broker: only the default exchange and `amq.direct`, `amq.topic`, `amq.fanout`.
    ///
    /// - Parameter clock: The clock message TTLs run on.
    public init(clock: any Clock<Duration> = ContinuousClock()) {
        self.clock = clock
        self.state = Mutex(BrokerState(now: { Date() }))
    }

    /// Declares an exchange, or changes the type and alternate exchange of an existing one (keeping its
    /// bindings).
    ///
    /// - Parameters:
    ///   - name: The exchange name.
    ///   - type: `.topic`, `.direct` or `.fanout` (a `.headers` exchange routes nothing).
    ///   - alternateExchange: Where messages go that this exchange routes nowhere.
    public func declareExchange(name: String, type: AMQPExchangeType, alternateExchange: String? = nil) {
        self.state.withLock { state in
            var exchange = state.exchanges[name] ?? StoredExchange(name: name, type: type)
            exchange.type = type
            exchange.alternateExchange = alternateExchange
            state.exchanges[name] = exchange
        }
    }

    /// Declares a queue, or changes the settings of an existing one (keeping its messages).
    ///
    /// - Parameters:
    ///   - name: The queue name.
    ///   - deadLetterExchange: Where rejected, expired and over-limit messages go; without it they are dropped.
    ///   - deadLetterRoutingKey: The key they are republished with; their own key when `nil`.
    ///   - messageTTL: How long a message may wait in the queue before it expires.
    ///   - deliveryLimit: How many returns a message may have; one more dead-letters it.
    public func declareQueue(
        name: String, deadLetterExchange: String? = nil, deadLetterRoutingKey: String? = nil,
        messageTTL: Duration? = nil, deliveryLimit: Int? = nil
    ) {
        let settings = QueueSettings(
            deadLetterExchange: deadLetterExchange, deadLetterRoutingKey: deadLetterRoutingKey,
            messageTTL: messageTTL, deliveryLimit: deliveryLimit)
        self.declareQueue(name: name, settings: settings)
    }

    func declareQueue(name: String, settings: QueueSettings) {
        self.state.withLock { state in
            var queue = state.queues[name] ?? StoredQueue(name: name, settings: settings)
            queue.settings = settings
            state.queues[name] = queue
        }
    }

    /// Binds a queue to an exchange.
    ///
    /// - Parameters:
    ///   - queue: The queue.
    ///   - exchange: The exchange.
    ///   - routingKey: The binding key (`*` and `#` wildcards on a topic exchange).
    /// - Throws: ``AMQPError`` (404 `channelClosed`) when the queue or the exchange does not exist.
    public func bind(queue: String, exchange: String, routingKey: String) throws(AMQPError) {
        try self.state.withLock { state throws(AMQPError) in
            let operation = "queue.bind(\(queue), \(exchange))"
            guard state.queues[queue] != nil else {
                throw BrokerState.notFound("queue", queue, operation: operation, classID: 50, methodID: 20)
            }
            guard state.exchanges[exchange] != nil else {
                throw BrokerState.notFound("exchange", exchange, operation: operation, classID: 50, methodID: 20)
            }
            let binding = StoredExchange.Binding(destination: queue, toExchange: false, routingKey: routingKey)
            if state.exchanges[exchange]?.bindings.contains(binding) == false {
                state.exchanges[exchange]?.bindings.append(binding)
            }
        }
    }

    /// A new connection to this broker.
    ///
    /// - Parameter user: The connection's user, stamped as `user_id` on what it publishes without one.
    public func transport(user: String? = nil) -> InMemoryTransport {
        InMemoryTransport(broker: self, id: self.transports.add(1, ordering: .relaxed).newValue, user: user)
    }

    /// Publishes a message as a test fixture, without fault injection.
    ///
    /// - Parameter message: The message.
    /// - Returns: The confirmation.
    /// - Throws: ``AMQPError`` as a publish through a transport would fail (404, `unroutable`).
    @discardableResult
    public func publish(_ message: AMQPOutboundMessage) throws(AMQPError) -> AMQPPublishConfirmation {
        let start = ContinuousClock.now
        let (result, sequence) = self.mutate { state in
            (state.publish(message), UInt64(state.publishLog.count))
        }
        let stored = try result.get()
        return AMQPPublishConfirmation(
            messageID: stored.properties.messageID ?? "", sequenceNumber: sequence, attempts: 1,
            latency: ContinuousClock.now - start)
    }

    // MARK: Fault injection

    /// Makes the next `count` publishes through a transport fail with `code` (`nacked` by default).
    ///
    /// - Parameters:
    ///   - count: How many publishes fail.
    ///   - code: The error code they fail with.
    public func failNextPublishes(_ count: Int, code: AMQPError.Code = .nacked) {
        self.state.withLock { state in
            state.failNextPublishes = count
            state.failureCode = code
        }
    }

    /// With `false`, every publish through a transport fails with `connectionLost` until set back to `true`.
    ///
    /// - Parameter available: Whether publishing works.
    public func setPublishingAvailable(_ available: Bool) {
        self.state.withLock { $0.publishingAvailable = available }
    }

    /// Simulates a connection loss followed by an immediate recovery: every consumer stream ends with
    /// `connectionLost`, unsettled deliveries return to their queues as redelivered, and settling one of
    /// them afterwards throws `staleDelivery`. Transports stay usable.
    public func dropConnections() {
        self.mutate { state in
            for id in state.consumers.keys.sorted() {
                let queue = state.consumers[id]?.queue ?? ""
                state.removeConsumer(
                    id, error: AMQPError(.connectionLost, operation: "consume(\(queue))"), stale: true)
            }
        }
    }

    // MARK: Internals

    /// Runs `body` under the lock, hands the ready messages to consumers, then performs the effects.
    @discardableResult
    func mutate<Result: Sendable, Failure: Error>(
        _ body: (inout BrokerState) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let (result, effects) = try self.state.withLock { state throws(Failure) in
            let result = try body(&state)
            state.dispatch { tag, queue, message in self.delivery(tag: tag, queue: queue, message: message) }
            return (result, state.takeEffects())
        }
        for effect in effects {
            switch effect {
            case .expire(let queue, let id, let delay):
                self.startExpiry(queue: queue, id: id, after: delay)
            case .finish(let continuation, let error):
                continuation.finish(throwing: error)
            }
        }
        return result
    }

    private func startExpiry(queue: String, id: UInt64, after delay: Duration) {
        let clock = self.clock
        Task { [weak self] in
            try? await clock.sleep(for: delay)
            self?.mutate { state in state.expire(queue: queue, id: id) }
        }
    }

    private func delivery(tag: UInt64, queue: String, message: InMemoryMessage) -> InboundMessage {
        InboundMessage(
            body: message.body, properties: message.properties, exchange: message.exchange,
            routingKey: message.routingKey, redelivered: message.redelivered, queue: queue,
            ack: { [weak self] in try self?.settle(tag, .ack) },
            reject: { [weak self] requeue in try self?.settle(tag, .reject(requeue: requeue)) })
    }

    private func settle(_ tag: UInt64, _ settlement: BrokerState.Settlement) throws(AMQPError) {
        try self.mutate { state throws(AMQPError) in try state.settle(tag, settlement) }
    }
}
