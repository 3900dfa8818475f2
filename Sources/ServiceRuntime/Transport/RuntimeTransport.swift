public import Messaging

/// What the runtime needs from a broker: confirmed publishing, consuming with a prefetch, and passive
/// checks of the topology. ``AMQPRuntimeTransport`` is the RabbitMQ implementation; the test kit has an
/// in-memory one with the same semantics.
///
/// Every publish is `mandatory` and confirmed: a result is a success only once the broker has taken
/// responsibility for the message.
public protocol RuntimeTransport: Sendable {
    /// Publishes messages in order and waits for each confirm.
    ///
    /// - Parameter messages: The messages, published in this order on one channel.
    /// - Returns: One result per message, in the same order: the confirmation, or why the broker did not
    ///   take it (`nacked`, `unroutable`, `connectionLost`…).
    func publish(_ messages: [AMQPOutboundMessage]) async -> [Result<AMQPPublishConfirmation, AMQPError>]

    /// Starts consuming a queue.
    ///
    /// - Parameters:
    ///   - queue: The queue name.
    ///   - prefetch: The most unsettled deliveries at once (1 to 65535).
    /// - Returns: The deliveries, handed over in batches.
    /// - Throws: ``AMQPError`` when the queue does not exist or cannot be consumed.
    func consume(queue: String, prefetch: Int) async throws -> InboundStream

    /// Checks that a queue exists without creating it (a passive declare) and returns its message count.
    ///
    /// - Throws: ``AMQPError`` (404 `channelClosed`) when it does not exist.
    func checkQueue(_ name: String) async throws -> Int

    /// Checks that an exchange exists without creating it.
    ///
    /// - Throws: ``AMQPError`` (404 `channelClosed`) when it does not exist.
    func checkExchange(_ name: String) async throws

    /// Whether the transport is connected now (for readiness).
    var isConnected: Bool { get }

    /// Closes the transport: consumers stop, pending publishes fail.
    func close() async
}
