import ArgumentParser
import Contracts
import Foundation
import JSONSchema

extension Passerelle.ContractsCommand {
    /// `passerelle contracts validate`: validates JSON instances against a schema file or a message type.
    struct ContractsValidate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Validate JSON documents against a schema file or a message type's contract.",
            discussion: "Exit status: 0 when every instance is valid, 1 when one is not (or cannot be read), 2 on a usage error."
        )

        @Option(help: "A JSON Schema 2020-12 file (JSON or YAML).")
        var schema: String?

        @Option(help: "A message type, e.g. procurement.tender.published.v1, validated against its contract.")
        var type: String?

        @OptionGroup var location: ContractsLocation

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Argument(help: "The JSON files to validate.")
        var instances: [String]

        init() {}

        func validate() throws {
            guard (self.schema == nil) != (self.type == nil) else {
                throw ValidationError("give exactly one of --schema FILE or --type MESSAGE_TYPE")
            }
            guard !self.instances.isEmpty else {
                throw ValidationError("give at least one instance file")
            }
        }

        struct Finding: Encodable {
            var file: String
            var valid: Bool
            var instanceLocation: String?
            var keywordLocation: String?
            var message: String?

            enum CodingKeys: String, CodingKey {
                case file, valid, message
                case instanceLocation = "instance_location"
                case keywordLocation = "keyword_location"
            }
        }

        func run() async throws {
            let compiled = try self.compiledSchema()
            var findings: [Finding] = []
            for path in self.instances {
                let instance: JSONValue
                do {
                    instance = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: path)))
                } catch {
                    findings.append(Finding(file: path, valid: false, message: "cannot read JSON: \(error)"))
                    continue
                }
                let result = compiled.validate(instance)
                if result.isValid {
                    findings.append(Finding(file: path, valid: true))
                }
                for error in result.errors {
                    findings.append(Finding(
                        file: path, valid: false, instanceLocation: error.instanceLocation,
                        keywordLocation: error.keywordLocation, message: error.message))
                }
            }
            let invalid = Set(findings.filter { !$0.valid }.map(\.file))
            if self.json {
                struct Report: Encodable {
                    var ok: Bool
                    var findings: [Finding]
                }
                try JSONOutput.print(Report(ok: invalid.isEmpty, findings: findings))
            } else {
                var table = TextTable(columns: [.init("FILE"), .init("RESULT"), .init("AT"), .init("RULE", maxWidth: 50), .init("PROBLEM")])
                for finding in findings {
                    table.append([
                        finding.file, finding.valid ? "valid" : "invalid",
                        finding.instanceLocation.map { $0.isEmpty ? "/" : $0 } ?? "", finding.keywordLocation ?? "",
                        finding.message ?? "",
                    ])
                }
                print(table.render(), terminator: "")
                print("\(self.instances.count - invalid.count) valid, \(invalid.count) invalid")
            }
            if !invalid.isEmpty {
                throw ExitCode.failure
            }
        }

        private func compiledSchema() throws -> CompiledSchema {
            if let type = self.type {
                let loaded = try self.location.load()
                let schemas = ContractSchemas(hub: loaded.hub)
                guard let compiled = schemas.schemas[type] else {
                    if let error = schemas.errors.first(where: { $0.message.contains(type) }) {
                        throw ValidationError("--type \(type): \(error)")
                    }
                    throw ValidationError("--type: no message type \(type) in \(self.location.url.path)")
                }
                return compiled
            }
            // Like the hub's schemas: against the file, so relative $refs name the files next to it whatever
            // the published $id says.
            let url = URL(fileURLWithPath: self.schema ?? "").standardizedFileURL
            do {
                return try ContractSchemas.compile(fileAt: url)
            } catch let error as ContractError {
                throw ValidationError("--schema: \(error)")
            } catch {
                throw ValidationError("--schema \(self.schema ?? ""): \(error)")
            }
        }
    }
}
