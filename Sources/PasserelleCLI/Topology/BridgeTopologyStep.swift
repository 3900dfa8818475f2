import Bridge
import Contracts
import Foundation
import Logging
import Topology

/// The partner side of `topology plan` and `apply`: each bridge's objects on its partner's vhost
/// (``PartnerTopology``), compared and declared with the hub's account there.
enum BridgeTopologyStep {
    static func plan(settings: TopologySettings, hub: ContractHub) async -> [PartnerTopology.Item] {
        var items: [PartnerTopology.Item] = []
        for partner in settings.bridges.keys.sorted() {
            do {
                let broker = try BridgeConfiguration.partnerBroker(
                    partner: partner, settings: settings, environment: ProcessInfo.processInfo.environment)
                let topology = try Bridge.PartnerTopology(partner: partner, hub: hub)
                items += await topology.plan(on: broker, logger: Self.logger)
            } catch {
                items.append(PartnerTopology.Item(partner: partner, kind: "bridge", name: partner, state: "unknown", detail: error.description))
            }
        }
        return items
    }

    /// Lines for people: what is missing or could not be checked.
    static func text(_ items: [PartnerTopology.Item]) -> String {
        guard !items.isEmpty else { return "" }
        var lines = ["", "Partner brokers (bridges):"]
        for item in items {
            let mark = item.state == "present" ? "=" : item.state == "missing" ? "+" : "!"
            lines.append("  \(mark) \(item.partner): \(item.kind) \(item.name)\(item.state == "present" ? "" : " (\(item.state))")\(item.detail.map { ": \($0)" } ?? "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Declares every bridge's partner-side objects; returns false when one partner failed.
    static func apply(settings: TopologySettings, hub: ContractHub, report: (String) -> Void) async -> Bool {
        var ok = true
        for partner in settings.bridges.keys.sorted() {
            do {
                let broker = try BridgeConfiguration.partnerBroker(
                    partner: partner, settings: settings, environment: ProcessInfo.processInfo.environment)
                let topology = try Bridge.PartnerTopology(partner: partner, hub: hub)
                for line in try await topology.apply(on: broker, logger: Self.logger) {
                    report("bridge \(partner): declared \(line)")
                }
            } catch {
                ok = false
                report("bridge \(partner): partner side not applied: \(error)")
            }
        }
        return ok
    }

    private static var logger: Logger {
        var logger = Logger(label: "passerelle.topology")
        logger.logLevel = .warning
        return logger
    }
}
