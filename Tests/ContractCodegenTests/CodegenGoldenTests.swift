import ContractCodegen
import Contracts
import Foundation
import Testing

/// The generator's output for `Fixtures/contracts` (one event with every construct it translates) must
/// equal `Fixtures/expected`. After a deliberate change of the output, rewrite the expected files with
/// `PASSERELLE_UPDATE_GOLDEN=1 swift test --filter CodegenGoldenTests` and review the diff.
@Suite struct CodegenGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func generate() throws -> [ContractCodegen.Module] {
        let root = Self.fixtures.appendingPathComponent("contracts")
        let loaded = ContractLoader(root: root).load()
        #expect(loaded.errors.isEmpty, "\(loaded.errors)")
        return try ContractCodegen(hub: loaded.hub, root: root, displayRoot: "contracts").generate()
    }

    @Test func theOutputEqualsTheGoldenFiles() throws {
        let modules = try self.generate()
        #expect(modules.map(\.name) == ["CommonContracts", "GoldenContracts"])
        #expect(modules.first { $0.name == "GoldenContracts" }?.dependencies == ["CommonContracts", "ContractTypes"])
        let expected = Self.fixtures.appendingPathComponent("expected")
        let update = ProcessInfo.processInfo.environment["PASSERELLE_UPDATE_GOLDEN"] == "1"
        var paths: [String] = []
        for file in modules.flatMap(\.files) {
            let url = expected.appendingPathComponent(file.path + ".golden")
            paths.append(file.path)
            if update {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
            }
            let golden = try String(contentsOf: url, encoding: .utf8)
            #expect(file.contents == golden, "\(file.path) differs from its golden file")
        }
        #expect(paths == [
            "CommonContracts/FileReference.swift", "GoldenContracts/GoldenMessages.swift",
            "GoldenContracts/ParcelShipped.swift",
        ])
    }

    @Test func twoRunsGiveTheSameBytes() throws {
        #expect(try self.generate() == self.generate())
    }

    @Test func theManifestBlockIsReplacedAndNothingElse() throws {
        let modules = try self.generate()
        let manifest = """
            let a = 1
            // codegen:begin contracts: old
            let contractTargets: [Target] = []
            // codegen:end contracts
            let b = 2

            """
        let block = PackageManifestBlock(moduleOverride: nil)
        let updated = try block.replace(in: manifest, with: modules)
        #expect(updated.hasPrefix("let a = 1\n// codegen:begin contracts: written by"))
        #expect(updated.hasSuffix("// codegen:end contracts\nlet b = 2\n"))
        #expect(updated.contains(
            #".target(name: "GoldenContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),"#))
        #expect(throws: CodegenError.self) { try PackageManifestBlock(moduleOverride: "SampleContracts").replace(in: manifest, with: modules) }
    }
}
