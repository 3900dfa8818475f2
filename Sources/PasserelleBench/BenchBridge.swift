import ArgumentParser
import Contracts
import Foundation
import Logging
import Messaging
import PasserelleCLI
import PasserelleOps

extension PasserelleBench {
    /// `passerelle bench bridge`: one bridge direction beside RabbitMQ's Shovel, same messages, same run.
    struct BenchBridge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bridge",
            abstract: "Measure one partner bridge direction (validation on) beside RabbitMQ's own Shovel.",
            discussion: """
                Fills two quorum queues on the hub's node with N messages of the prefecture's contract of B bytes, \
                then moves one with a dynamic Shovel (on-confirm, quorum to quorum on the partners' node) and the \
                other with the bridge (on-confirm, every message validated against the contract), each timed until \
                its destination holds all N; R rounds on fresh vhosts alternate which goes first. Keys (medians over the \
                rounds): bridge_per_s, shovel_per_s, ratio (bridge ÷ shovel). Target: ratio ≥ 1.0 at 512 B and at \
                16 KiB. Needs both nodes of scripts/infra.
                """
        )

        @Option(help: "Messages moved by each.")
        var messages = 20_000

        @Option(help: "Body size in bytes (a valid message of the prefecture's contract, padded).")
        var size = 512

        @Option(help: "Unconfirmed messages in flight, for both (Shovel's src-prefetch-count).")
        var prefetch = 1000

        @Option(help: "Rounds, each on fresh vhosts, alternating which mover goes first; the medians are reported.")
        var rounds = 3

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard self.messages > 0 else { throw ValidationError("--messages must be at least 1, got \(self.messages)") }
            guard (435...52_000).contains(self.size) else {
                throw ValidationError("--size must be between 435 (the smallest prefecture message) and 52000 bytes, got \(self.size)")
            }
            guard (1...65_535).contains(self.prefetch) else { throw ValidationError("--prefetch must be 1...65535") }
            guard (1...21).contains(self.rounds) else { throw ValidationError("--rounds must be 1...21, got \(self.rounds)") }
        }

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            var hub = try AMQPConfiguration(url: environment["PASSERELLE_AMQP_URL"] ?? "amqp://guest:guest@localhost:5672/%2F")
            hub.connectionName = "passerelle bench bridge (hub)"
            var partner = hub
            partner.port = Int(environment["PASSERELLE_PARTNER_AMQP_PORT"] ?? "") ?? 5682
            partner.connectionName = "passerelle bench bridge (partner)"
            let loaded = ContractLoader(root: URL(fileURLWithPath: environment["PASSERELLE_CONTRACTS"] ?? "contracts")).load()
            if let error = loaded.errors.first { throw ValidationError("the contracts do not load: \(error)") }
            let management = { (url: String) in
                try ManagementClient(
                    baseURL: url, username: environment["PASSERELLE_MANAGEMENT_USER"] ?? "guest",
                    password: environment["PASSERELLE_MANAGEMENT_PASSWORD"] ?? "guest", timeout: .seconds(30))
            }
            let settings = BridgeBenchmark.Settings(
                hubAMQP: hub, partnerAMQP: partner,
                hubManagement: try management(environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? "http://localhost:15672"),
                partnerManagement: try management(environment["PASSERELLE_PARTNER_MANAGEMENT_URL"] ?? "http://localhost:15682"),
                messages: self.messages, size: self.size, prefetch: self.prefetch, contracts: loaded.hub)
            var logger = Logger(label: "passerelle.bench")
            logger.logLevel = .warning
            let result = try await BridgeBenchmark(settings: settings, rounds: self.rounds, logger: logger) { line in
                FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
            }.run()
            if self.json {
                try JSONOutput.print(result)
                return
            }
            var table = TextTable(headers: ["ROUND", "FIRST", "BRIDGE MSG/S", "SHOVEL MSG/S"])
            for (index, round) in result.rounds.enumerated() {
                table.append([
                    "\(index + 1)", round.shovelFirst ? "shovel" : "bridge",
                    String(format: "%.0f", Double(result.messages) / round.bridgeSeconds),
                    String(format: "%.0f", Double(result.messages) / round.shovelSeconds),
                ])
            }
            table.append(["median", "", String(format: "%.0f", result.bridge_per_s), String(format: "%.0f", result.shovel_per_s)])
            print("\(result.messages) messages of \(result.size) bytes (\(result.messageType)), quorum to quorum, on-confirm")
            print(table.render(), terminator: "")
            print(String(format: "ratio (bridge ÷ shovel): %.2f (target ≥ 1.0)", result.ratio))
        }
    }
}
