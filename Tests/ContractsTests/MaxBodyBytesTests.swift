import Foundation
import Testing

@testable import Contracts

/// `x-passerelle-max-body-bytes` on a message: read per type, 1 MiB when absent, and lint refuses anything
/// but a positive integer of at most 256 MiB.
@Suite struct MaxBodyBytesTests {
    func load(_ limit: String?) throws -> (hub: ContractHub, errors: [ContractError]) {
        var files = ContractFixtures.owner()
        if let limit {
            files["procurement/asyncapi.yaml"] = files["procurement/asyncapi.yaml"]!.replacingOccurrences(
                of: "      name: procurement.tender.published.v1\n",
                with: "      name: procurement.tender.published.v1\n      x-passerelle-max-body-bytes: \(limit)\n")
        }
        let fixtures = try ContractFixtures(files)
        defer { fixtures.remove() }
        let loaded = ContractLoader(root: fixtures.root).load()
        return (loaded.hub, loaded.errors + ContractLinter.lint(loaded.hub, schemas: ContractSchemas(hub: loaded.hub)))
    }

    @Test func absentMeansOneMebibyte() throws {
        let (hub, errors) = try self.load(nil)
        #expect(errors.isEmpty, "\(errors)")
        #expect(hub.messages["procurement.tender.published.v1"]?.maxBodyBytes == 1_048_576)
        #expect(MessageContract.defaultMaxBodyBytes == 1_048_576)
    }

    @Test func aDeclaredLimitIsKeptPerType() throws {
        for (text, value) in [("4096", 4096), ("1", 1), ("268435456", 268_435_456), ("2097152.0", 2_097_152)] {
            let (hub, errors) = try self.load(text)
            #expect(errors.isEmpty, "\(text): \(errors)")
            #expect(hub.messages["procurement.tender.published.v1"]?.maxBodyBytes == value)
        }
    }

    @Test func lintRefusesAnythingButAPositiveIntegerUpTo256MiB() throws {
        for text in ["0", "-1", "268435457", "1.5", "'big'", "[1]", "true", "1e30"] {
            let (hub, errors) = try self.load(text)
            let error = try #require(errors.first { $0.pointer.hasSuffix("/x-passerelle-max-body-bytes") }, "\(text)")
            #expect(error.rule == "structure")
            #expect(error.file == "procurement/asyncapi.yaml")
            #expect(error.line != nil)
            #expect(error.message.contains("positive integer of at most 268435456"), "\(error.message)")
            #expect(hub.messages["procurement.tender.published.v1"]?.maxBodyBytes == 1_048_576)
        }
    }

    @Test func theRepositoryContractsDeclareNoLimitOrAValidOne() {
        let loaded = ContractLoader(root: ContractLoaderTests.repositoryContracts).load()
        #expect(loaded.errors.isEmpty)
        #expect(loaded.hub.messages.values.allSatisfy { (1...MessageContract.maxBodyBytesLimit).contains($0.maxBodyBytes) })
    }
}
