import Contracts
import Foundation
import JSONSchema

/// The repository's contracts, loaded once.
enum BridgeContractsFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let hub: ContractHub = {
        let loaded = ContractLoader(root: root.appendingPathComponent("contracts")).load()
        precondition(loaded.errors.isEmpty, "the contracts do not load: \(loaded.errors)")
        return loaded.hub
    }()

    /// The first example of `type`, as JSON bytes, with `MP2026_014` replaced by `numero`.
    static func example(_ type: String, numero: String? = nil) -> [UInt8] {
        var text = Self.hub.messages[type]!.examples[0].payload.jsonString()
        if let numero { text = text.replacingOccurrences(of: "MP2026_014", with: numero) }
        return Array(text.utf8)
    }
}
