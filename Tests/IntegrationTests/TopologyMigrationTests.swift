import Foundation
import Messaging
import PasserelleOps
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(4)))
    struct TopologyMigrationTests {
        @Test func immutableDriftIsReportedAndMigrateKeepsAllThousandMessages() async throws {
            try await withTopologyTestBed("migrate") { bed in
                let queue = "notifications.procurement-events"
                // The queue was once declared classic; 1,000 messages wait in it.
                let old = try bed.session("queues:\n  \(queue): {type: classic}\n")
                try await bed.apply(old)
                try await publishMessages(
                    1_000, exchange: "procurement.events", routingKey: "procurement.tender.published.v1",
                    configuration: try bed.amqp("fill"))

                // The settings now say quorum: RabbitMQ would refuse the redeclare, so plan reports drift.
                let session = try bed.session()
                let (plan, live, _) = try await session.plan()
                let drift = plan.entries(.immutableDrift)
                #expect(drift.map(\.key) == [ObjectKey(.queue, queue)])
                #expect(
                    drift.first?.changes == [.init(field: "arguments.x-queue-type", live: "classic", desired: "quorum")]
                )
                let text = PlanRendering.text(plan, desired: session.desired, live: live)
                #expect(text.contains("migration plan:"))

                // Without --migrate nothing is deleted.
                let refused = try await bed.apply(session)
                #expect(refused.skipped.contains { $0.contains("needs --migrate") })
                #expect(try await session.plan().plan.entries(.immutableDrift).count == 1)

                let migrated = try await bed.apply(session, migrate: true)
                #expect(migrated.migrations == ["migrated queue \(queue)"])
                let (after, _, _) = try await session.plan()
                #expect(!after.hasChanges, "\(after.entries.filter { $0.action != .unchanged }.map(\.key))")

                let ids = try await drainMessages(queue, expecting: 1_000, configuration: try bed.amqp("count"))
                #expect(ids.count == 1_000)
                #expect(Set(ids).count == 1_000, "every message exactly once")
                #expect(Set(ids) == Set((0..<1_000).map { "m-\($0)" }))
            }
        }
    }
}
