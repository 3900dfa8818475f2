import ArgumentParser
import Bridge
import Foundation
import PasserelleOps
import Topology

extension Passerelle {
    /// `passerelle status`: per service and consumer queue, depth, consumers, rates, retry and parking.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each service's queues: depth, consumers, rates, retrying and parked messages.",
            discussion:
                "The management statistics refresh every few seconds. Exit status 0, or 1 when the broker cannot be read."
        )

        @OptionGroup var source: TopologySource
        @OptionGroup var management: ManagementOptions

        @Flag(help: "Print JSON instead of a table.")
        var json = false

        @Flag(help: "Refresh the table until interrupted.")
        var watch = false

        @Option(help: "Seconds between refreshes with --watch.")
        var interval = 2

        init() {}

        mutating func validate() throws {
            guard self.interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
            if self.watch && self.json { throw ValidationError("--watch prints a table; drop --json") }
        }

        func run() async throws {
            let (_, desired) = try self.source.desired()
            let broker = TopologyBroker(client: try self.management.client(), vhost: desired.vhost)
            repeat {
                let rows = ServiceStatus.rows(for: desired, statistics: try await broker.queueStatistics())
                if self.json {
                    try JSONOutput.print(rows)
                } else {
                    if self.watch {
                        print("\u{1B}[H\u{1B}[2J", terminator: "")  // clear the screen
                        print("vhost \(desired.vhost) — \(Date())\n")
                    }
                    print(Self.table(rows), terminator: "")
                    print(await Self.bridgeTable(), terminator: "")
                    print(await Self.documentsTable(), terminator: "")
                }
                if self.watch {
                    try await Task.sleep(for: .seconds(self.interval))
                }
            } while self.watch
        }

        /// The partner bridges, when their process answers (`passerelle bridge status` has the details).
        static func bridgeTable() async -> String {
            let options = try? BridgeOptions.parse([])
            guard let options, let snapshots = try? await options.fetchStatus(), !snapshots.isEmpty else {
                return "\nBridges: the bridge process does not answer (passerelle bridge status)\n"
            }
            var table = TextTable(headers: ["BRIDGE", "DIRECTION", "STATE", "BACKLOG", "IN FLIGHT", "RATE/S", "QUARANTINED", "LAST ERROR"])
            for bridge in snapshots {
                table.append([
                    bridge.partner, bridge.direction, bridge.state, bridge.backlog.map(String.init) ?? "-", "\(bridge.inFlight)",
                    String(format: "%.1f", bridge.ratePerSecond), "\(bridge.quarantined)", bridge.lastError ?? "-",
                ])
            }
            return "\n" + table.render()
        }

        static func table(_ rows: [ServiceStatus]) -> String {
            var table = TextTable(columns: [
                .init("SERVICE"), .init("QUEUE"), .init("READY", alignment: .right),
                .init("UNACKED", alignment: .right),
                .init("CONSUMERS", alignment: .right), .init("PUBLISH/S", alignment: .right),
                .init("DELIVER/S", alignment: .right), .init("RETRYING", alignment: .right),
                .init("DLQ", alignment: .right),
                .init("INVALID", alignment: .right),
            ])
            for row in rows {
                table.append([
                    row.service, row.present ? row.queue : row.queue + " (missing)", String(row.ready),
                    String(row.unacknowledged), String(row.consumers), String(format: "%.1f", row.publishRate),
                    String(format: "%.1f", row.deliverRate), String(row.retrying), String(row.deadLettered),
                    String(row.invalid),
                ])
            }
            return table.render()
        }
    }
}
