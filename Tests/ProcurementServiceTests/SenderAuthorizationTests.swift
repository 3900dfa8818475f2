import Foundation
import Messaging
import NotificationsContracts
import ProcurementContracts
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// Who sent a message, as RabbitMQ validated it (issue 15): a forged `user_id` never reaches the service; a
/// command from a service that may not send it, an event forged by another service, or a message with no
/// validated sender is refused (commands: rejected and audited; events: parked with the reason).
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct SenderAuthorizationTests {
    @Test func theBrokerRefusesAForgedUserID() async throws {
        try await ProcurementBed.run(broker: .rabbitMQ) { bed in
            let tender = try await bed.publishTender().tenderId
            // The operator's connection claims to be the procurement service itself (which may send anything
            // of its own context): RabbitMQ refuses the publish.
            let forged = Fixtures.cancel(tender)
            await #expect(throws: AMQPError.self) {
                try await bed.bed.send(forged, as: .operator) { $0.userID = bed.bed.host.configuration.amqp.username }
            }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'cancelled'") == 0)
        }
    }

    @Test func aCommandFromAServiceThatMayNotSendItIsRefused() async throws {
        // RabbitMQ does not let the notifications service write to procurement's command exchange at all.
        try await ProcurementBed.run(broker: .rabbitMQ) { bed in
            let tender = try await bed.publishTender().tenderId
            await #expect(throws: AMQPError.self) {
                try await bed.bed.send(Fixtures.cancel(tender), as: .service("notifications"))
            }
        }
        // Behind a broker that would (the in-memory one has no permissions), the service refuses it itself.
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            try await bed.bed.send(Fixtures.cancel(tender), as: .service("notifications"))
            let rejected = try await bed.published(CommandRejected.self) { $0.commandId == tender }
            expectRefusal(rejected, "senderNotAllowed", field: "user_id", rule: "is sent by", of: TenderCancel.messageType)
            #expect(try await bed.refusalAudits(TenderCancel.messageType, tender: tender) == 1)
            // The same command from the operator goes through.
            try await bed.cancel(tender)
        }
    }

    @Test func anEventForgedByAnotherServiceIsRefusedByTheBrokerAndByTheService() async throws {
        // On RabbitMQ the documents service may not even write to the notifications exchange.
        try await ProcurementBed.run(broker: .rabbitMQ) { bed in
            await #expect(throws: AMQPError.self) {
                try await bed.bed.send(try bed.bed.example(NoticeSent.self), as: .service("documents"))
            }
        }
        // Where a broker would let it through (here the in-memory one, which has no permissions), the service
        // itself parks it with the reason: notifications.notice.sent.v1 comes from the notifications service.
        try await ProcurementBed.run { bed in
            try await bed.bed.send(try bed.bed.example(NoticeSent.self), as: .service("documents"))
            try await bed.waitFor("SELECT count(*) FROM parked_messages WHERE error LIKE '%may not send notifications.notice.sent.v1%'")
            try await bed.bed.send(try bed.bed.example(NoticeSent.self))
            try await bed.waitFor("SELECT count(*) FROM inbox WHERE message_type = 'notifications.notice.sent.v1'")
        }
    }

    @Test func aMessageWithoutAValidatedSenderIsRefused() async throws {
        try await ProcurementBed.run(broker: .rabbitMQ) { bed in
            let tender = try await bed.publishTender().tenderId
            try await bed.bed.send(Fixtures.cancel(tender), as: .unauthenticated)
            let rejected = try await bed.published(CommandRejected.self) { $0.commandId == tender }
            expectRefusal(rejected, "unauthenticatedSender", field: "user_id", rule: "broker-validated user_id", of: TenderCancel.messageType)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'cancelled'") == 0)
        }
    }

    @Test func aServiceUserIsNotAPerson() async throws {
        // A service's own broker user may send its own commands, but a command made for a person needs that
        // person's token: the service cannot vouch for a buyer. (On RabbitMQ the topology does not even let the
        // service write to its command exchange; the in-memory broker has no permissions.)
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            try await bed.bed.send(Fixtures.cancel(tender), as: .service("procurement"))
            let rejected = try await bed.published(CommandRejected.self) { $0.commandId == tender }
            expectRefusal(
                rejected, "actorTokenRequired", field: "x-passerelle-actor-token", rule: "that person's token",
                of: TenderCancel.messageType)
        }
    }
}
