import ArgumentParser
import Contracts
import Foundation
import Messaging
import PasserelleOps
import Topology

extension Passerelle {
    /// `passerelle topology …`: the broker topology derived from the contracts and `topology/`.
    struct Topology: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "topology",
            abstract: "Compare the contracts with the broker and apply the difference.",
            subcommands: [
                TopologyPlanCommand.self, TopologyApplyCommand.self, TopologyExportCommand.self,
                TopologyGraphCommand.self,
            ]
        )

        init() {}
    }
}

/// Where the settings are: `--settings FILE`, else `$PASSERELLE_TOPOLOGY`, else `topology/passerelle.yaml`.
struct TopologySource: ParsableArguments {
    @OptionGroup var contracts: ContractsLocation

    @Option(help: "The topology settings file. Default: $PASSERELLE_TOPOLOGY, else topology/passerelle.yaml.")
    var settings: String?

    @Option(help: "The virtual host. Default: the settings' vhost (passerelle).")
    var vhost: String?

    var settingsURL: URL {
        let path =
            self.settings ?? ProcessInfo.processInfo.environment["PASSERELLE_TOPOLOGY"] ?? "topology/passerelle.yaml"
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Loads the settings and the contracts and derives the desired topology.
    func desired() throws -> (TopologySettings, BrokerTopology) {
        let settings = try TopologySettings(contentsOf: self.settingsURL)
        let loaded = try self.contracts.load()
        guard loaded.errors.isEmpty else {
            throw ValidationError(
                "the contracts have \(loaded.errors.count) error(s); run `passerelle contracts lint` first")
        }
        let topology = try TopologyDerivation(settings: settings).derive(from: loaded.hub, vhost: self.vhost)
        return (settings, topology)
    }
}

/// How to reach the management API. Each option falls back to its environment variable, then to the
/// local development default (http://localhost:15672, guest/guest).
struct ManagementOptions: ParsableArguments {
    @Option(
        name: .customLong("management-url"), help: "Management API base URL (default: $PASSERELLE_AMQP_MANAGEMENT_URL)."
    )
    var url: String?

    @Option(name: .customLong("management-user"), help: "Management user (default: $PASSERELLE_MANAGEMENT_USER).")
    var user: String?

    @Option(
        name: .customLong("management-password"),
        help: "Management password (default: $PASSERELLE_MANAGEMENT_PASSWORD).")
    var password: String?

    @Option(
        name: .customLong("amqp-url"), help: "Broker AMQP URL, for exact queue counts (default: $PASSERELLE_AMQP_URL).")
    var amqpURL: String?

    /// The AMQP settings for `vhost` (the URL's vhost is replaced).
    func amqp(vhost: String) throws -> AMQPConfiguration {
        let url =
            self.amqpURL ?? ProcessInfo.processInfo.environment["PASSERELLE_AMQP_URL"]
            ?? "amqp://guest:guest@localhost:5672/%2F"
        var configuration = try AMQPConfiguration(url: url)
        configuration.virtualHost = vhost
        configuration.connectionName = "passerelle topology"
        return configuration
    }

    func client() throws -> ManagementClient {
        let environment = ProcessInfo.processInfo.environment
        return try ManagementClient(
            baseURL: self.url ?? environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? "http://localhost:15672",
            username: self.user ?? environment["PASSERELLE_MANAGEMENT_USER"] ?? "guest",
            password: self.password ?? environment["PASSERELLE_MANAGEMENT_PASSWORD"] ?? "guest",
            timeout: .seconds(30)
        )
    }
}

/// `$PASSERELLE_HOME/secrets` (default `.passerelle/secrets`).
func defaultSecretsDirectory() -> URL {
    let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"] ?? ".passerelle"
    return URL(fileURLWithPath: home, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .appendingPathComponent("secrets").standardizedFileURL
}
