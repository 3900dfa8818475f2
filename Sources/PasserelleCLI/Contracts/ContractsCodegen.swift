import ArgumentParser
import ContractCodegen
import Contracts
import Foundation

extension Passerelle.ContractsCommand {
    /// `passerelle contracts codegen`: the `<Context>Contracts` modules from the schemas.
    struct ContractsCodegen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "codegen",
            abstract: "Generate the <Context>Contracts Swift modules (and their Package.swift targets) from the contracts.",
            discussion: """
                Writes Sources/<Context>Contracts/*.swift, one file per message and per shared type, and the \
                `// codegen:begin <key>` block of Package.swift. With --check nothing is written: the command \
                lists what a run would change. Exit status: 0 when up to date (or written), 1 when --check \
                finds a difference or the contracts do not load, 2 on a usage error.
                """
        )

        @OptionGroup var location: ContractsLocation

        @Option(help: "The folder the module folders go to.")
        var sources = "Sources"

        @Option(help: "The package manifest whose codegen block lists the modules.")
        var package = "Package.swift"

        @Option(help: "Put every context into this one module (for example SampleContracts for samples/contracts).")
        var module: String?

        @Flag(help: "Write nothing; exit 1 when the committed files differ from a new run.")
        var check = false

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        struct Report: Encodable {
            var ok: Bool
            var check: Bool
            var modules: [String]
            var files: Int
            var changes: [CodegenWriter.Change]
        }

        func run() async throws {
            let loaded = try self.location.load()
            if !loaded.errors.isEmpty {
                print(ContractProblem.table(loaded.errors.map(ContractProblem.init)), terminator: "")
                throw ExitCode.failure
            }
            let display = self.location.path ?? ProcessInfo.processInfo.environment["PASSERELLE_CONTRACTS"] ?? "contracts"
            let generator = ContractCodegen(
                hub: loaded.hub, root: self.location.url, displayRoot: display, moduleOverride: self.module)
            let modules: [ContractCodegen.Module]
            do {
                modules = try generator.generate()
            } catch {
                print("codegen: \(error)")
                throw ExitCode.failure
            }
            let changes: [CodegenWriter.Change]
            do {
                changes = try CodegenWriter(sources: self.sources, package: self.package, check: self.check)
                    .apply(modules, moduleOverride: self.module)
            } catch let error as CodegenError {
                throw ValidationError(error.description)
            }
            let differences = changes.filter { $0.status != "unchanged" }
            let report = Report(
                ok: !self.check || differences.isEmpty, check: self.check, modules: modules.map(\.name),
                files: modules.reduce(0) { $0 + $1.files.count }, changes: differences)
            if self.json {
                try JSONOutput.print(report)
            } else {
                if !differences.isEmpty {
                    var table = TextTable(columns: [.init("FILE"), .init(self.check ? "WOULD BE" : "STATUS")])
                    for change in differences { table.append([change.path, change.status]) }
                    print(table.render(), terminator: "")
                }
                let verb = self.check ? (differences.isEmpty ? "up to date" : "out of date: run `passerelle contracts codegen`") : "written"
                print("\(report.modules.count) modules, \(report.files) files, \(differences.count) differences: \(verb)")
            }
            if !report.ok { throw ExitCode.failure }
        }
    }
}
