import ArgumentParser
import Bridge
import Contracts
import Foundation
import Logging
import Messaging
import Topology

/// `passerelle bridge …`: the partner bridges (docs/bridges.md).
struct BridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "See, pause and resume the partner bridges, and handle their quarantine.",
        subcommands: [BridgeStatusCommand.self, BridgePauseCommand.self, BridgeResumeCommand.self, QuarantineCommand.self]
    )

    init() {}
}

/// Where the bridge process and the hub are.
struct BridgeOptions: ParsableArguments {
    @Option(help: "The bridge process's HTTP base URL. Default: http://127.0.0.1:$PASSERELLE_BRIDGE_HTTP_PORT (8090).")
    var bridgeURL: String?

    @Option(help: "An operator's token for pause and resume. Default: $PASSERELLE_TOKEN.")
    var token: String?

    @OptionGroup var contracts: ContractsLocation

    init() {}

    var baseURL: String {
        self.bridgeURL ?? "http://127.0.0.1:\(ProcessInfo.processInfo.environment["PASSERELLE_BRIDGE_HTTP_PORT"] ?? "8090")"
    }

    var bearer: String? { self.token ?? ProcessInfo.processInfo.environment["PASSERELLE_TOKEN"] }

    /// The hub as the operator (the user of `PASSERELLE_AMQP_URL`), on the settings' vhost.
    func operatorHub() throws -> AMQPConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let settings = try TopologySettings(
            contentsOf: URL(fileURLWithPath: environment["PASSERELLE_TOPOLOGY"] ?? "topology/passerelle.yaml"))
        var hub = try AMQPConfiguration(url: environment["PASSERELLE_AMQP_URL"] ?? "amqp://guest:guest@localhost:5672/%2F")
        hub.virtualHost = environment["PASSERELLE_VHOST"] ?? settings.vhost
        hub.connectionName = "passerelle bridge cli"
        return hub
    }

    func fetchStatus() async throws -> [BridgeStats.Snapshot] {
        let reply = try await ServiceHTTP.request("GET", self.baseURL + "/bridge/status")
        guard reply.status == 200 else {
            throw ServiceHTTP.Failure(description: "GET \(self.baseURL)/bridge/status answered \(reply.status): \(reply.text)")
        }
        struct Status: Decodable { var bridges: [BridgeStats.Snapshot] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Status.self, from: reply.body).bridges
    }
}
