import ArgumentParser
import Bridge
import Foundation
import Logging
import Messaging

/// `passerelle bridge status`: each partner and direction.
struct BridgeStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each partner and direction: state, backlog, in flight, rate, last error, quarantined count.",
        discussion: "Exit status: 0 when every direction runs or is paused, 1 when one fails or the bridge process does not answer."
    )

    @OptionGroup var options: BridgeOptions

    @Flag(help: "Print JSON.")
    var json = false

    init() {}

    /// One row: the bridge's own figures and the quarantine's depth on the hub.
    struct Row: Encodable {
        var bridge: BridgeStats.Snapshot
        var quarantinedNow: Int?
    }

    func run() async throws {
        let snapshots: [BridgeStats.Snapshot]
        do {
            snapshots = try await self.options.fetchStatus()
        } catch {
            if self.json {
                try JSONOutput.print(["error": "\(error)"])
            } else {
                print("The bridge process does not answer: \(error)")
            }
            throw ExitCode(1)
        }
        let depths = await self.quarantineDepths(partners: Set(snapshots.map(\.partner)))
        let rows = snapshots.map { Row(bridge: $0, quarantinedNow: depths[$0.partner]) }
        if self.json {
            try JSONOutput.print(rows)
        } else {
            var table = TextTable(headers: [
                "PARTNER", "DIRECTION", "STATE", "BACKLOG", "IN FLIGHT", "RATE/S", "FORWARDED", "QUARANTINED", "LAST ERROR",
            ])
            for row in rows {
                let bridge = row.bridge
                table.append([
                    bridge.partner, bridge.direction, bridge.state, bridge.backlog.map(String.init) ?? "-", "\(bridge.inFlight)",
                    String(format: "%.1f", bridge.ratePerSecond), "\(bridge.forwarded)",
                    row.quarantinedNow.map(String.init) ?? "?", bridge.lastError ?? "-",
                ])
            }
            print(table.render(), terminator: "")
        }
        if snapshots.contains(where: { $0.state == BridgeStats.State.failing.rawValue }) {
            throw ExitCode(1)
        }
    }

    private func quarantineDepths(partners: Set<String>) async -> [String: Int] {
        guard let hub = try? self.options.operatorHub() else { return [:] }
        var options = AMQPConnection.Options()
        options.reconnect = ReconnectBackoff(maxAttempts: 0)
        guard let connection = try? await AMQPConnection.connect(hub, options: options, logger: Logger(label: "passerelle.bridge")) else {
            return [:]
        }
        var depths: [String: Int] = [:]
        for partner in partners {
            depths[partner] = try? await connection.declareQueue(
                AMQPQueueSpec(QuarantineHeaders.exchange(partner)), passive: true
            ).messageCount
        }
        await connection.close()
        return depths
    }
}

/// `passerelle bridge pause PARTNER`.
struct BridgePauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Stop moving a partner's messages (they wait in their queues); survives restarts.")

    @Argument(help: "The partner.") var partner: String
    @Option(help: "Only this direction: inbound or outbound.") var direction: String?
    @OptionGroup var options: BridgeOptions

    init() {}

    func run() async throws {
        try await BridgeSwitch.send("pause", partner: self.partner, direction: self.direction, options: self.options)
    }
}

/// `passerelle bridge resume PARTNER`.
struct BridgeResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Move a paused partner's messages again.")

    @Argument(help: "The partner.") var partner: String
    @Option(help: "Only this direction: inbound or outbound.") var direction: String?
    @OptionGroup var options: BridgeOptions

    init() {}

    func run() async throws {
        try await BridgeSwitch.send("resume", partner: self.partner, direction: self.direction, options: self.options)
    }
}

enum BridgeSwitch {
    static func send(_ action: String, partner: String, direction: String?, options: BridgeOptions) async throws {
        if let direction, BridgeDirection(rawValue: direction) == nil {
            throw ValidationError("--direction must be inbound or outbound, got \(direction)")
        }
        guard let token = options.bearer else {
            throw ValidationError("\(action) needs an operator's token: --token or PASSERELLE_TOKEN (passerelle token issue --role operator)")
        }
        let query = direction.map { "?direction=\($0)" } ?? ""
        let reply = try await ServiceHTTP.request("POST", "\(options.baseURL)/bridge/\(partner)/\(action)\(query)", token: token)
        guard reply.status == 200 else {
            print("\(action) refused (\(reply.status)): \(reply.text)")
            throw ExitCode(1)
        }
        print("\(partner): \(action == "pause" ? "paused" : "resumed") (\(reply.text))")
    }
}
