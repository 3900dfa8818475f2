import ArgumentParser
import Contracts
import Foundation

extension Passerelle {
    /// `passerelle contracts …`: the versioned AsyncAPI contracts under `contracts/`.
    struct ContractsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contracts",
            abstract: "Check, validate against, compare, document and bundle the contracts.",
            subcommands: [
                ContractsLint.self, ContractsCodegen.self, ContractsValidate.self, ContractsCheck.self, ContractsDocs.self,
                ContractsGraph.self, ContractsBundle.self,
            ]
        )

        init() {}
    }
}

/// Where the contracts are: `--contracts DIR`, else `$PASSERELLE_CONTRACTS`, else `./contracts`.
struct ContractsLocation: ParsableArguments {
    @Option(name: .customLong("contracts"), help: "The contracts folder. Default: $PASSERELLE_CONTRACTS, else ./contracts.")
    var path: String?

    var url: URL {
        let path = self.path ?? ProcessInfo.processInfo.environment["PASSERELLE_CONTRACTS"] ?? "contracts"
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Loads the hub, or fails with a usage error when the folder does not exist.
    func load() throws -> ContractLoader.Result {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--contracts: no folder at \(self.url.path)")
        }
        return ContractLoader(root: self.url).load()
    }
}

/// One located problem, for tables and JSON.
struct ContractProblem: Encodable {
    var rule: String
    var file: String
    var line: Int?
    var pointer: String
    var message: String

    init(_ error: ContractError) {
        self.rule = error.rule
        self.file = error.file
        self.line = error.line
        self.pointer = error.pointer
        self.message = error.message
    }

    static func table(_ problems: [ContractProblem]) -> String {
        var table = TextTable(columns: [.init("FILE:LINE"), .init("POINTER", maxWidth: 60), .init("RULE"), .init("PROBLEM")])
        for problem in problems {
            table.append([
                problem.line.map { "\(problem.file):\($0)" } ?? problem.file, "#" + problem.pointer, problem.rule,
                problem.message,
            ])
        }
        return table.render()
    }
}
