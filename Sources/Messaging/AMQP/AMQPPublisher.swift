import Foundation

/// Publishes messages on one confirm-mode channel and reports each message's outcome.
///
/// A message counts as published only when the broker acks it (`basic.ack`). Every publish is
/// `mandatory` unless the message says otherwise, so an unroutable message fails with
/// ``AMQPError/Code/unroutable`` instead of vanishing. At most ``window`` messages are in flight on the
/// channel; further ones wait in order.
public final class AMQPPublisher: Sendable {
    private let connection: AMQPConnection
    private let channel: UInt16
    /// The largest number of messages sent and not yet confirmed.
    public let window: Int

    init(connection: AMQPConnection, channel: UInt16, window: Int) {
        self.connection = connection
        self.channel = channel
        self.window = window
    }

    /// Publishes one message and waits for the broker's confirm.
    ///
    /// - Parameter message: The message. A missing `messageID` is filled with a random UUID.
    /// - Returns: The confirmation.
    /// - Throws: ``AMQPError``: ``AMQPError/Code/unroutable`` (returned), ``AMQPError/Code/nacked``,
    ///   ``AMQPError/Code/connectionLost`` (outcome unknown), ``AMQPError/Code/channelClosed`` (for example
    ///   404 for a missing exchange), ``AMQPError/Code/timeout`` or ``AMQPError/Code/closed``.
    public func publish(_ message: AMQPOutboundMessage) async throws -> AMQPPublishConfirmation {
        let message = Self.withMessageID(message)
        let channel = self.channel
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AMQPPublishConfirmation, any Error>) in
            let accepted = self.connection.post { driver in
                driver.enqueuePublish(channel: channel, message) { result in
                    continuation.resume(with: result.mapError { $0 as any Error })
                }
            }
            if !accepted {
                continuation.resume(throwing: AMQPError(.closed, operation: "publish"))
            }
        }
    }

    /// Queues one message without waiting, and reports its outcome to `completion`.
    ///
    /// Successive calls from one thread reach the broker in the order they were made, so a loop can keep a
    /// stream of messages in flight (up to ``window``; further ones wait in order) and settle each source
    /// message when its own confirm arrives: what a store-and-forward bridge needs.
    ///
    /// - Parameters:
    ///   - message: The message. A missing `messageID` is filled with a random UUID.
    ///   - completion: Called once with the confirmation or the error of ``publish(_:)-(AMQPOutboundMessage)``,
    ///     on the connection's thread: keep it short and never block in it.
    public func send(
        _ message: AMQPOutboundMessage,
        completion: @escaping @Sendable (Result<AMQPPublishConfirmation, AMQPError>) -> Void
    ) {
        let message = Self.withMessageID(message)
        let channel = self.channel
        let accepted = self.connection.post { driver in
            driver.enqueuePublish(channel: channel, message, completion: completion)
        }
        if !accepted {
            completion(.failure(AMQPError(.closed, operation: "publish")))
        }
    }

    /// Queues many messages in one hand-over to the connection thread, without waiting, and reports each
    /// one's outcome to `completion` with its index. Same order and semantics as ``send(_:completion:)``, with
    /// one wake-up of the connection thread for the whole batch.
    public func send(
        _ messages: [AMQPOutboundMessage],
        completion: @escaping @Sendable (Int, Result<AMQPPublishConfirmation, AMQPError>) -> Void
    ) {
        guard !messages.isEmpty else { return }
        let messages = messages.map(Self.withMessageID)
        let channel = self.channel
        let accepted = self.connection.post { driver in
            let deadline = ContinuousClock.now.advanced(by: driver.options.publishTimeout)
            for (index, message) in messages.enumerated() {
                driver.enqueuePublish(channel: channel, message, deadline: deadline) { completion(index, $0) }
            }
        }
        if !accepted {
            for index in messages.indices {
                completion(index, .failure(AMQPError(.closed, operation: "publish")))
            }
        }
    }

    /// Runs `work` on the connection's thread after everything queued before it, including the confirm
    /// completions being delivered now: a place to act once per burst of confirms rather than once per message.
    ///
    /// - Returns: `false` when the connection has shut down; `work` does not run.
    @discardableResult
    public func afterQueuedWork(_ work: @escaping @Sendable () -> Void) -> Bool {
        self.connection.post { _ in work() }
    }

    /// Publishes many messages, keeping up to ``window`` in flight, and waits until every one is settled.
    ///
    /// Messages are sent in order. The result for each message is independent: one nack or return does
    /// not stop the others.
    ///
    /// - Parameter messages: The messages.
    /// - Returns: One result per message, in the same order.
    public func publish(_ messages: [AMQPOutboundMessage]) async -> [Result<AMQPPublishConfirmation, AMQPError>] {
        guard !messages.isEmpty else { return [] }
        let messages = messages.map(Self.withMessageID)
        let channel = self.channel
        return await withCheckedContinuation { (continuation: CheckedContinuation<[Result<AMQPPublishConfirmation, AMQPError>], Never>) in
            let accepted = self.connection.post { driver in
                let collector = BatchCollector(count: messages.count) { continuation.resume(returning: $0) }
                let deadline = ContinuousClock.now.advanced(by: driver.options.publishTimeout)
                for (index, message) in messages.enumerated() {
                    driver.enqueuePublish(channel: channel, message, deadline: deadline) { collector.record($0, at: index) }
                }
            }
            if !accepted {
                continuation.resume(returning: messages.map { _ in .failure(AMQPError(.closed, operation: "publish")) })
            }
        }
    }

    /// Closes the publisher's channel. Messages not yet confirmed fail with ``AMQPError/Code/closed``.
    public func close() async {
        let channel = self.channel
        _ = try? await self.connection.perform("close publisher") { driver -> Result<Bool, AMQPError> in
            driver.closePublisher(channel)
            return .success(true)
        }
    }

    private static func withMessageID(_ message: AMQPOutboundMessage) -> AMQPOutboundMessage {
        guard message.properties.messageID == nil else { return message }
        var message = message
        message.properties.messageID = UUID().uuidString.lowercased()
        return message
    }
}

/// Gathers the results of a batch on the connection thread and reports them once all are in.
private final class BatchCollector {
    private var results: [Result<AMQPPublishConfirmation, AMQPError>?]
    private var remaining: Int
    private let done: ([Result<AMQPPublishConfirmation, AMQPError>]) -> Void

    init(count: Int, done: @escaping ([Result<AMQPPublishConfirmation, AMQPError>]) -> Void) {
        self.results = Array(repeating: nil, count: count)
        self.remaining = count
        self.done = done
    }

    func record(_ result: Result<AMQPPublishConfirmation, AMQPError>, at index: Int) {
        guard self.results[index] == nil else { return }
        self.results[index] = result
        self.remaining -= 1
        if self.remaining == 0 {
            self.done(self.results.map { $0! })
        }
    }
}

extension AMQPConnection {
    /// Opens a publisher: a new channel in publisher-confirm mode.
    ///
    /// - Parameter window: How many messages may be in flight (sent, not yet confirmed). Default 1000.
    /// - Returns: The publisher.
    /// - Throws: ``AMQPError`` when the channel cannot be opened.
    public func makePublisher(window: Int = 1000) async throws -> AMQPPublisher {
        precondition(window > 0, "a publisher window must be at least 1")
        let channel = try await self.perform("open publisher") { driver in driver.openPublisher(window: window) }
        return AMQPPublisher(connection: self, channel: channel, window: window)
    }
}
