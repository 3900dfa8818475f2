import Foundation
import Messaging
import Testing

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(2)))
    struct PublishConsumeTests {
        /// Headers of every kind RabbitMQ 3.10 carries unchanged.
        static let headers: AMQPTable = [
            "bool": .boolean(true),
            "i8": .int8(-5),
            "u8": .uint8(200),
            "i16": .int16(-300),
            "i32": .int32(-70_000),
            "i64": .int64(Int64.max),
            "f32": .float(1.5),
            "f64": .double(2.25),
            "decimal": .decimal(AMQPDecimal(scale: 3, value: 12_345)),
            "text": .string("Besançon — Doubs ✓"),
            "bytes": .bytes([0, 1, 2, 255]),
            "timestamp": .timestamp(1_767_225_600),
            "void": .void,
            "array": .array([.int32(1), .string("deux"), .array([.boolean(false)]), .table(["k": .string("v")])]),
            "table": .table(["nested": .table(["deeper": .array([.table(["count": .int64(3)])])])]),
        ]

        @Test func confirmedMessageArrivesWithBodyPropertiesAndHeadersIntact() async throws {
            try await withConnection("round trip") { connection in
                let queue = IntegrationEnvironment.uniqueName("roundtrip")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false, autoDelete: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }

                var properties = AMQPProperties(
                    contentType: "application/json", deliveryMode: .persistent, messageID: "msg-1",
                    type: "procurement.tender.published.v1", headers: Self.headers)
                properties.contentEncoding = "identity"
                properties.priority = 3
                properties.correlationID = "conversation-9"
                properties.replyTo = "replies"
                properties.expiration = "600000"
                properties.timestamp = Date(timeIntervalSince1970: 1_767_225_600)
                properties.userID = "guest"
                properties.appID = "passerelle-tests"
                let body = Array(#"{"tender":"T-2026-001","buyer":"21210231300014"}"#.utf8)
                let publisher = try await connection.makePublisher()
                let confirmation = try await publisher.publish(
                    AMQPOutboundMessage(exchange: "", routingKey: queue, body: body, properties: properties))
                #expect(confirmation.messageID == "msg-1")
                #expect(confirmation.sequenceNumber == 1)
                #expect(confirmation.attempts == 1)

                let consumer = try await connection.consume(queue: queue, prefetch: 10)
                var iterator = consumer.makeAsyncIterator()
                let delivery = try #require(try await iterator.next())
                #expect(delivery.body == body)
                #expect(delivery.routingKey == queue)
                #expect(delivery.exchange == "")
                #expect(!delivery.redelivered)
                #expect(delivery.properties.contentType == "application/json")
                #expect(delivery.properties.contentEncoding == "identity")
                #expect(delivery.properties.deliveryMode == .persistent)
                #expect(delivery.properties.priority == 3)
                #expect(delivery.properties.correlationID == "conversation-9")
                #expect(delivery.properties.replyTo == "replies")
                #expect(delivery.properties.expiration == "600000")
                #expect(delivery.properties.messageID == "msg-1")
                #expect(delivery.properties.timestamp == properties.timestamp)
                #expect(delivery.properties.type == "procurement.tender.published.v1")
                #expect(delivery.properties.userID == "guest")
                #expect(delivery.properties.appID == "passerelle-tests")
                for entry in Self.headers {
                    #expect(delivery.headers[entry.key] == entry.value, "header \(entry.key)")
                }
                try delivery.ack()
                await consumer.cancel()
                #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).messageCount == 0)
            }
        }

        @Test func everyKindSurvivesDeadLetteringWhereTheBrokerRewritesTheHeaders() async throws {
            // Dead-lettering makes RabbitMQ decode the headers and re-encode them with x-death added: the kinds
            // RabbitMQ has no name for (unsigned 16/32/64-bit) are the ones at risk.
            try await withConnection("dead letter kinds") { connection in
                let source = IntegrationEnvironment.uniqueName("dlx-source")
                let target = IntegrationEnvironment.uniqueName("dlx-target")
                try await connection.declareQueue(AMQPQueueSpec(target, durable: false))
                try await connection.declareQueue(AMQPQueueSpec(
                    source, durable: false,
                    arguments: ["x-dead-letter-exchange": "", "x-dead-letter-routing-key": .string(target)]))
                defer {
                    Task {
                        _ = try? await connection.deleteQueue(source)
                        _ = try? await connection.deleteQueue(target)
                    }
                }
                var headers = Self.headers
                headers["u16"] = .uint16(65_535)
                headers["u32"] = .uint32(4_000_000_000)
                headers["u64"] = .uint64(42)
                let publisher = try await connection.makePublisher()
                _ = try await publisher.publish(AMQPOutboundMessage(
                    exchange: "", routingKey: source, body: [1], properties: AMQPProperties(headers: headers)))
                let rejecting = try await connection.consume(queue: source, prefetch: 1)
                var rejected = rejecting.makeAsyncIterator()
                let original = try #require(try await rejected.next())
                #expect(original.headers == headers, "straight through the broker, every kind is kept")
                try original.reject(requeue: false)
                let consumer = try await connection.consume(queue: target, prefetch: 1)
                var iterator = consumer.makeAsyncIterator()
                let deadLettered = try #require(try await iterator.next())
                let death = try #require(deadLettered.headers["x-death"]?.arrayValue?.first?.tableValue)
                #expect(death["reason"] == .string("rejected"))
                #expect(death["queue"] == .string(source))
                // Measured on RabbitMQ 3.10.8: every kind is kept except unsigned 64-bit, which comes back as
                // signed 64-bit with the same value (docs/amqp.md).
                var expected = headers
                expected["u64"] = .int64(42)
                for entry in expected {
                    #expect(deadLettered.headers[entry.key] == entry.value, "header \(entry.key)")
                }
                try deadLettered.ack()
                await consumer.cancel()
                await rejecting.cancel()
            }
        }

        @Test func unroutableMandatoryPublishFailsAndThePublisherGoesOn() async throws {
            try await withConnection("unroutable") { connection in
                let exchange = IntegrationEnvironment.uniqueName("unroutable")
                let queue = IntegrationEnvironment.uniqueName("routable")
                try await connection.declareExchange(AMQPExchangeSpec(exchange, type: .topic, durable: false, autoDelete: false))
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: "bound.#"))
                defer {
                    Task {
                        _ = try? await connection.deleteQueue(queue)
                        try? await connection.deleteExchange(exchange)
                    }
                }
                let publisher = try await connection.makePublisher()
                let error = await #expect(throws: AMQPError.self) {
                    try await publisher.publish(AMQPOutboundMessage(exchange: exchange, routingKey: "nobody.listens", body: [1]))
                }
                #expect(error?.code == .unroutable)
                #expect(error?.replyCode == 312)
                // Interleaved with routable messages, only the unroutable one fails.
                let results = await publisher.publish([
                    AMQPOutboundMessage(exchange: exchange, routingKey: "bound.a", body: [1]),
                    AMQPOutboundMessage(exchange: exchange, routingKey: "lost", body: [2]),
                    AMQPOutboundMessage(exchange: exchange, routingKey: "bound.b", body: [3]),
                ])
                #expect((try? results[0].get()) != nil)
                #expect(throws: AMQPError.self) { try results[1].get() }
                #expect((try? results[2].get()) != nil)
                #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).messageCount == 2)
            }
        }

        @Test func fullQueueWithRejectPublishNacksAndFailsThePublish() async throws {
            try await withConnection("reject-publish") { connection in
                let queue = IntegrationEnvironment.uniqueName("full")
                try await connection.declareQueue(AMQPQueueSpec(
                    queue, durable: true, arguments: ["x-max-length": .int32(2), "x-overflow": "reject-publish"]))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher(window: 10)
                let results = await publisher.publish((0..<4).map {
                    AMQPOutboundMessage(exchange: "", routingKey: queue, body: [UInt8($0)])
                })
                #expect((try? results[0].get()) != nil)
                #expect((try? results[1].get()) != nil)
                for result in results[2...] {
                    guard case .failure(let error) = result else {
                        Issue.record("a publish to a full reject-publish queue must fail")
                        continue
                    }
                    #expect(error.code == .nacked)
                }
                #expect(try await connection.purgeQueue(queue) == 2)
                _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [9]))
            }
        }

        @Test func nackAndRejectRequeueOrDropAsAsked() async throws {
            try await withConnection("nack") { connection in
                let queue = IntegrationEnvironment.uniqueName("nack")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                for index in 0..<3 {
                    _ = try await publisher.publish(AMQPOutboundMessage(exchange: "", routingKey: queue, body: [UInt8(index)]))
                }
                let consumer = try await connection.consume(queue: queue, prefetch: 5)
                var iterator = consumer.makeAsyncIterator()
                let first = try #require(try await iterator.next())
                try first.nack(requeue: true)
                var seen: [UInt8: Bool] = [:]
                while seen.count < 3 {
                    let delivery = try #require(try await iterator.next())
                    seen[delivery.body[0]] = delivery.redelivered
                    if delivery.body[0] == 1 {
                        try delivery.reject(requeue: false)
                    } else {
                        try delivery.ack()
                    }
                }
                #expect(seen[first.body[0]] == true, "the requeued message comes back marked redelivered")
                await consumer.cancel()
                #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).messageCount == 0)
            }
        }

        @Test func multipleAckSettlesEveryEarlierDelivery() async throws {
            try await withConnection("multiple ack") { connection in
                let queue = IntegrationEnvironment.uniqueName("multi")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                let results = await publisher.publish((0..<50).map {
                    AMQPOutboundMessage(exchange: "", routingKey: queue, body: [UInt8($0)])
                })
                #expect(results.allSatisfy { (try? $0.get()) != nil })
                let consumer = try await connection.consume(queue: queue, prefetch: 50)
                var count = 0
                for try await delivery in consumer {
                    count += 1
                    if count == 50 {
                        // Leaving the loop cancels the consumer, so settle before that.
                        try delivery.ack(multiple: true)
                        break
                    }
                }
                #expect(try await eventually {
                    let info = try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true)
                    return info.messageCount == 0
                })
            }
        }
    }
}
