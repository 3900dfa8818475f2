import Foundation
import Messaging
import PasserelleOps
import ServiceRuntime
import Testing

@testable import PasserelleCLI

/// How a message found in a parking queue without a row becomes one (``ParkedMessageRow``).
@Suite struct DLQRecordTests {
    static let queue = "notifications.procurement-events"

    @Test func brokerDeadLetteredMessageTakesItsOriginFromXDeath() {
        let death: AMQPTable = [
            "count": .int64(1), "reason": "delivery_limit", "queue": .string(Self.queue),
            "exchange": "procurement.events", "routing-keys": .array(["procurement.tender.published.v1"]),
        ]
        let other: AMQPTable = [
            "count": .int64(2), "reason": "expired", "queue": "notifications.procurement-events.retry.5s",
            "exchange": "notifications.retry", "routing-keys": .array(["notifications.procurement-events.5s"]),
        ]
        let properties = AMQPProperties(
            messageID: nil, headers: [
                "x-death": .array([.table(other), .table(death)]), "cloudEvents_id": "evt-1",
                "cloudEvents_type": "procurement.tender.published.v1",
            ])
        let record = ParkedMessageRow(
            properties: properties, body: Array("{}".utf8), exchange: "notifications.retry",
            routingKey: Self.queue + ".dlq", consumerQueue: Self.queue, parkingQueue: Self.queue + ".dlq")
        #expect(record.reason == "delivery-limit")
        #expect(record.originalExchange == "procurement.events")
        #expect(record.originalRoutingKey == "procurement.tender.published.v1")
        #expect(record.messageID == "evt-1")
        #expect(record.messageType == "procurement.tender.published.v1")
        #expect(record.attempts == 1)
        #expect(record.error == "delivery limit reached (x-death, queue \(Self.queue))")
        let withLimit = ParkedMessageRow(
            properties: properties, body: [], exchange: "notifications.retry", routingKey: Self.queue + ".dlq",
            consumerQueue: Self.queue, parkingQueue: Self.queue + ".dlq", deliveryLimit: 5)
        #expect(withLimit.attempts == 6)
        #expect(withLimit.error.hasPrefix("delivery limit reached after 6 deliveries"))
        #expect(record.error.contains("x-death"))
    }

    @Test func runtimeHeadersWinOverXDeath() {
        let id = UUID()
        let properties = AMQPProperties(
            messageID: "m-1", type: "t.v1",
            headers: [
                "x-passerelle-parked-id": .string(id.uuidString.lowercased()), "x-passerelle-reason": "failed",
                "x-passerelle-error": "boom", "x-passerelle-attempt": .int32(4),
                "x-passerelle-original-exchange": "ex", "x-passerelle-original-routing-key": "rk",
                "x-death": .array([.table(["exchange": "other", "count": .int64(9)])]),
            ])
        let record = ParkedMessageRow(
            properties: properties, body: [], exchange: "x.retry", routingKey: "q.dlq", consumerQueue: "q",
            parkingQueue: "q.dlq")
        #expect(record.id == id)
        #expect(record.reason == "failed")
        #expect(record.error == "boom")
        #expect(record.attempts == 4)
        #expect((record.originalExchange, record.originalRoutingKey) == ("ex", "rk"))
        #expect((record.messageID, record.messageType) == ("m-1", "t.v1"))
    }

    @Test func invalidQueueWithoutHeadersFallsBackToTheDelivery() {
        let record = ParkedMessageRow(
            properties: AMQPProperties(), body: [1, 2], exchange: "x.retry", routingKey: "q.invalid",
            consumerQueue: "q", parkingQueue: "q.invalid")
        #expect(record.reason == "invalid")
        #expect((record.originalExchange, record.originalRoutingKey) == ("x.retry", "q.invalid"))
        #expect(record.attempts == 0)
        #expect(record.messageID == nil)
    }

    @Test func actorComesFromPasserelleActorThenUser() {
        #expect(DLQOptions.actor(environment: ["PASSERELLE_ACTOR": "ops-jane", "USER": "jane"]) == "ops-jane")
        #expect(DLQOptions.actor(environment: ["USER": "jane"]) == "jane")
        #expect(DLQOptions.actor(environment: [:]) == "unknown")
    }

    @Test func editorDefaultsToVi() {
        #expect(MessageEditor(environment: [:]).command == "vi")
        #expect(MessageEditor(environment: ["EDITOR": "nano -w"]).command == "nano -w")
    }
}
