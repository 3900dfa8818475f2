import CommonContracts
import ContractTypes
import Contracts
import DeskContracts
import DocumentsContracts
import Foundation
import JSONSchema
import NotificationsContracts
import PrefectureContracts
import ProcurementContracts
import SampleContracts
import Testing
import TrainingContracts
import TreasuryContracts

/// Every example of `contracts/` and `samples/contracts` decodes into its generated type, and encoding that
/// value again gives JSON that equals the example (members in any order) and validates against the schema.
@Suite struct ContractExampleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let generated: [String: any ContractMessage.Type] = {
        let all: [any ContractMessage.Type] =
            DeskMessages.all + DocumentsMessages.all + NotificationsMessages.all + PrefectureMessages.all
            + ProcurementMessages.all + TrainingMessages.all + TreasuryMessages.all + SampleMessages.all
        return Dictionary(uniqueKeysWithValues: all.map { ($0.messageType, $0) })
    }()

    struct Example: CustomTestStringConvertible, Sendable {
        var type: String
        var name: String
        var payload: JSONValue
        var testDescription: String { "\(self.type) \(self.name)" }
    }

    static func load(_ folder: String) -> (ContractHub, ContractSchemas) {
        let loaded = ContractLoader(root: Self.repository.appendingPathComponent(folder)).load()
        return (loaded.hub, ContractSchemas(hub: loaded.hub))
    }

    static let hubs = [Self.load("contracts"), Self.load("samples/contracts")]

    static var examples: [Example] {
        Self.hubs.flatMap { hub, _ in
            hub.sortedMessages.flatMap { message in
                message.examples.map { Example(type: message.type, name: $0.name, payload: $0.payload) }
            }
        }
    }

    @Test func everyMessageTypeHasAGeneratedType() {
        let types = Self.hubs.flatMap { $0.0.messages.keys }
        #expect(Set(types) == Set(Self.generated.keys))
        #expect(Self.examples.count > 60)
    }

    @Test(arguments: Self.examples) func theExampleRoundTrips(_ example: Example) throws {
        let type = try #require(Self.generated[example.type])
        let encoded = try Self.roundTrip(type, Data(example.payload.jsonString().utf8))
        let again = try JSONValue(parsing: encoded)
        #expect(again == example.payload, "\(again.jsonString())")
        let schemas = try #require(Self.hubs.first { $0.0.messages[example.type] != nil }?.1)
        let result = try #require(schemas.validate(again, as: example.type))
        #expect(result.isValid, "\(result)")
    }

    static func roundTrip<Message: ContractMessage>(_ type: Message.Type, _ data: Data) throws -> Data {
        let value = try ContractCoding.makeDecoder().decode(Message.self, from: data)
        return try ContractCoding.makeEncoder().encode(value)
    }
}
