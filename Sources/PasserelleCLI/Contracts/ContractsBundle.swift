import ArgumentParser
import Contracts
import Foundation
import ProcurementDomain
import Topology

extension Passerelle.ContractsCommand {
    /// `passerelle contracts bundle PARTNER`: a partner's contract as standard files it can use on its own.
    struct ContractsBundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bundle",
            abstract: "Write a partner's contract as a self-contained folder: AsyncAPI, its schemas, the shared ones.",
            discussion: """
                Writes DIR/<partner>/asyncapi.yaml, DIR/<partner>/schemas/*.json and every schema they reference \
                outside the partner's folder (e.g. DIR/common/schemas/types.json), at the paths they have under \
                contracts/, so relative $refs resolve and each $id names its file; plus DIR/README.md listing the \
                files with their $id and SHA-256. A DIR that a previous run wrote is replaced. Only the contexts \
                listed under partners: in the topology settings are bundled. Exit status: 0 when written, 1 when \
                the partner's files break a contract rule (nothing is written), 2 on a usage error.
                """
        )

        @Argument(help: "The partner context, e.g. prefecture.")
        var partner: String

        @Option(help: "The folder to write. Default: ./<partner>-contracts.")
        var output: String?

        @OptionGroup var location: ContractsLocation

        @Option(
            help: "The topology settings file (its partners: list). Default: $PASSERELLE_TOPOLOGY, else topology/passerelle.yaml.")
        var settings: String?

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        /// One written file, for the table, the JSON and the README.
        struct Entry: Encodable {
            var path: String
            var id: String?
            var sha256: String
            var bytes: Int
        }

        struct Report: Encodable {
            var ok: Bool
            var partner: String
            var version: String?
            var output: String?
            var files: [Entry]
            var problems: [ContractProblem]
        }

        /// The first line of the README: what marks a folder as one this command may replace.
        static let marker = "<!-- Written by `passerelle contracts bundle"

        func run() async throws {
            let (loaded, document) = try self.partnerContract()
            let bundle = ContractBundle(context: self.partner, root: self.location.url)
            let paths = Set(bundle.files.map(\.path))
            let located = (loaded.errors + ContractSchemas(hub: loaded.hub).errors).filter { paths.contains($0.file) }
            let problems = (bundle.errors + located).map(ContractProblem.init)
            guard problems.isEmpty else {
                if self.json {
                    try JSONOutput.print(Report(
                        ok: false, partner: self.partner, version: document.version, files: [], problems: problems))
                } else {
                    print(ContractProblem.table(problems), terminator: "")
                    print("\(problems.count) problems in the files of \(self.partner): nothing written (passerelle contracts lint)")
                }
                throw ExitCode.failure
            }
            let folder = self.outputURL
            try Self.checkReplaceable(folder)
            let entries = try Self.write(bundle, document: document, to: folder)
            if self.json {
                try JSONOutput.print(Report(
                    ok: true, partner: self.partner, version: document.version, output: folder.path, files: entries,
                    problems: []))
            } else {
                // Every schema's $id is the published base + its FILE (checked above), so the table leaves it out.
                var table = TextTable(columns: [.init("FILE"), .init("BYTES", alignment: .right), .init("SHA-256")])
                for entry in entries {
                    table.append([entry.path, "\(entry.bytes)", String(entry.sha256.prefix(12)) + "…"])
                }
                print(table.render(), terminator: "")
                print(
                    "\(entries.count) files and README.md written to \(folder.path); "
                        + "each schema's $id is \(ContractSchemas.publishedBase)<FILE>")
            }
        }

        var outputURL: URL {
            Self.inWorkingDirectory(self.output ?? "\(self.partner)-contracts")
        }

        var settingsURL: URL {
            Self.inWorkingDirectory(
                self.settings ?? ProcessInfo.processInfo.environment["PASSERELLE_TOPOLOGY"] ?? "topology/passerelle.yaml")
        }

        static func inWorkingDirectory(_ path: String) -> URL {
            let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            return URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL
        }

        /// The loaded contracts and the partner's document, or a usage error for a context that is unknown or
        /// not a partner.
        func partnerContract() throws -> (ContractLoader.Result, ContractDocument) {
            let loaded = try self.location.load()
            guard let document = loaded.hub.documents[self.partner] else {
                let known = loaded.hub.documents.keys.sorted().joined(separator: ", ")
                throw ValidationError(
                    "no context \(self.partner) in \(self.location.url.path) (the contexts are \(known))")
            }
            let settings: TopologySettings
            do {
                settings = try TopologySettings(contentsOf: self.settingsURL)
            } catch {
                throw ValidationError("--settings: \(error.message)")
            }
            guard settings.partners.contains(self.partner) else {
                let file = self.settingsURL.path
                let partners =
                    FileManager.default.fileExists(atPath: file)
                    ? "partners: \(settings.partners.isEmpty ? "none" : settings.partners.joined(separator: ", "))"
                    : "there is no such file; give it with --settings"
                throw ValidationError(
                    "\(self.partner) is not a partner: only the contexts under partners: in \(file) are bundled "
                        + "(\(partners))")
            }
            return (loaded, document)
        }

        /// Refuses to replace a folder that is neither missing, empty nor an earlier bundle.
        static func checkReplaceable(_ folder: URL) throws {
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return }
            guard isDirectory.boolValue else {
                throw ValidationError("--output: \(folder.path) is a file")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            let readme = try? String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
            guard contents.isEmpty || readme?.hasPrefix(Self.marker) == true else {
                throw ValidationError(
                    "--output: \(folder.path) exists and is not a contracts bundle; choose another folder")
            }
        }

        /// Writes the files and the README into a fresh folder next to `folder`, then puts it in its place.
        static func write(_ bundle: ContractBundle, document: ContractDocument, to folder: URL) throws -> [Entry] {
            let manager = FileManager.default
            let parent = folder.deletingLastPathComponent()
            let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).\(UUID().uuidString)")
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            do {
                var entries: [Entry] = []
                for file in bundle.files {
                    let data = try Data(contentsOf: file.url)
                    let target = staging.appendingPathComponent(file.path)
                    try manager.createDirectory(
                        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try data.write(to: target)
                    entries.append(Entry(
                        path: file.path, id: file.id, sha256: ContentDigest.sha256Hex(data), bytes: data.count))
                }
                let readme = Self.readme(partner: bundle.context, document: document, entries: entries)
                try Data(readme.utf8).write(to: staging.appendingPathComponent("README.md"))
                if manager.fileExists(atPath: folder.path) {
                    try manager.removeItem(at: folder)
                }
                try manager.moveItem(at: staging, to: folder)
                return entries
            } catch {
                try? manager.removeItem(at: staging)
                throw error
            }
        }

        static func readme(partner: String, document: ContractDocument, entries: [Entry]) -> String {
            var text = """
                \(Self.marker) \(partner)`; do not edit. -->
                # \(document.title): messaging contract \(document.version)

                The messages Passerelle and \(partner) exchange, as standard files:

                - `\(partner)/asyncapi.yaml`: the AsyncAPI 3.0.0 document (channels, operations, messages, examples).
                - `*/schemas/*.json`: the JSON Schema 2020-12 payload schemas (the CloudEvents `data`). Each `$id` is
                  `\(ContractSchemas.publishedBase)` followed by the file's path in this folder, and every `$ref` is
                  relative, so a validator resolves them from these files, or from a schema store keyed by `$id`,
                  without fetching anything.
                - The CloudEvents attributes travel as AMQP headers: `cloudEvents_<name>` (CloudEvents AMQP binding)
                  or `ce-<name>` (the CloudEvents SDKs' RabbitMQ binding), as agreed for the bridge.

                | File | `$id` | SHA-256 |
                |---|---|---|

                """
            for entry in entries {
                text += "| `\(entry.path)` | \(entry.id.map { "`\($0)`" } ?? "—") | `\(entry.sha256)` |\n"
            }
            return text
        }
    }
}
