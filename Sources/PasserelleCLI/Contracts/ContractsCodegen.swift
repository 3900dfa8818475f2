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

        struct Change: Encodable {
            var path: String
            /// `created`, `changed`, `removed` or `unchanged`.
            var status: String
        }

        struct Report: Encodable {
            var ok: Bool
            var check: Bool
            var modules: [String]
            var files: Int
            var changes: [Change]
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
            var changes = try self.sourceChanges(modules)
            changes.append(try self.manifestChange(modules))
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

        /// Compares (and unless `--check`, writes) each module's folder; stale `.swift` files are removed.
        func sourceChanges(_ modules: [ContractCodegen.Module]) throws -> [Change] {
            let manager = FileManager.default
            var changes: [Change] = []
            for module in modules {
                let folder = URL(fileURLWithPath: self.sources).appendingPathComponent(module.name)
                let existing = Set(
                    ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".swift") })
                var generated: Set<String> = []
                for file in module.files {
                    let url = URL(fileURLWithPath: self.sources).appendingPathComponent(file.path)
                    generated.insert(url.lastPathComponent)
                    let current = try? String(contentsOf: url, encoding: .utf8)
                    let status = current == nil ? "created" : current == file.contents ? "unchanged" : "changed"
                    changes.append(Change(path: "\(self.sources)/\(file.path)", status: status))
                    if !self.check, status != "unchanged" {
                        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                        try file.contents.write(to: url, atomically: true, encoding: .utf8)
                    }
                }
                for stale in existing.subtracting(generated).sorted() {
                    changes.append(Change(path: "\(self.sources)/\(module.name)/\(stale)", status: "removed"))
                    if !self.check { try manager.removeItem(at: folder.appendingPathComponent(stale)) }
                }
            }
            return changes
        }

        func manifestChange(_ modules: [ContractCodegen.Module]) throws -> Change {
            let block = PackageManifestBlock(moduleOverride: self.module)
            guard let manifest = try? String(contentsOfFile: self.package, encoding: .utf8) else {
                throw ValidationError("--package: cannot read \(self.package)")
            }
            let updated: String
            do {
                updated = try block.replace(in: manifest, with: modules)
            } catch {
                throw ValidationError(error.description)
            }
            if updated == manifest { return Change(path: self.package, status: "unchanged") }
            if !self.check { try updated.write(toFile: self.package, atomically: true, encoding: .utf8) }
            return Change(path: self.package, status: "changed")
        }
    }
}
