import ArgumentParser
import Contracts
import Foundation
import PasserelleOps
import Topology

/// `passerelle topology apply`: makes the broker match the contracts.
struct TopologyApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create and update the broker topology; delete extras only with --prune.",
        discussion: """
            Service passwords come from PASSERELLE_SECRET_<SERVICE>, else $PASSERELLE_HOME/secrets/<service> \
            (generated at first apply, mode 0600); they are never printed. Exit status: 0 when the broker matches \
            afterwards, 1 when something was left (extras without --prune, immutable drift without --migrate, \
            non-empty queues without --force) or the apply was declined.
            """
    )

    @OptionGroup var source: TopologySource
    @OptionGroup var management: ManagementOptions

    @Flag(help: "Delete extra and orphaned objects (never a queue holding messages without --force).")
    var prune = false

    @Flag(help: "With --prune: delete extra queues even when they hold messages.")
    var force = false

    @Flag(help: "Migrate queues whose immutable arguments differ, without losing messages.")
    var migrate = false

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Option(help: "The secrets folder. Default: $PASSERELLE_HOME/secrets.")
    var secrets: String?

    init() {}

    func run() async throws {
        let (settings, desired) = try self.source.desired()
        let session = TopologySession(
            settings: settings, desired: desired, client: try self.management.client(),
            amqp: try self.management.amqp(vhost: desired.vhost))
        let (plan, live, _) = try await session.plan()
        print(PlanRendering.text(plan, desired: desired, live: live), terminator: "")
        guard plan.hasChanges else {
            try await self.applyBridges(settings)
            return
        }
        if !self.yes {
            print("\nApply these changes to vhost \(desired.vhost)? Only 'yes' is accepted: ", terminator: "")
            guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
                print("Apply cancelled.")
                throw ExitCode(1)
            }
        }
        let secrets = SecretStore(directory: self.secrets.map { URL(fileURLWithPath: $0) } ?? defaultSecretsDirectory())
        let options = TopologyApplier.Options(prune: self.prune, force: self.force, migrate: self.migrate)
        let (_, report) = try await session.apply(options: options, secrets: secrets) { print($0) }
        print("")
        for line in report.migrations {
            print(line)
        }
        for line in report.skipped {
            print("left: \(line)")
        }
        print(
            "Apply complete: \(report.done.count) change(s), \(report.migrations.count) migration(s), \(report.skipped.count) left."
        )
        if !report.skipped.isEmpty {
            throw ExitCode(1)
        }
        try await self.applyBridges(settings)
    }

    /// The partner side of the bridges: declared every time (idempotent), since AMQP cannot list bindings.
    private func applyBridges(_ settings: TopologySettings) async throws {
        guard !settings.bridges.isEmpty else { return }
        let hub = try self.source.contracts.load().hub
        let ok = await BridgeTopologyStep.apply(settings: settings, hub: hub) { print($0) }
        if !ok {
            throw ExitCode(1)
        }
    }
}
