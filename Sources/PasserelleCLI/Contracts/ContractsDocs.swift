import ArgumentParser
import Contracts
import Foundation

extension Passerelle.ContractsCommand {
    /// `passerelle contracts docs --out DIR`: one Markdown page per service and partner.
    struct ContractsDocs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "docs",
            abstract: "Write one readable page per service: messages, fields with constraints, examples."
        )

        @OptionGroup var location: ContractsLocation

        @Option(help: "The folder to write the pages to (created if needed).")
        var out: String

        init() {}

        func run() async throws {
            let loaded = try self.location.load()
            let folder = URL(fileURLWithPath: self.out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let pages = ContractDocumentation(hub: loaded.hub).pages()
            for (name, text) in pages.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name))
            }
            print("\(pages.count) pages written to \(folder.path)")
            if !loaded.errors.isEmpty {
                FileHandle.standardError.write(Data("the contracts have \(loaded.errors.count) problems: run passerelle contracts lint\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
