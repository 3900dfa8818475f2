import Foundation
import JSONSchema
import Testing

@testable import Contracts

/// Schema `$id`s are `https://contracts.passerelle.example/<path under contracts/>`: the `id` lint rule, and
/// relative `$ref`s resolving against them the way a standard validator does.
@Suite struct SchemaIDTests {
    static let root = ContractLoaderTests.repositoryContracts

    /// Every schema file under `contracts/*/schemas/`, by path relative to `contracts/`.
    static func schemaFiles() throws -> [(path: String, document: SourceDocument)] {
        var files: [(String, SourceDocument)] = []
        for context in try FileManager.default.contentsOfDirectory(atPath: Self.root.path).sorted() {
            let folder = Self.root.appendingPathComponent(context).appendingPathComponent("schemas")
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            where name.hasSuffix(".json") {
                let path = "\(context)/schemas/\(name)"
                files.append((path, try SourceDocument(url: folder.appendingPathComponent(name), path: path)))
            }
        }
        return files
    }

    @Test func theIDIsThePublishedBasePlusThePath() {
        #expect(ContractSchemas.publishedBase == "https://contracts.passerelle.example/")
        #expect(
            ContractSchemas.publishedID(forPath: "prefecture/schemas/prefecture.act.transmit.v1.json")
                == "https://contracts.passerelle.example/prefecture/schemas/prefecture.act.transmit.v1.json")
    }

    @Test func everyRepositorySchemaHasItsPublishedID() throws {
        let files = try Self.schemaFiles()
        #expect(files.count > 60)
        #expect(files.contains { $0.path == "common/schemas/types.json" })
        for (path, document) in files {
            #expect(document.root.objectValue?["$id"]?.stringValue == ContractSchemas.publishedID(forPath: path), "\(path)")
        }
    }

    /// What a standard validator does: no file paths, every schema in a store under its `$id`, each compiled
    /// with its `$id` as the base. The examples give the same results as through ``ContractSchemas``.
    @Test func relativeReferencesResolveAgainstTheIDs() throws {
        var store = SchemaRegistry()
        for (_, document) in try Self.schemaFiles() {
            store.register(document.root, as: try #require(document.root.objectValue?["$id"]?.stringValue))
        }
        let loaded = ContractLoader(root: Self.root).load()
        let hub = ContractSchemas(hub: loaded.hub)
        var checked = 0
        for message in loaded.hub.sortedMessages {
            let id = try #require(message.schemaID, "\(message.type)")
            let standard = try JSONSchema.compile(message.schema, baseURI: id, registry: store, options: .contracts)
            for example in message.examples {
                #expect(standard.validate(example.payload).isValid, "\(message.type) \(example.name)")
                #expect(hub.validate(example.payload, as: message.type)?.isValid == true)
                checked += 1
            }
            // A payload that breaks a shared definition is refused the same way.
            if case .object(var broken) = message.examples.first?.payload, broken.keys.contains("transmissionId") {
                broken["transmissionId"] = "not-a-uuid"
                #expect(!standard.validate(.object(broken)).isValid)
                #expect(hub.validate(.object(broken), as: message.type)?.isValid == false)
            }
        }
        #expect(checked > 60)
    }

    @Test func oneSchemaFileCompilesAgainstItsNeighbours() throws {
        let url = Self.root.appendingPathComponent("prefecture/schemas/prefecture.act.transmit.v1.json")
        let compiled = try ContractSchemas.compile(fileAt: url)
        let loaded = ContractLoader(root: Self.root).load()
        let example = try #require(loaded.hub.messages["prefecture.act.transmit.v1"]?.examples.first)
        #expect(compiled.validate(example.payload).isValid)
    }

    func lint(schema: String) throws -> [ContractError] {
        let fixtures = try ContractFixtures(ContractFixtures.owner(schema: schema))
        defer { fixtures.remove() }
        let loaded = ContractLoader(root: fixtures.root).load()
        return loaded.errors + ContractLinter.lint(loaded.hub, schemas: ContractSchemas(hub: loaded.hub))
    }

    static let body = #""title": "Published", "description": "A tender was published.", "type": "object", "properties": {"tenderId": {"type": "string", "description": "Tender id."}}"#

    @Test func lintNamesAWrongID() throws {
        for id in ["urn:passerelle:schema:procurement.tender.published.v1", "https://contracts.passerelle.example/procurement/published.json"] {
            let problems = try self.lint(schema: #"{"$id": "\#(id)", \#(Self.body)}"#)
            #expect(problems.count == 1, "\(problems)")
            let problem = try #require(problems.first)
            #expect(problem.rule == "id")
            #expect(problem.file == "procurement/schemas/published.json")
            #expect(problem.pointer == "/$id")
            #expect(problem.line == 1)
            #expect(problem.message.contains("https://contracts.passerelle.example/procurement/schemas/published.json"))
            #expect(problem.message.contains("the published base + the file's path under contracts/"))
        }
    }

    @Test func lintNamesAMissingID() throws {
        let problems = try self.lint(schema: "{\(Self.body)}")
        #expect(problems.map(\.rule) == ["id"])
        #expect(problems.first?.message.contains("has no $id") == true)
        #expect(ContractLinter.rules["id"] != nil)
    }
}
