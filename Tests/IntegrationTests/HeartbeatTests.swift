import Messaging
import Testing

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(2)))
    struct HeartbeatTests {
        @Test func idleConnectionSurvivesThreeHeartbeatIntervals() async throws {
            let configuration = try IntegrationEnvironment.configuration(name: "idle heartbeat", query: "heartbeat=2")
            try await withConnection("idle heartbeat", configuration: configuration) { connection in
                #expect(connection.heartbeatSeconds == 2)
                let queue = IntegrationEnvironment.uniqueName("idle")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                let consumer = try await connection.consume(queue: queue, prefetch: 1)
                // Idle for more than 3 × 2 s: only heartbeats keep the broker from closing the connection.
                try await Task.sleep(for: .seconds(7))
                #expect(connection.state == .open)
                #expect(connection.recoveryCount == 0, "the broker must not have dropped the idle connection")
                _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [7]))
                var iterator = consumer.makeAsyncIterator()
                let delivery = try #require(try await iterator.next())
                #expect(delivery.body == [7])
                try delivery.ack()
                await consumer.cancel()
            }
        }
    }
}
