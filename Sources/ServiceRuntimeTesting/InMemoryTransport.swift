public import Messaging
public import ServiceRuntime
import Synchronization

/// A connection to an ``InMemoryBroker``, with the semantics of ``AMQPRuntimeTransport``: confirmed
/// mandatory publishes, consumers with a prefetch, passive checks.
///
/// After ``close()`` publishes fail and ``consume(queue:prefetch:)`` throws, both with `closed`; the
/// consumers' streams end and their unsettled deliveries return to the queues.
public final class InMemoryTransport: RuntimeTransport {
    private struct State {
        var sequence: UInt64 = 0
        var closed = false
    }

    /// The broker this transport is connected to.
    public let broker: InMemoryBroker
    private let id: Int
    /// Stamped as `user_id` on messages published without one, as RabbitMQ's validated user-id would be.
    private let user: String?
    private let state = Mutex(State())

    init(broker: InMemoryBroker, id: Int, user: String?) {
        self.broker = broker
        self.id = id
        self.user = user
    }

    /// Publishes in order; each result is the broker's confirm, or why it did not take the message
    /// (injected faults first: see ``InMemoryBroker/failNextPublishes(_:code:)`` and
    /// ``InMemoryBroker/setPublishingAvailable(_:)``).
    public func publish(_ messages: [AMQPOutboundMessage]) async -> [Result<AMQPPublishConfirmation, AMQPError>] {
        messages.map { self.publish($0) }
    }

    private func publish(_ message: AMQPOutboundMessage) -> Result<AMQPPublishConfirmation, AMQPError> {
        var message = message
        if message.properties.userID == nil { message.properties.userID = self.user }
        let start = ContinuousClock.now
        let operation = "basic.publish(\(message.exchange), \(message.routingKey))"
        guard let sequence = self.state.withLock({ state -> UInt64? in
            guard !state.closed else { return nil }
            state.sequence += 1
            return state.sequence
        }) else {
            return .failure(AMQPError(.closed, operation: operation))
        }
        let result = self.broker.mutate { state -> Result<AMQPOutboundMessage, AMQPError> in
            guard state.publishingAvailable else {
                return .failure(AMQPError(.connectionLost, operation: operation))
            }
            if state.failNextPublishes > 0 {
                state.failNextPublishes -= 1
                return .failure(AMQPError(state.failureCode, operation: operation))
            }
            return state.publish(message)
        }
        return result.map { stored in
            AMQPPublishConfirmation(
                messageID: stored.properties.messageID ?? "", sequenceNumber: sequence, attempts: 1,
                latency: ContinuousClock.now - start)
        }
    }

    /// Starts a consumer. Deliveries come in batches (those handed over together), at most `prefetch`
    /// unsettled at once; ending the iteration or ``InboundStream/cancel()`` returns the unsettled ones.
    ///
    /// - Throws: ``AMQPError``: `invalidArgument` for a prefetch outside 1...65535, 404 `channelClosed` for
    ///   an unknown queue, `closed` after ``close()``.
    public func consume(queue: String, prefetch: Int) async throws -> InboundStream {
        let operation = "basic.consume(\(queue))"
        guard (1...Int(UInt16.max)).contains(prefetch) else {
            throw AMQPError(.invalidArgument, operation: operation)
        }
        guard !self.state.withLock({ $0.closed }) else {
            throw AMQPError(.closed, operation: operation)
        }
        let (stream, continuation) = AsyncThrowingStream<[InboundMessage], any Error>.makeStream()
        let transport = self.id
        let consumer = try self.broker.mutate { state throws(AMQPError) in
            try state.addConsumer(queue: queue, prefetch: prefetch, transport: transport, continuation: continuation)
        }
        let broker = self.broker
        continuation.onTermination = { [weak broker] _ in
            broker?.mutate { state in state.removeConsumer(consumer, error: nil, stale: false) }
        }
        return InboundStream(stream: stream) { [weak broker] in
            broker?.mutate { state in state.removeConsumer(consumer, error: nil, stale: false) }
        }
    }

    /// The ready count of a queue.
    ///
    /// - Throws: ``AMQPError`` (404 `channelClosed`) when it does not exist.
    public func checkQueue(_ name: String) async throws -> Int {
        try self.broker.state.withLock { state throws(AMQPError) in
            guard let queue = state.queues[name] else {
                throw BrokerState.notFound("queue", name, operation: "queue.declare(\(name))", classID: 50, methodID: 10)
            }
            return queue.ready.count
        }
    }

    /// Checks that an exchange exists (the default exchange always does).
    ///
    /// - Throws: ``AMQPError`` (404 `channelClosed`) when it does not exist.
    public func checkExchange(_ name: String) async throws {
        try self.broker.state.withLock { state throws(AMQPError) in
            guard name.isEmpty || state.exchanges[name] != nil else {
                throw BrokerState.notFound(
                    "exchange", name, operation: "exchange.declare(\(name))", classID: 40, methodID: 10)
            }
        }
    }

    /// `true` until ``close()`` (a simulated connection loss recovers at once).
    public var isConnected: Bool {
        self.state.withLock { !$0.closed }
    }

    /// Closes the transport: its consumers end normally and their unsettled deliveries return to the queues.
    public func close() async {
        self.state.withLock { $0.closed = true }
        let transport = self.id
        self.broker.mutate { state in
            for (id, consumer) in state.consumers.sorted(by: { $0.key < $1.key }) where consumer.transport == transport {
                state.removeConsumer(id, error: nil, stale: false)
            }
        }
    }
}
