import ArgumentParser
import Contracts
import Foundation

extension Passerelle.ContractsCommand {
    /// `passerelle contracts lint`: naming, owners, senders, schemas and examples.
    struct ContractsLint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check the contracts: naming, one owner per type, a sender for every receiver, schemas, examples.",
            discussion: "Exit status: 0 when the contracts are clean, 1 when a rule is broken, 2 on a usage error."
        )

        @OptionGroup var location: ContractsLocation

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        struct Report: Encodable {
            var ok: Bool
            var documents: Int
            var messages: Int
            var problems: [ContractProblem]
        }

        func run() async throws {
            let loaded = try self.location.load()
            let schemas = ContractSchemas(hub: loaded.hub)
            let problems = (loaded.errors + ContractLinter.lint(loaded.hub, schemas: schemas)).map(ContractProblem.init)
            let report = Report(
                ok: problems.isEmpty, documents: loaded.hub.documents.count, messages: loaded.hub.messages.count,
                problems: problems)
            if self.json {
                try JSONOutput.print(report)
            } else {
                if !problems.isEmpty {
                    print(ContractProblem.table(problems), terminator: "")
                }
                print("\(report.documents) documents, \(report.messages) message types, \(problems.count) problems")
            }
            if !problems.isEmpty {
                throw ExitCode.failure
            }
        }
    }
}
