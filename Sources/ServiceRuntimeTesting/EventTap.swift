import Messaging
import Synchronization

/// The events a service under test published, by type: read from the in-memory broker's publish log, or
/// collected from RabbitMQ by a queue bound to the events exchanges.
final class EventTap: Sendable {
    private let read: @Sendable () -> [AMQPOutboundMessage]

    init(_ read: @escaping @Sendable () -> [AMQPOutboundMessage]) {
        self.read = read
    }

    /// The bodies (CloudEvents data) of the messages published with routing key `type`, in order.
    func bodies(_ type: String) -> [[UInt8]] {
        self.read().filter { $0.routingKey == type }.map(\.body)
    }

    /// Binds a fresh queue to every exchange (routing key `#`) and collects what arrives until the
    /// connection closes.
    static func listen(on connection: AMQPConnection, exchanges: Set<String>, queue: String) async throws -> EventTap {
        _ = try await connection.declareQueue(AMQPQueueSpec(queue, durable: false, exclusive: false, autoDelete: true))
        for exchange in exchanges.sorted() {
            try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: "#"))
        }
        let seen = Mutex<[AMQPOutboundMessage]>([])
        let consumer = try await connection.consume(queue: queue, prefetch: 100)
        Task {
            for try await delivery in consumer {
                seen.withLock {
                    $0.append(AMQPOutboundMessage(
                        exchange: delivery.exchange, routingKey: delivery.routingKey, body: delivery.body,
                        properties: delivery.properties))
                }
                try delivery.ack()
            }
        }
        return EventTap { seen.withLock { $0 } }
    }
}
