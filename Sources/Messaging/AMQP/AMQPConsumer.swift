import Foundation

/// The deliveries of one consumer, as an asynchronous sequence.
///
/// The broker sends at most `prefetch` unacknowledged deliveries, which bounds the buffer. After a
/// reconnect the consumer is restarted on its own; deliveries from before the loss can no longer be
/// settled (their settle call throws ``AMQPError/Code/staleDelivery``) and arrive again, marked
/// ``AMQPDelivery/redelivered``.
///
/// The sequence ends normally after ``cancel()`` or when the connection closes, and throws
/// ``AMQPError/Code/consumerCancelled`` when the broker cancels the consumer (its queue was deleted).
/// Ending the iteration (leaving the loop, or cancelling its task) cancels the consumer; unacked
/// deliveries then return to the queue.
public struct AMQPConsumer: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = AMQPDelivery

    private let stream: AsyncThrowingStream<[AMQPDelivery], any Error>
    private let connection: AMQPConnection
    private let channel: UInt16
    /// The queue consumed.
    public let queue: String

    init(stream: AsyncThrowingStream<[AMQPDelivery], any Error>, connection: AMQPConnection, channel: UInt16, queue: String) {
        self.stream = stream
        self.connection = connection
        self.channel = channel
        self.queue = queue
    }

    /// Iterates over the deliveries. The connection thread hands them over in batches (all those read in
    /// one pass over the socket), so the consuming task wakes once per batch, not once per message.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var batches: AsyncThrowingStream<[AMQPDelivery], any Error>.AsyncIterator
        private var buffer: [AMQPDelivery] = []
        private var index = 0

        init(_ batches: AsyncThrowingStream<[AMQPDelivery], any Error>.AsyncIterator) {
            self.batches = batches
        }

        /// The next delivery, waiting for one if needed.
        ///
        /// - Returns: The delivery, or `nil` once the consumer ended normally.
        /// - Throws: ``AMQPError`` when the broker cancelled the consumer or the connection gave up.
        public mutating func next() async throws -> AMQPDelivery? {
            if self.index < self.buffer.count {
                defer { self.index += 1 }
                return self.buffer[self.index]
            }
            guard let batch = try await self.batches.next(), let first = batch.first else {
                return nil
            }
            self.buffer = batch
            self.index = 1
            return first
        }
    }

    /// Creates the iterator.
    ///
    /// - Returns: An iterator over the deliveries.
    /// The deliveries in the batches they arrived in (one batch per wake-up of the connection thread).
    /// Iterate either the consumer or its batches, not both.
    public var batches: AsyncThrowingStream<[AMQPDelivery], any Error> { self.stream }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(self.stream.makeAsyncIterator())
    }

    /// Stops the consumer and ends the sequence. Unacked deliveries return to the queue.
    public func cancel() async {
        let channel = self.channel
        _ = try? await self.connection.perform("cancel consumer") { driver -> Result<Bool, AMQPError> in
            driver.cancelConsumer(channel)
            return .success(true)
        }
    }
}

extension AMQPConnection {
    /// Starts consuming a queue with manual acknowledgements.
    ///
    /// - Parameters:
    ///   - queue: The queue.
    ///   - prefetch: The most unacknowledged deliveries at once (`basic.qos`), 1 to 65535. 0 (unlimited)
    ///     is refused.
    ///   - consumerTag: The tag; a unique one is generated when `nil`.
    ///   - exclusive: Ask to be the queue's only consumer.
    ///   - arguments: Consume arguments, e.g. `x-stream-offset`.
    /// - Returns: The deliveries.
    /// - Throws: ``AMQPError``; ``AMQPError/Code/channelClosed`` with 404 when the queue does not exist.
    public func consume(
        queue: String,
        prefetch: Int,
        consumerTag: String? = nil,
        exclusive: Bool = false,
        arguments: AMQPTable = [:]
    ) async throws -> AMQPConsumer {
        guard (1...Int(UInt16.max)).contains(prefetch) else {
            throw AMQPError(.invalidArgument, operation: "consume \(queue): prefetch must be 1...65535, got \(prefetch)")
        }
        let tag = consumerTag ?? "passerelle-\(UUID().uuidString.lowercased())"
        let (stream, continuation) = AsyncThrowingStream<[AMQPDelivery], any Error>.makeStream()
        let mailbox = self.connectionMailbox
        let channel = try await self.perform("consume \(queue)") { driver -> Result<UInt16, AMQPError> in
            driver.startConsumer(
                queue: queue, prefetch: UInt16(prefetch), consumerTag: tag, exclusive: exclusive, arguments: arguments,
                continuation: continuation, makeShared: { ConsumerShared(channel: $0, mailbox: mailbox) }
            ).map(\.channel)
        }
        continuation.onTermination = { [weak self] _ in
            self?.post { driver in driver.cancelConsumer(channel) }
        }
        return AMQPConsumer(stream: stream, connection: self, channel: channel, queue: queue)
    }
}
