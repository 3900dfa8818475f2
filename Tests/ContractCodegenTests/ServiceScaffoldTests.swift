import ContractCodegen
import Contracts
import Foundation
import ServiceScaffold
import Testing

/// `passerelle new service`'s templates: what it refuses, and a contract that loads, lints and generates.
@Suite struct ServiceScaffoldTests {
    static let contracts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("contracts")
    let hub = ContractLoader(root: Self.contracts).load().hub

    @Test func namesTypesAndKindsAreChecked() {
        for name in ["Library", "l", "my-service", "9lives", "procurement", "common"] {
            #expect(throws: ScaffoldError.self, "\(name)") { try ServiceScaffold(name: name, consumes: [], hub: self.hub, httpPort: 8090) }
        }
        #expect(throws: ScaffoldError.self) {
            try ServiceScaffold(name: "library", consumes: ["procurement.no.such.v1"], hub: self.hub, httpPort: 8090)
        }
        #expect(throws: ScaffoldError.self) {
            try ServiceScaffold(name: "library", consumes: ["procurement.tender.publish.v1"], hub: self.hub, httpPort: 8090)
        }
    }

    @Test func theContractItWritesLintsCleanAndGeneratesItsTypes() throws {
        let scaffold = try ServiceScaffold(
            name: "library", consumes: ["procurement.tender.published.v1"], hub: self.hub, httpPort: 8090)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: Self.contracts, to: root.appendingPathComponent("contracts"))
        for file in scaffold.files where file.path.hasPrefix("contracts/") {
            let url = root.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let loaded = ContractLoader(root: root.appendingPathComponent("contracts")).load()
        let problems = loaded.errors + ContractLinter.lint(loaded.hub, schemas: ContractSchemas(hub: loaded.hub))
        #expect(problems.isEmpty, "\(problems)")
        let receiver = loaded.hub.messages["procurement.tender.published.v1"]?.receivers.first { $0.context == "library" }
        #expect(receiver?.queue?.name == "library.procurement-events")
        let modules = try ContractCodegen(hub: loaded.hub, root: root.appendingPathComponent("contracts"), displayRoot: "contracts")
            .generate()
        let library = try #require(modules.first { $0.name == "LibraryContracts" })
        #expect(library.files.map(\.path) == [
            "LibraryContracts/LibraryMessages.swift", "LibraryContracts/RecordCreate.swift", "LibraryContracts/RecordCreated.swift",
        ])
        #expect(scaffold.files.map(\.path).contains("Sources/LibraryService/LibraryService.swift"))
        #expect(try scaffold.registering(in: "let serviceTargets: [Target] = [\n    // services:end\n]").contains(#"name: "passerelle-library""#))
    }
}
