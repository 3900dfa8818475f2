import ArgumentParser
import Foundation
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    /// The `passerelle topology` commands end to end: parsing, exit codes, files.
    @Suite(.timeLimit(.minutes(3)))
    struct TopologyCommandTests {
        @Test func planExitsOneWithChangesApplyMakesItExitZero() async throws {
            try await withTopologyTestBed("cli") { bed in
                let settings = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "topology-\(UUID().uuidString).yaml")
                defer { try? FileManager.default.removeItem(at: settings) }
                try Data("vhost: \(bed.vhost)\nuserPrefix: \(bed.userPrefix)\n".utf8).write(to: settings)
                let common = ["--contracts", TopologyTestBed.contractsURL.path, "--settings", settings.path]

                let plan = try TopologyPlanCommand.parse(common)
                await #expect(throws: ExitCode(1)) { try await plan.run() }

                let apply = try TopologyApplyCommand.parse(common + ["--yes", "--secrets", bed.secrets.path])
                try await apply.run()
                #expect(
                    FileManager.default.fileExists(atPath: bed.secrets.appendingPathComponent("notifications").path))

                try await TopologyPlanCommand.parse(common + ["--json"]).run()  // exit 0: no throw

                let out = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "graph-\(UUID().uuidString).mmd")
                defer { try? FileManager.default.removeItem(at: out) }
                try await TopologyGraphCommand.parse(common + ["--out", out.path]).run()
                #expect(try String(contentsOf: out, encoding: .utf8).hasPrefix("flowchart LR"))

                try await TopologyExportCommand.parse(common + ["--format", "yaml", "--out", out.path]).run()
                let yaml = try String(contentsOf: out, encoding: .utf8)
                #expect(yaml.contains("vhost: \(bed.vhost)"))
                #expect(!yaml.contains(try bed.secretStore.password(for: "notifications")))
            }
        }
    }
}
