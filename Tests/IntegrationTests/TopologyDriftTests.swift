import Foundation
import Messaging
import PasserelleOps
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(3)))
    struct TopologyDriftTests {
        @Test func aDeletedBindingExchangeAndUserAreMissingDriftAndApplyRepairsThem() async throws {
            try await withTopologyTestBed("repair") { bed in
                let session = try bed.session()
                try await bed.apply(session)
                let binding = BindingSpec(
                    source: "procurement.events", destination: "notifications.procurement-events",
                    routingKey: "procurement.tender.published.v1")
                try await bed.broker.unbind(binding)
                try await bed.broker.deleteExchange("desk.events")
                try await bed.broker.deleteUser(bed.userPrefix + "procurement")

                let (plan, _, _) = try await session.plan()
                let missing = Set(plan.entries(.missing).map(\.key))
                #expect(missing.contains(binding.key))
                #expect(missing.contains(ObjectKey(.exchange, "desk.events")))
                #expect(missing.contains(ObjectKey(.user, bed.userPrefix + "procurement")))
                #expect(
                    missing.contains(ObjectKey(.permission, bed.userPrefix + "procurement")),
                    "permissions go with the user")
                #expect(
                    missing.contains { $0.kind == .binding && $0.name.hasPrefix("desk.events ->") },
                    "bindings go with the exchange")
                #expect(plan.entries(.create).isEmpty)

                try await bed.apply(session)
                let (after, _, _) = try await session.plan()
                #expect(!after.hasChanges, "\(after.entries.filter { $0.action != .unchanged }.map(\.key))")
                // The re-created user logs in with the stored password.
                try await withConnection("repaired user", configuration: try bed.amqp("repaired", as: "procurement")) {
                    connection in
                    #expect(connection.state == .open)
                }
            }
        }

        @Test func aChangedDeliveryLimitAndAWidenedPermissionAreUpdatedInPlace() async throws {
            try await withTopologyTestBed("update") { bed in
                try await bed.apply(try bed.session())
                // Someone widened a service's permissions by hand.
                let user = bed.userPrefix + "procurement"
                try await bed.broker.put(PermissionSpec(user: user, configure: ".*", write: ".*", read: ".*"))
                // And the settings now ask for another delivery limit.
                let session = try bed.session("queues:\n  notifications.procurement-events: {deliveryLimit: 8}\n")
                let (plan, _, _) = try await session.plan()
                let updates = plan.entries(.update)
                // The queue's policy and its three retry queues' policies (they carry the same delivery limit).
                let queue = "passerelle.notifications.procurement-events"
                #expect(
                    Set(updates.map(\.key)) == [
                        ObjectKey(.policy, queue), ObjectKey(.policy, "\(queue).retry.5s"),
                        ObjectKey(.policy, "\(queue).retry.1m"),
                        ObjectKey(.policy, "\(queue).retry.10m"), ObjectKey(.permission, user),
                    ])
                let policy = try #require(updates.first { $0.key.kind == .policy })
                #expect(policy.changes == [.init(field: "definition.delivery-limit", live: "5", desired: "8")])
                #expect(plan.entries(.immutableDrift).isEmpty, "a policy change never touches the queue")

                let report = try await bed.apply(session)
                #expect(report.done.count == 5)
                #expect(!(try await session.plan().plan.hasChanges))
            }
        }

        @Test func anOrphanBindingIsReportedAndRemovedOnlyWithPrune() async throws {
            try await withTopologyTestBed("orphan") { bed in
                let full = try bed.desired()
                try await bed.apply(try bed.session(desired: full))
                // A consumer stops receiving one type: its binding is left behind on the broker.
                var reduced = full
                let removed = try #require(
                    reduced.bindings.first {
                        $0.destination == "notifications.procurement-events" && $0.source == "procurement.events"
                    })
                reduced.bindings.removeAll { $0 == removed }
                let session = try bed.session(desired: reduced)

                let (plan, _, _) = try await session.plan()
                #expect(plan.entries(.orphan).map(\.key) == [removed.key])
                #expect(plan.hasChanges)

                let kept = try await bed.apply(session)
                #expect(kept.skipped.contains { $0.contains(removed.key.description) })
                #expect(try await session.plan().plan.entries(.orphan).map(\.key) == [removed.key])

                let pruned = try await bed.apply(session, prune: true)
                #expect(pruned.done == ["deleted \(removed.key)"])
                #expect(!(try await session.plan().plan.hasChanges))
            }
        }

        @Test func anExtraQueueHoldingMessagesSurvivesPruneWithoutForce() async throws {
            try await withTopologyTestBed("prune") { bed in
                let session = try bed.session()
                try await bed.apply(session)
                let stray = QueueSpec(name: "someone.stray", arguments: ["x-queue-type": "classic"])
                try await bed.broker.declare(stray)
                try await publishMessages(3, exchange: "", routingKey: stray.name, configuration: try bed.amqp("stray"))
                let empty = QueueSpec(name: "someone.empty", arguments: [:])
                try await bed.broker.declare(empty)

                let (plan, _, _) = try await session.plan()
                #expect(Set(plan.entries(.extra).map(\.key)) == [stray.key, empty.key])

                let report = try await bed.apply(session, prune: true)
                #expect(report.done == ["deleted \(empty.key)"])
                #expect(report.skipped.contains { $0.contains(stray.name) && $0.contains("--force") })
                let ids = try await drainMessages(stray.name, expecting: 3, configuration: try bed.amqp("stray check"))
                #expect(ids.count == 3, "the messages are still there")
                try await publishMessages(
                    1, exchange: "", routingKey: stray.name, configuration: try bed.amqp("stray again"))

                let forced = try await bed.apply(session, prune: true, force: true)
                #expect(forced.done == ["deleted \(stray.key)"])
                #expect(!(try await session.plan().plan.hasChanges))
            }
        }
    }
}
