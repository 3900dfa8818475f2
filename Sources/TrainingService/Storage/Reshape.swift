import ContractTypes
import Foundation

/// Turns one of the service's values into the contract's type of the same shape (every event repeats the agent and
/// the session as its own nested types), through the contracts' JSON coding. Fields the target lacks are dropped.
enum Reshape {
    static func into<Target: Decodable>(_ value: some Encodable, as type: Target.Type = Target.self) throws -> Target {
        try ContractCoding.makeDecoder().decode(Target.self, from: ContractCoding.makeEncoder().encode(value))
    }
}

/// The agent as every training message and mail names them.
struct AgentInfo: Sendable, Hashable, Codable {
    var agentId: String
    var fullName: String
    var email: String
    var managerEmail: String?
}

/// The session as the agents' messages show it.
struct SessionView: Sendable, Hashable, Codable {
    struct Location: Sendable, Hashable, Codable {
        var name: String
        var communeInsee: String
    }

    struct DateValue: Sendable, Hashable, Codable {
        var start: Date
        var end: Date
    }

    var title: String
    var dates: [DateValue]
    var location: Location
}
