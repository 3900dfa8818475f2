import Foundation
import Messaging
import PasserelleOps
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    @Suite(.timeLimit(.minutes(3)))
    struct TopologyApplyTests {
        @Test func applyOnAnEmptyVHostCreatesEverythingAndASecondApplyIsANoOp() async throws {
            try await withTopologyTestBed("apply") { bed in
                let session = try bed.session()
                let first = try await bed.apply(session)
                #expect(first.done.count == session.desired.objects.count + 1, "every object plus the vhost")
                #expect(first.skipped.isEmpty)

                let (plan, _, _) = try await session.plan()
                #expect(!plan.hasChanges, "\(plan.entries.filter { $0.action != .unchanged }.map(\.key))")
                let second = try await bed.apply(session)
                #expect(second.done.isEmpty)
                #expect(second.skipped.isEmpty)

                // The policy is in force on the queue, with an explicit delivery limit and a DLX.
                struct Queue: Decodable {
                    var policy: String?
                    var arguments: ArgumentTable
                }
                let path = "/api/queues/\(ManagementClient.segment(bed.vhost))/notifications.procurement-events"
                // The queue's policy field comes from statistics, which lag by a few seconds.
                let applied = try await eventually(timeout: .seconds(20)) {
                    let queue: Queue = try await bed.client.get(path)
                    return queue.policy == "passerelle.notifications.procurement-events"
                }
                #expect(applied)
                let queue: Queue = try await bed.client.get(path)
                #expect(queue.arguments["x-queue-type"] == "quorum")

                // Passwords were generated into the secrets folder, mode 0600.
                let file = bed.secrets.appendingPathComponent("procurement")
                let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
                #expect(mode?.intValue == 0o600)
                let report = try JSONOutput.string(first)
                #expect(!report.contains(try bed.secretStore.password(for: "procurement")), "no password in the report")
            }
        }

        @Test func definitionsExportImportsWithRabbitmqctl() async throws {
            try await withTopologyTestBed("export") { bed in
                let desired = try bed.desired()
                let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "definitions-\(UUID().uuidString).json")
                defer { try? FileManager.default.removeItem(at: file) }
                try Data(try TopologyExportCommand.render(desired, format: .definitions).utf8).write(to: file)
                try await IntegrationEnvironment.rabbitmqctlAsync("import_definitions", file.path)

                // The import created everything (additively); users exist but have no password yet.
                let session = try bed.session(desired: desired)
                let (plan, _, _) = try await session.plan()
                #expect(
                    plan.entries.allSatisfy { $0.action == .unchanged || $0.action == .create },
                    "\(plan.entries.filter { $0.action != .unchanged }.map(\.key))")
                #expect(plan.entries(.create).isEmpty, "\(plan.entries(.create).map(\.key))")
            }
        }
    }
}
