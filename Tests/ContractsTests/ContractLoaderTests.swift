import Foundation
import JSONSchema
import Testing

@testable import Contracts

@Suite struct ContractLoaderTests {
    static var repositoryContracts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("contracts")
    }

    func lint(_ files: [String: String]) throws -> [ContractError] {
        let fixtures = try ContractFixtures(files)
        defer { fixtures.remove() }
        let loaded = ContractLoader(root: fixtures.root).load()
        return loaded.errors + ContractLinter.lint(loaded.hub, schemas: ContractSchemas(hub: loaded.hub))
    }

    @Test func theRepositoryContractsLoadAndLintClean() {
        let loaded = ContractLoader(root: Self.repositoryContracts).load()
        let problems = loaded.errors + ContractLinter.lint(loaded.hub, schemas: ContractSchemas(hub: loaded.hub))
        #expect(problems.isEmpty, "\(problems)")
        #expect(loaded.hub.documents.keys.sorted() == ["desk", "documents", "notifications", "prefecture", "procurement", "training", "treasury"])
        let amended = loaded.hub.messages["procurement.tender.amended.v1"]
        #expect(amended?.owner == "procurement")
        #expect(amended?.kind == .event)
        #expect(amended?.exchange == "procurement.events")
        #expect(amended?.senders == ["procurement"])
        #expect(amended?.receivers.contains { $0.context == "notifications" && $0.queue?.name == "notifications.procurement-events" } == true)
        let publish = loaded.hub.messages["procurement.tender.publish.v1"]
        #expect(publish?.kind == .command)
        #expect(publish?.externalSenders == ["portal"])
        #expect(loaded.hub.messages.values.allSatisfy { !$0.examples.isEmpty })
    }

    @Test func aCleanFixtureHasNoProblem() throws {
        #expect(try self.lint(ContractFixtures.owner().merging(ContractFixtures.consumer()) { $1 }).isEmpty)
    }

    @Test func badMessageTypeNamesAreCaughtWithFileLineAndPointer() throws {
        let problems = try self.lint(ContractFixtures.owner(address: "procurement.TenderPublished.v1"))
        let naming = try #require(problems.first { $0.rule == "naming" })
        #expect(naming.file == "procurement/asyncapi.yaml")
        #expect(naming.line == 6)
        #expect(naming.pointer == "/channels/published/address")
    }

    @Test func aTypeOutsideItsOwnersContextIsCaught() throws {
        let problems = try self.lint(ContractFixtures.owner(address: "notifications.tender.published.v1"))
        #expect(problems.contains { $0.rule == "owner" && $0.message.contains("belongs to context notifications") })
    }

    @Test func twoOwnersForOneTypeAreCaught() throws {
        var files = ContractFixtures.owner()
        for (path, content) in ContractFixtures.owner("documents", address: "procurement.tender.published.v1") {
            files[path] = content
        }
        let problems = try self.lint(files)
        #expect(problems.contains { $0.rule == "owner" })
    }

    @Test func aWrongExchangeIsCaught() throws {
        let problems = try self.lint(ContractFixtures.owner(exchange: "procurement.stuff"))
        #expect(problems.contains { $0.rule == "naming" && $0.pointer.hasSuffix("/exchange/name") })
    }

    @Test func aReceivedMessageWithoutSenderIsCaught() throws {
        var files = ContractFixtures.owner().merging(ContractFixtures.consumer()) { $1 }
        files["procurement/asyncapi.yaml"] = files["procurement/asyncapi.yaml"]!.replacingOccurrences(
            of: "  sendPublished:\n    action: send\n    channel: {$ref: '#/channels/published'}\n", with: "")
        let problems = try self.lint(files)
        #expect(problems.contains { $0.rule == "sender" && $0.message.contains("received by notifications but nobody sends it") })
    }

    @Test func aSchemaThatDoesNotCompileIsCaughtAtItsLine() throws {
        let schema = """
            {
              "type": "object",
              "properties": {
                "tenderId": {"type": "string", "minLength": -1}
              }
            }
            """
        let problems = try self.lint(ContractFixtures.owner(schema: schema))
        let problem = try #require(problems.first { $0.rule == "schema" })
        #expect(problem.file == "procurement/schemas/published.json")
        #expect(problem.pointer == "/properties/tenderId/minLength")
        #expect(problem.line == 4)
    }

    @Test func anInvalidExampleIsCaughtAtTheField() throws {
        let problems = try self.lint(ContractFixtures.owner(example: #"{"tenderId": "X-1"}"#))
        let problem = try #require(problems.first { $0.rule == "example" })
        #expect(problem.pointer == "/components/messages/Published/examples/0/payload/tenderId")
        #expect(problem.message.contains("pattern"))
    }

    @Test func undocumentedSchemasAndPropertiesAreCaught() throws {
        let schema = """
            {
              "title": "Published",
              "type": "object",
              "properties": {
                "tenderId": {"type": "string"},
                "buyer": {"type": "object", "description": "Who buys.", "properties": {"siret": {"type": "string"}}}
              }
            }
            """
        let problems = try self.lint(ContractFixtures.owner(schema: schema, example: #"{"tenderId": "T-1"}"#))
            .filter { $0.rule == "description" }
        #expect(problems.map(\.pointer).sorted() == ["", "/properties/buyer/properties/siret", "/properties/tenderId"])
        #expect(problems.first { $0.pointer == "/properties/tenderId" }?.line == 5)
        #expect(problems.allSatisfy { $0.file == "procurement/schemas/published.json" })
    }

    @Test func aMessageWithoutExampleIsCaught() throws {
        let problems = try self.lint(ContractFixtures.owner(example: nil))
        #expect(problems.contains { $0.rule == "example" && $0.message.contains("has no example") })
    }

    @Test func aDanglingReferenceIsCaught() throws {
        let files = ContractFixtures.owner().merging(ContractFixtures.consumer(from: "nowhere")) { $1 }
        let problems = try self.lint(files)
        #expect(problems.contains { $0.rule == "ref" && $0.file == "notifications/asyncapi.yaml" })
    }

    @Test func aQueueOutsideTheConsumersNamespaceIsCaught() throws {
        let files = ContractFixtures.owner().merging(ContractFixtures.consumer(queue: "shared.inbox")) { $1 }
        let problems = try self.lint(files)
        #expect(problems.contains { $0.rule == "naming" && $0.message.contains("shared.inbox") })
    }

    @Test func aYAMLSyntaxErrorNamesItsLine() throws {
        var files = ContractFixtures.owner()
        files["procurement/asyncapi.yaml"] = "asyncapi: 3.0.0\ninfo: {title: x\nchannels: [\n"
        let problems = try self.lint(files)
        let syntax = try #require(problems.first { $0.rule == "syntax" })
        #expect(syntax.line != nil)
    }

    @Test func everyRuleHasADescription() {
        for rule in ["naming", "owner", "sender", "schema", "example"] {
            #expect(ContractLinter.rules[rule] != nil)
        }
    }
}
