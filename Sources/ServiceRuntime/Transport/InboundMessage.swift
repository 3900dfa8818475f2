public import Messaging

/// One delivery as the runtime sees it, whatever the transport: the message and how to settle it.
///
/// Settle each delivery exactly once: ``ack()`` after its effects are committed, or ``reject(requeue:)``.
public struct InboundMessage: Sendable {
    /// The body.
    public var body: [UInt8]
    /// The basic properties, headers included.
    public var properties: AMQPProperties
    /// The exchange it was published to (after dead-lettering: the dead-letter exchange).
    public var exchange: String
    /// The routing key it was published with.
    public var routingKey: String
    /// Whether the broker delivered it before (the flag alone; the runtime counts attempts in a header).
    public var redelivered: Bool
    /// The queue it came from.
    public var queue: String

    private let settleAck: @Sendable () throws -> Void
    private let settleReject: @Sendable (Bool) throws -> Void

    /// Creates a delivery.
    ///
    /// - Parameters:
    ///   - ack: Acknowledges the delivery.
    ///   - reject: Rejects it; the argument says whether to requeue.
    public init(
        body: [UInt8],
        properties: AMQPProperties,
        exchange: String,
        routingKey: String,
        redelivered: Bool,
        queue: String,
        ack: @escaping @Sendable () throws -> Void,
        reject: @escaping @Sendable (Bool) throws -> Void
    ) {
        self.body = body
        self.properties = properties
        self.exchange = exchange
        self.routingKey = routingKey
        self.redelivered = redelivered
        self.queue = queue
        self.settleAck = ack
        self.settleReject = reject
    }

    /// The headers.
    public var headers: AMQPTable { self.properties.headers }

    /// Acknowledges the delivery: the broker forgets it.
    ///
    /// - Throws: ``AMQPError`` (e.g. `staleDelivery` after a reconnect: the broker will deliver it again).
    public func ack() throws {
        try self.settleAck()
    }

    /// Rejects the delivery.
    ///
    /// - Parameter requeue: `true` puts it back in the queue; `false` dead-letters (or drops) it.
    /// - Throws: ``AMQPError``.
    public func reject(requeue: Bool) throws {
        try self.settleReject(requeue)
    }
}

/// The deliveries of one consumer, handed over in batches (each batch is what arrived together).
public struct InboundStream: AsyncSequence, Sendable {
    /// A batch of deliveries.
    public typealias Element = [InboundMessage]

    private let stream: AsyncThrowingStream<[InboundMessage], any Error>
    private let onCancel: @Sendable () async -> Void

    /// Creates a stream.
    ///
    /// - Parameters:
    ///   - stream: The batches; it finishes when the consumer is cancelled, and throws when it fails.
    ///   - cancel: Stops the consumer: unsettled deliveries return to the queue.
    public init(stream: AsyncThrowingStream<[InboundMessage], any Error>, cancel: @escaping @Sendable () async -> Void) {
        self.stream = stream
        self.onCancel = cancel
    }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[InboundMessage], any Error>.AsyncIterator

        /// The next batch, or `nil` once the consumer is cancelled.
        public mutating func next() async throws -> [InboundMessage]? {
            try await self.base.next()
        }
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.stream.makeAsyncIterator())
    }

    /// Stops the consumer.
    public func cancel() async {
        await self.onCancel()
    }
}
