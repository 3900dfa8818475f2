import ArgumentParser
import Foundation
import Topology

/// `passerelle topology graph`: exchanges, queues and bindings as Mermaid, DOT or SVG.
struct TopologyGraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the desired exchanges, queues and bindings (Mermaid, DOT or SVG).",
        discussion: "SVG goes through Graphviz dot, which scripts/infra installs."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case mermaid, dot, svg
    }

    @OptionGroup var source: TopologySource

    @Option(help: "mermaid, dot or svg.")
    var format: Format = .mermaid

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    init() {}

    func run() async throws {
        let (_, desired) = try self.source.desired()
        let graph = TopologyGraph(topology: desired)
        let output: Data
        switch self.format {
        case .mermaid: output = Data(graph.mermaid().utf8)
        case .dot: output = Data(graph.dot().utf8)
        case .svg: output = try Passerelle.ContractsCommand.ContractsGraph.svg(graph.dot())
        }
        if let out = self.out {
            try output.write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(output)
        }
    }
}
