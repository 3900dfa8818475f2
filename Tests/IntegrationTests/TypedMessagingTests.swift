import ContractMessaging
import Contracts
import Foundation
import JSONSchema
import Messaging
import Testing

/// `notifications.notice.sent.v1`, as a typed contract message.
struct NoticeSent: ContractMessage, Equatable {
    static let messageType = "notifications.notice.sent.v1"

    struct Related: Codable, Equatable, Sendable {
        var service: String
        var aggregateType: String
        var aggregateId: String
        var reference: String?
    }

    var noticeId: String
    var template: String
    var category: String
    var mandatory: Bool
    var channel: String
    var triggerType: String?
    var relatedTo: Related
    var recipientRef: String
    var sentAt: Date
    var providerMessageId: String?

    static func sample() -> NoticeSent {
        NoticeSent(
            noticeId: "0b6f2c1e-9a4d-4c3b-8e5f-1d2a3b4c5d6e", template: "tender-amended", category: "procurement-notices",
            mandatory: true, channel: "email", triggerType: "procurement.tender.amended.v1",
            relatedTo: Related(service: "procurement", aggregateType: "tender", aggregateId: "T-2026-0042", reference: nil),
            recipientRef: "sha256:" + String(repeating: "ab", count: 32), sentAt: Date(timeIntervalSince1970: 1_796_000_000),
            providerMessageId: "<20261129.1@mail.example>")
    }
}

/// The repository's `contracts/` folder.
enum RepositoryContracts {
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("contracts")
    }
}

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(2)))
    struct TypedMessagingTests {
        let catalog: MessageCatalog

        init() throws {
            self.catalog = try MessageCatalog.load(contracts: RepositoryContracts.url)
        }

        @Test func typedMessageTravelsWithEveryEnvelopeAttributeIntact() async throws {
            try await withConnection("typed round trip") { connection in
                let exchange = "notifications.events"
                try await connection.declareExchange(AMQPExchangeSpec(exchange, type: .topic))
                let queue = IntegrationEnvironment.uniqueName("typed")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: NoticeSent.messageType))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }

                let publisher = TypedPublisher(
                    publisher: try await connection.makePublisher(), catalog: self.catalog, source: "/passerelle/notifications")
                let envelope = TypedPublisher.Envelope(
                    id: "5d8e2f7a-1b3c-4d5e-8f9a-0b1c2d3e4f5a", subject: "T-2026-0042", correlationID: "conv-7",
                    causationID: "c0ffee00-0000-4000-8000-000000000001",
                    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", tracestate: "passerelle=t1",
                    time: Date(timeIntervalSince1970: 1_796_000_000.5))
                let message = NoticeSent.sample()
                try await publisher.publish(message, envelope: envelope)

                let consumer = try await connection.consume(queue: queue, prefetch: 1)
                var iterator = consumer.makeAsyncIterator()
                let delivery = try #require(try await iterator.next())
                let typed = try self.catalog.decode(NoticeSent.self, from: delivery)
                #expect(typed.message == message)
                #expect(typed.event.id == envelope.id)
                #expect(typed.event.source == "/passerelle/notifications")
                #expect(typed.event.type == "notifications.notice.sent.v1")
                #expect(typed.event.specversion == "1.0")
                #expect(typed.event.datacontenttype == "application/json")
                #expect(
                    typed.event.dataschema
                        == "https://contracts.passerelle.example/notifications/schemas/notifications.notice.sent.v1.json")
                #expect(typed.event.subject == "T-2026-0042")
                #expect(typed.event.time == envelope.time)
                #expect(typed.event.correlationID == "conv-7")
                #expect(typed.event.causationID == "c0ffee00-0000-4000-8000-000000000001")
                #expect(typed.event.traceparent == envelope.traceparent)
                #expect(typed.event.tracestate == "passerelle=t1")
                // The basic properties carry the same attributes, for consumers that read only those.
                #expect(delivery.properties.messageID == envelope.id)
                #expect(delivery.properties.type == "notifications.notice.sent.v1")
                #expect(delivery.properties.appID == "notifications")
                #expect(delivery.properties.contentType == "application/json")
                #expect(delivery.properties.timestamp == Date(timeIntervalSince1970: 1_796_000_000))
                #expect(delivery.properties.correlationID == "conv-7")
                #expect(delivery.properties.deliveryMode == .persistent)
                try delivery.ack()
                await consumer.cancel()
            }
        }

        @Test func invalidPayloadIsRefusedBeforeSending() async throws {
            try await withConnection("typed invalid") { connection in
                let exchange = "notifications.events"
                try await connection.declareExchange(AMQPExchangeSpec(exchange, type: .topic))
                let queue = IntegrationEnvironment.uniqueName("typed-invalid")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: NoticeSent.messageType))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = TypedPublisher(
                    publisher: try await connection.makePublisher(), catalog: self.catalog, source: "/passerelle/notifications")
                var message = NoticeSent.sample()
                message.recipientRef = "jeanne.martin@example.org"  // an address where only an opaque key is allowed
                let violation = await #expect(throws: ContractViolation.self) {
                    try await publisher.publish(message)
                }
                #expect(violation?.field == "/recipientRef")
                #expect(violation?.errors.first?.keyword == "pattern")
                #expect(violation.map { "\($0)" }?.contains("jeanne.martin") == false, "errors never quote values")
                // Nothing reached the broker.
                #expect(try await connection.declareQueue(AMQPQueueSpec(queue, durable: false), passive: true).messageCount == 0)
            }
        }

        @Test func aDeliveryThatBreaksItsContractIsRefusedWithItsReason() async throws {
            try await withConnection("typed receipt") { connection in
                let queue = IntegrationEnvironment.uniqueName("typed-receipt")
                try await connection.declareQueue(AMQPQueueSpec(queue, durable: false))
                defer { Task { _ = try? await connection.deleteQueue(queue) } }
                let publisher = try await connection.makePublisher()
                var event = CloudEvent(source: "/passerelle/notifications", type: NoticeSent.messageType, data: Array(#"{"noticeId":"x"}"#.utf8))
                event.subject = "T-1"
                _ = try await publisher.publish(AMQPOutboundMessage(
                    exchange: "", routingKey: queue, body: event.data, properties: CloudEventAMQPMapping.properties(for: event)))
                let consumer = try await connection.consume(queue: queue, prefetch: 1)
                var iterator = consumer.makeAsyncIterator()
                let delivery = try #require(try await iterator.next())
                let error = #expect(throws: ContractDecodingError.self) {
                    _ = try self.catalog.decode(NoticeSent.self, from: delivery)
                }
                #expect(error?.code == .contractViolation)
                try delivery.ack()
                await consumer.cancel()
            }
        }
    }
}
