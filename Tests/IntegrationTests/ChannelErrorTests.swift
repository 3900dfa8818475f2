import Messaging
import Testing

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(2)))
    struct ChannelErrorTests {
        @Test func notFoundOnOneChannelLeavesTheConnectionAndOtherChannelsWorking() async throws {
            try await withConnection("404") { connection in
                let queue = IntegrationEnvironment.uniqueName("survivor")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                let consumer = try await connection.consume(queue: queue, prefetch: 10)
                var iterator = consumer.makeAsyncIterator()

                let missing = IntegrationEnvironment.uniqueName("missing")
                let error = await #expect(throws: AMQPError.self) {
                    try await connection.declareQueue(AMQPQueueSpec(missing), passive: true)
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
                #expect(error?.serverReply?.text.contains("NOT_FOUND") == true)

                // A 406 (inequivalent argument) is typed the same way.
                let mismatch = await #expect(throws: AMQPError.self) {
                    try await connection.declareQueue(AMQPQueueSpec(queue, durable: true))
                }
                #expect(mismatch?.replyCode == 406)

                // The publisher's and the consumer's channels were not touched.
                _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [42]))
                let delivery = try #require(try await iterator.next())
                #expect(delivery.body == [42])
                try delivery.ack()
                // The admin channel reopens for the next declare.
                #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).name == queue)
                #expect(connection.state == .open)
                #expect(connection.recoveryCount == 0)
                await consumer.cancel()
            }
        }

        @Test func publishToAMissingExchangeFailsWith404AndThePublisherRecovers() async throws {
            try await withConnection("publish 404") { connection in
                let queue = IntegrationEnvironment.uniqueName("after404")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                let error = await #expect(throws: AMQPError.self) {
                    try await publisher.publish(AMQPOutboundMessage(
                        exchange: IntegrationEnvironment.uniqueName("nowhere"), routingKey: "k", body: [1]))
                }
                #expect(error?.code == .channelClosed)
                #expect(error?.replyCode == 404)
                let confirmation = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [2]))
                #expect(confirmation.sequenceNumber == 1, "the reopened channel starts a new confirm sequence")
            }
        }

        @Test func consumingAMissingQueueFailsWith404() async throws {
            try await withConnection("consume 404") { connection in
                let error = await #expect(throws: AMQPError.self) {
                    _ = try await connection.consume(queue: IntegrationEnvironment.uniqueName("absent"), prefetch: 1)
                }
                #expect(error?.replyCode == 404)
                #expect(connection.state == .open)
            }
        }

        @Test func deletingTheQueueCancelsTheConsumerWithATypedError() async throws {
            try await withConnection("cancel notify") { connection in
                let queue = IntegrationEnvironment.uniqueName("deleted")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                let consumer = try await connection.consume(queue: queue, prefetch: 1)
                try await connection.deleteQueue(queue)
                let error = await #expect(throws: AMQPError.self) {
                    for try await _ in consumer {}
                }
                #expect(error?.code == .consumerCancelled)
            }
        }

        @Test func badCredentialsAreAnAuthenticationError() async throws {
            var configuration = try IntegrationEnvironment.configuration(name: "bad password")
            configuration.password = "definitely-wrong"
            let error = await #expect(throws: AMQPError.self) {
                _ = try await AMQPConnection.connect(configuration, logger: IntegrationEnvironment.logger)
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error.map { "\($0)" }?.contains("definitely-wrong") == false)
        }

        @Test func unreachableBrokerIsAConnectionError() async throws {
            var configuration = try IntegrationEnvironment.configuration(name: "nobody home")
            configuration.port = 1
            let error = await #expect(throws: AMQPError.self) {
                _ = try await AMQPConnection.connect(configuration, logger: IntegrationEnvironment.logger)
            }
            #expect(error?.code == .connectionFailed)
        }
    }
}
