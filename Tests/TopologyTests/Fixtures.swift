import Contracts
import Foundation
import Topology

/// The repository's real contracts, loaded once.
enum Fixtures {
    static let contractsURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")

    static let hub: ContractHub = {
        let result = ContractLoader(root: contractsURL).load()
        precondition(result.errors.isEmpty, "the contracts must load: \(result.errors)")
        return result.hub
    }()

    static func derive(_ yaml: String = "") throws -> BrokerTopology {
        try TopologyDerivation(settings: TopologySettings(yaml: yaml)).derive(from: self.hub)
    }
}
