import ArgumentParser
import Foundation
import Topology
import Yams

/// `passerelle topology export`: the desired state as RabbitMQ definitions JSON or plain YAML.
struct TopologyExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the desired topology as RabbitMQ definitions JSON or as plain YAML.",
        discussion: """
            definitions: importable with `rabbitmqctl import_definitions` (additive only; users get no password \
            until `topology apply`). yaml: every exchange, queue, binding, policy, user and permission.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case definitions, yaml
    }

    @OptionGroup var source: TopologySource

    @Option(help: "definitions or yaml.")
    var format: Format = .definitions

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    init() {}

    func run() async throws {
        let (_, desired) = try self.source.desired()
        let text = try Self.render(desired, format: self.format)
        if let out = self.out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } else {
            print(text, terminator: "")
        }
    }

    static func render(_ topology: BrokerTopology, format: Format) throws -> String {
        switch format {
        case .definitions:
            return try JSONOutput.string(topology.definitions) + "\n"
        case .yaml:
            let encoder = YAMLEncoder()
            encoder.options.sortKeys = true
            return try encoder.encode(topology)
        }
    }
}
