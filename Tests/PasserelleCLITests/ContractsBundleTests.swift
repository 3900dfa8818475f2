import ArgumentParser
import Foundation
import Testing

@testable import PasserelleCLI

/// `passerelle contracts bundle`: the repository's prefecture contract, written as a self-contained folder.
@Suite struct ContractsBundleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let contracts = Self.repository.appendingPathComponent("contracts")
    static let settings = Self.repository.appendingPathComponent("topology/passerelle.yaml")

    typealias Bundle = Passerelle.ContractsCommand.ContractsBundle

    static func command(_ partner: String, output: URL, _ extra: [String] = []) throws -> Bundle {
        try Bundle.parse(
            [partner, "--contracts", Self.contracts.path, "--settings", Self.settings.path, "--output", output.path] + extra)
    }

    static func withTemporaryFolder(_ body: (URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await body(folder)
    }

    /// The root `$id` of a bundled JSON file.
    static func id(of url: URL) throws -> String? {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return object?["$id"] as? String
    }

    @Test func thePrefectureBundleHoldsItsSchemasAndTheSharedOnes() async throws {
        try await Self.withTemporaryFolder { root in
            let output = root.appendingPathComponent("prefecture-contracts")
            try await Self.command("prefecture", output: output, ["--json"]).run()
            let manager = FileManager.default
            let asyncAPI = output.appendingPathComponent("prefecture/asyncapi.yaml")
            #expect(try Data(contentsOf: asyncAPI) == Data(contentsOf: Self.contracts.appendingPathComponent("prefecture/asyncapi.yaml")))
            let schemas = try manager.contentsOfDirectory(atPath: output.appendingPathComponent("prefecture/schemas").path).sorted()
            let original = try manager.contentsOfDirectory(atPath: Self.contracts.appendingPathComponent("prefecture/schemas").path)
                .filter { $0.hasSuffix(".json") }.sorted()
            #expect(schemas == original)
            #expect(schemas.contains("prefecture.act.transmit.v1.json"))
            // The shared schemas the prefecture's refer to, at the same relative place.
            #expect(try manager.contentsOfDirectory(atPath: output.appendingPathComponent("common/schemas").path).sorted()
                == ["identifiers.json", "types.json"])
            #expect(try manager.contentsOfDirectory(atPath: output.path).sorted() == ["README.md", "common", "prefecture"])
            // Each schema's $id names its place in the bundle.
            var jsonFiles: [String] = []
            for folder in ["prefecture/schemas", "common/schemas"] {
                for name in try manager.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path) {
                    let path = "\(folder)/\(name)"
                    jsonFiles.append(path)
                    #expect(try Self.id(of: output.appendingPathComponent(path)) == "https://contracts.passerelle.example/\(path)")
                }
            }
            // The README lists every file with its $id and SHA-256.
            let readme = try String(contentsOf: output.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(readme.hasPrefix(Bundle.marker))
            #expect(readme.contains("| `prefecture/asyncapi.yaml` | — | `"))
            for path in jsonFiles {
                #expect(readme.contains("| `\(path)` | `https://contracts.passerelle.example/\(path)` | `"), "\(path)")
            }
            #expect(readme.split(separator: "\n").filter { $0.hasPrefix("| `") }.count == jsonFiles.count + 1)
        }
    }

    @Test func theBundleIsReplacedByANewRunButNoOtherFolderIs() async throws {
        try await Self.withTemporaryFolder { root in
            let output = root.appendingPathComponent("out")
            try await Self.command("treasury", output: output).run()
            let stale = output.appendingPathComponent("treasury/schemas/treasury.pes.removed.v1.json")
            try Data("{}".utf8).write(to: stale)
            try await Self.command("treasury", output: output).run()
            #expect(!FileManager.default.fileExists(atPath: stale.path))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("common/schemas/types.json").path))
            let other = root.appendingPathComponent("notes")
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: other.appendingPathComponent("todo.txt"))
            let error = await #expect(throws: ValidationError.self) {
                try await Self.command("treasury", output: other).run()
            }
            #expect(error.map { "\($0)" }?.contains("not a contracts bundle") == true)
            #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("todo.txt").path))
        }
    }

    @Test(arguments: [
        ("procurement", "procurement is not a partner"), ("nowhere", "no context nowhere"), ("common", "no context common"),
    ])
    func anythingButAPartnerIsAUsageError(context: String, message: String) async throws {
        try await Self.withTemporaryFolder { root in
            let output = root.appendingPathComponent("out")
            let error = await #expect(throws: ValidationError.self) {
                try await Self.command(context, output: output).run()
            }
            let thrown = try #require(error)
            #expect(Passerelle.exitCode(for: thrown) == .validationFailure)  // exit status 2 through CommandRunner
            #expect("\(thrown)".contains(message), "\(thrown)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    @Test func theDefaultOutputIsNamedAfterThePartner() throws {
        let command = try Bundle.parse(["prefecture"])
        #expect(command.outputURL.lastPathComponent == "prefecture-contracts")
        #expect(command.outputURL.deletingLastPathComponent().path == FileManager.default.currentDirectoryPath)
        #expect(try Passerelle.parseAsRoot(["contracts", "bundle", "treasury", "--json"]) is Bundle)
    }
}
