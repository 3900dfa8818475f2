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

/// `$PASSERELLE_HOME/secrets` (default `.passerelle/secrets`).
func defaultSecretsDirectory() -> URL {
    let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"] ?? ".passerelle"
    return URL(fileURLWithPath: home, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        .appendingPathComponent("secrets").standardizedFileURL
}
