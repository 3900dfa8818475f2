import ArgumentParser
import Contracts
import Foundation

extension Passerelle.ContractsCommand {
    /// `passerelle contracts graph`: which service sends which message to which service.
    struct ContractsGraph: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Draw which service sends which message to which service (Mermaid, DOT or SVG).",
            discussion: "SVG goes through Graphviz dot, which scripts/infra installs."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case mermaid, dot, svg
        }

        @OptionGroup var location: ContractsLocation

        @Option(help: "mermaid, dot or svg.")
        var format: Format = .mermaid

        @Option(help: "Write to this file instead of standard output.")
        var out: String?

        init() {}

        func run() async throws {
            let graph = ContractGraph(hub: try self.location.load().hub)
            let output: Data
            switch self.format {
            case .mermaid: output = Data(graph.mermaid().utf8)
            case .dot: output = Data(graph.dot().utf8)
            case .svg: output = try Self.svg(graph.dot())
            }
            if let out = self.out {
                try output.write(to: URL(fileURLWithPath: out))
            } else {
                FileHandle.standardOutput.write(output)
            }
        }

        static func svg(_ dot: String) throws -> Data {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["dot", "-Tsvg"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            do {
                try process.run()
            } catch {
                throw ValidationError("--format svg needs Graphviz dot (apt-get install graphviz, or scripts/infra up)")
            }
            input.fileHandleForWriting.write(Data(dot.utf8))
            try input.fileHandleForWriting.close()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("dot failed with status \(process.terminationStatus); is Graphviz installed?")
            }
            return data
        }
    }
}
