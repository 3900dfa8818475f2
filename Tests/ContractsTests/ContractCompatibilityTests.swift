import Foundation
import Testing

@testable import Contracts

@Suite struct ContractCompatibilityTests {
    func hub(_ files: [String: String]) throws -> (ContractHub, ContractFixtures) {
        let fixtures = try ContractFixtures(files)
        return (ContractLoader(root: fixtures.root).load().hub, fixtures)
    }

    @Test func aRemovedTypeThatIsStillReceivedBreaks() throws {
        let (old, a) = try self.hub(ContractFixtures.owner().merging(ContractFixtures.consumer()) { $1 })
        defer { a.remove() }
        var files = ContractFixtures.owner(address: "procurement.tender.published.v2").merging(ContractFixtures.consumer()) { $1 }
        files["procurement/asyncapi.yaml"] = files["procurement/asyncapi.yaml"]!.replacingOccurrences(of: "  published:\n    address", with: "  publishedV2:\n    address")
        let (new, b) = try self.hub(files)
        defer { b.remove() }
        let findings = ContractCompatibility.check(old: old, new: new)
        let removed = try #require(findings.first { $0.change == "message removed" })
        #expect(removed.isBreaking)
        #expect(removed.detail.contains("notifications"))
        #expect(findings.contains { $0.change == "new major version" && !$0.isBreaking })
    }

    @Test func aRemovedTypeNobodyReceivesIsAllowed() throws {
        let (old, a) = try self.hub(ContractFixtures.owner())
        defer { a.remove() }
        let (new, b) = try self.hub(ContractFixtures.owner("desk", address: "desk.application.submitted.v1"))
        defer { b.remove() }
        let findings = ContractCompatibility.check(old: old, new: new)
        #expect(findings.contains { $0.change == "message removed" && !$0.isBreaking })
        #expect(findings.contains { $0.change == "message added" })
    }

    @Test func theDefaultRuleIsFull() throws {
        let (old, a) = try self.hub(ContractFixtures.owner())
        defer { a.remove() }
        let widened = #"{"type": "object", "required": ["tenderId"], "properties": {"tenderId": {"type": "string", "pattern": "^T-[0-9]+$"}, "title": {"type": "string"}}}"#
        let (new, b) = try self.hub(ContractFixtures.owner(schema: widened))
        defer { b.remove() }
        let finding = try #require(ContractCompatibility.check(old: old, new: new).first)
        #expect(finding.change == "property added to an open model")
        #expect(finding.ruleBroken == "FULL within v1")
    }

    @Test func aDeclaredForwardRuleAllowsAnAddedOptionalField() throws {
        func forward(_ files: [String: String]) -> [String: String] {
            var files = files
            files["procurement/asyncapi.yaml"] = files["procurement/asyncapi.yaml"]!.replacingOccurrences(
                of: "      name: procurement.tender.published.v1\n",
                with: "      name: procurement.tender.published.v1\n      x-passerelle-compatibility: FORWARD_TRANSITIVE\n")
            return files
        }
        let (old, a) = try self.hub(forward(ContractFixtures.owner()))
        defer { a.remove() }
        let widened = #"{"type": "object", "required": ["tenderId"], "properties": {"tenderId": {"type": "string", "pattern": "^T-[0-9]+$"}, "title": {"type": "string"}}}"#
        let (new, b) = try self.hub(forward(ContractFixtures.owner(schema: widened)))
        defer { b.remove() }
        let findings = ContractCompatibility.check(old: old, new: new)
        #expect(findings.count == 1)
        #expect(findings.allSatisfy { !$0.isBreaking })
    }
}

@Suite struct ContractRenderingTests {
    @Test func docsListFieldsConstraintsAndExamples() throws {
        let fixtures = try ContractFixtures(ContractFixtures.owner().merging(ContractFixtures.consumer()) { $1 })
        defer { fixtures.remove() }
        let pages = ContractDocumentation(hub: ContractLoader(root: fixtures.root).load().hub).pages()
        let page = try #require(pages["procurement.md"])
        #expect(page.contains("### `procurement.tender.published.v1`"))
        #expect(page.contains("| `tenderId` | string | yes | pattern `^T-[0-9]+$` |"))
        #expect(page.contains("\"tenderId\""))
        #expect(page.contains("Received by: notifications (`notifications.procurement-events`)"))
        #expect(pages["index.md"]?.contains("[procurement](procurement.md)") == true)
    }

    @Test func graphDrawsSenderToReceiver() throws {
        let fixtures = try ContractFixtures(ContractFixtures.owner().merging(ContractFixtures.consumer()) { $1 })
        defer { fixtures.remove() }
        let graph = ContractGraph(hub: ContractLoader(root: fixtures.root).load().hub)
        #expect(graph.edges == [ContractGraph.Edge(from: "procurement", to: "notifications", messages: ["procurement.tender.published.v1"])])
        #expect(graph.mermaid().contains(#"procurement -->|"tender.published.v1"| notifications"#))
        #expect(graph.dot().contains(#""procurement" -> "notifications" [label="tender.published.v1"];"#))
    }
}
