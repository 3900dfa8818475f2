import Foundation
import Messaging
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(3)))
    struct TopologyRetryLadderTests {
        static let queue = "notifications.procurement-events"

        /// A message whose handler always fails goes through every delay level, then to `.dlq`: exactly
        /// levels + 1 deliveries, each level's delay observed. The consumer follows messaging §5.3 with the
        /// service's own user: publish a copy to `<consumer>.retry`, wait for the confirm, then ack.
        @Test func aMessageThatAlwaysFailsLandsInParkingAfterEveryDelayLevel() async throws {
            try await withTopologyTestBed("ladder") { bed in
                let levels = [("1s", Duration.seconds(1)), ("2s", Duration.seconds(2))]
                try await bed.apply(try bed.session("services:\n  notifications: {retryLevels: [1s, 2s]}\n"))
                try await publishMessages(
                    1, exchange: "procurement.events", routingKey: "procurement.tender.published.v1",
                    configuration: try bed.amqp("publish", as: "procurement"))

                var deliveries: [ContinuousClock.Instant] = []
                try await withConnection(
                    "svc-notifications", configuration: try bed.amqp("ladder", as: "notifications")
                ) { connection in
                    let publisher = try await connection.makePublisher()
                    let consumer = try await connection.consume(queue: Self.queue, prefetch: 1)
                    for try await delivery in consumer {
                        deliveries.append(.now)
                        let attempt = Int(delivery.headers["x-passerelle-attempt"]?.integerValue ?? 1)
                        let key =
                            attempt <= levels.count ? "\(Self.queue).\(levels[attempt - 1].0)" : "\(Self.queue).dlq"
                        var properties = delivery.properties
                        properties.headers = [
                            "x-passerelle-attempt": .int64(Int64(attempt + 1)), "x-passerelle-error": "always fails",
                        ]
                        // As the runtime does: the copy is the consumer's own publish (RabbitMQ refuses another user's
                        // user_id); the original sender would travel in x-passerelle-sender.
                        properties.userID = nil
                        _ = try await publisher.publish(
                            AMQPOutboundMessage(
                                exchange: "notifications.retry", routingKey: key, body: delivery.body,
                                properties: properties))
                        try delivery.ack()
                        if attempt > levels.count { break }
                    }
                    await consumer.cancel()
                }
                #expect(deliveries.count == levels.count + 1)
                for (index, level) in levels.enumerated() where index + 1 < deliveries.count {
                    let gap = deliveries[index + 1] - deliveries[index]
                    #expect(gap >= level.1 - .milliseconds(50), "level \(level.0): waited \(gap)")
                    #expect(gap < level.1 + .seconds(5), "level \(level.0): waited \(gap)")
                }
                let parked = try await drainMessages(
                    "\(Self.queue).dlq", expecting: 1, configuration: try bed.amqp("dlq"))
                #expect(parked.count == 1)
            }
        }

        /// Without the consumer's help, the broker's delivery limit (the policy) dead-letters a message
        /// requeued again and again into `.dlq`: nothing is dropped.
        @Test func theDeliveryLimitPolicyDeadLettersIntoParking() async throws {
            try await withTopologyTestBed("limit") { bed in
                let limit = 2
                try await bed.apply(try bed.session("services:\n  notifications: {deliveryLimit: \(limit)}\n"))
                try await publishMessages(
                    1, exchange: "procurement.events", routingKey: "procurement.tender.published.v1",
                    configuration: try bed.amqp("publish", as: "procurement"))
                var count = 0
                try await withConnection("requeue", configuration: try bed.amqp("requeue", as: "notifications")) {
                    connection in
                    let consumer = try await connection.consume(queue: Self.queue, prefetch: 1)
                    let parked = Task {
                        try await drainMessages("\(Self.queue).dlq", expecting: 1, configuration: try bed.amqp("dlq"))
                    }
                    var iterator = consumer.makeAsyncIterator()
                    while count <= limit, let delivery = try await iterator.next() {
                        count += 1
                        try delivery.nack(requeue: true)
                    }
                    #expect(try await parked.value.count == 1)
                    await consumer.cancel()
                }
                #expect(
                    count == limit + 1,
                    "RabbitMQ dead-letters once a message was returned more than delivery-limit times")
            }
        }
    }
}
