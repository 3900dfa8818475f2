import ArgumentParser
import Bridge
import Contracts
import Foundation
import PasserelleOps
import Topology

/// `passerelle topology plan`: what `apply` would change, and any drift.
struct TopologyPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would create, update or delete, and any drift.",
        discussion: "Exit status: 0 when the broker matches, 1 when there are changes or drift, 2 on a usage error."
    )

    @OptionGroup var source: TopologySource
    @OptionGroup var management: ManagementOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "List unchanged objects too.")
    var verbose = false

    init() {}

    func run() async throws {
        let (settings, desired) = try self.source.desired()
        let session = TopologySession(
            settings: settings, desired: desired, client: try self.management.client(),
            amqp: try self.management.amqp(vhost: desired.vhost))
        let (plan, live, _) = try await session.plan()
        let bridges = await BridgeTopologyStep.plan(settings: settings, hub: try self.source.contracts.load().hub)
        if self.json {
            var output = PlanJSON(plan)
            output.bridges = bridges
            try JSONOutput.print(output)
        } else {
            print(PlanRendering.text(plan, desired: desired, live: live, verbose: self.verbose), terminator: "")
            print(BridgeTopologyStep.text(bridges.filter { self.verbose || $0.state != "present" }), terminator: "")
        }
        if plan.hasChanges || bridges.contains(where: { $0.state != "present" }) {
            throw ExitCode(1)
        }
    }
}

/// `--json` form of a plan.
struct PlanJSON: Encodable {
    /// The partner side of each bridge.
    var bridges: [PartnerTopology.Item] = []
    var vhost: String
    var createsVHost: Bool
    var hasChanges: Bool
    var counts: [String: Int]
    var entries: [TopologyPlan.Entry]

    init(_ plan: TopologyPlan) {
        self.vhost = plan.vhost
        self.createsVHost = plan.createsVHost
        self.hasChanges = plan.hasChanges
        self.counts = Dictionary(uniqueKeysWithValues: plan.counts.map { ($0.key.rawValue, $0.value) })
        self.entries = plan.entries.filter { $0.action != .unchanged }
    }
}
