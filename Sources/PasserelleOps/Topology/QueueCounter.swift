import Logging
public import Messaging

/// Reads a queue's ready messages and consumers exactly, with an AMQP passive `queue.declare`.
///
/// The management API's counters come from statistics that lag by seconds, and quorum queues do not
/// support `if-empty` deletion, so emptiness checks before deleting a queue go through AMQP.
public struct QueueCounter: Sendable {
    /// The broker and vhost to ask; one connection is opened per call.
    public let configuration: AMQPConfiguration

    /// Creates a counter; nothing is opened yet.
    public init(configuration: AMQPConfiguration) {
        self.configuration = configuration
    }

    /// The counts, or `nil` when the queue does not exist.
    ///
    /// - Throws: ``AMQPError`` when the broker cannot be reached.
    public func counts(_ queue: String) async throws -> (messages: Int, consumers: Int)? {
        var logger = Logger(label: "passerelle.topology")
        logger.logLevel = .warning
        let connection = try await AMQPConnection.connect(self.configuration, logger: logger)
        do {
            let info = try await connection.declareQueue(AMQPQueueSpec(queue), passive: true)
            await connection.close()
            return (info.messageCount, info.consumerCount)
        } catch let error as AMQPError where error.replyCode == 404 {
            await connection.close()
            return nil
        } catch {
            await connection.close()
            throw error
        }
    }
}
