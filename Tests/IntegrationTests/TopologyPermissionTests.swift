import Foundation
import Messaging
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(3)))
    struct TopologyPermissionTests {
        private func expectRefused(_ operation: () async throws -> Void, _ comment: Comment) async {
            let error = await #expect(throws: AMQPError.self, comment) { try await operation() }
            #expect(error?.replyCode == 403, comment)
            #expect(error?.serverReply?.text.contains("ACCESS_REFUSED") == true, comment)
        }

        @Test func procurementUserCanDoOnlyWhatItsContractsSay() async throws {
            try await withTopologyTestBed("privilege") { bed in
                try await bed.apply(try bed.session())
                try await withConnection(
                    "svc-procurement", configuration: try bed.amqp("procurement", as: "procurement")
                ) { connection in
                    let publisher = try await connection.makePublisher()
                    // Allowed: its own event type on its own exchange (routed to notifications' queue).
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: "procurement.events", routingKey: "procurement.tender.published.v1", body: [1]))
                    // Allowed: its retry exchange, and consuming its own queue.
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: "procurement.retry", routingKey: "procurement.portal-commands.5s", body: [2]))
                    let own = try await connection.consume(queue: "procurement.portal-commands", prefetch: 1)
                    await own.cancel()

                    await self.expectRefused(
                        {
                            _ = try await publisher.publish(
                                AMQPOutboundMessage(
                                    exchange: "notifications.events", routingKey: "notifications.notice.sent.v1",
                                    body: [3]))
                        }, "another context's events exchange")
                    await self.expectRefused(
                        {
                            _ = try await publisher.publish(
                                AMQPOutboundMessage(
                                    exchange: "procurement.events", routingKey: "notifications.notice.sent.v1",
                                    body: [4]))
                        }, "a routing key it does not own, on its own exchange")
                    await self.expectRefused(
                        {
                            _ = try await publisher.publish(
                                AMQPOutboundMessage(
                                    exchange: "", routingKey: "notifications.procurement-events", body: [5]))
                        }, "the default exchange")
                    await self.expectRefused(
                        {
                            _ = try await connection.consume(queue: "notifications.procurement-events", prefetch: 1)
                        }, "another service's queue")
                    await self.expectRefused(
                        {
                            try await connection.declareQueue(AMQPQueueSpec("procurement.mine", durable: true))
                        }, "declaring anything")
                    #expect(connection.state == .open, "channel errors only; the connection stays up")
                }
                // What procurement published reached notifications, which may read it.
                let ids = try await drainMessages(
                    "notifications.procurement-events", expecting: 1,
                    configuration: try bed.amqp("notifications", as: "notifications"))
                #expect(ids.count == 1)
            }
        }

        @Test func aCommandSenderMayWriteOnlyToTheOwnersCommandsExchange() async throws {
            try await withTopologyTestBed("commands") { bed in
                try await bed.apply(try bed.session())
                try await withConnection("svc-documents", configuration: try bed.amqp("documents", as: "documents")) {
                    connection in
                    let publisher = try await connection.makePublisher()
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: "prefecture.commands", routingKey: "prefecture.act.transmit.v1", body: [1]))
                    await self.expectRefused(
                        {
                            _ = try await publisher.publish(
                                AMQPOutboundMessage(
                                    exchange: "procurement.commands", routingKey: "procurement.tender.publish.v1",
                                    body: [2]))
                        }, "a commands exchange whose commands it does not send")
                }
            }
        }
    }
}
