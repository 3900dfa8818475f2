import Contracts
import Topology

/// What one direction of a partner's bridge moves, derived from the partner's contract: the message types
/// allowed, the exchange each goes to on the other side, and the business keys that identify duplicates.
public struct BridgeRoute: Sendable {
    /// One message type allowed on the route.
    public struct Lane: Sendable {
        /// The type, also the routing key.
        public var type: String
        /// The exchange it is published to on the destination broker.
        public var exchange: String
        /// JSON pointers into the payload whose values identify the business fact
        /// (`x-passerelle-business-key`); empty when the CloudEvents id alone identifies it.
        public var businessKey: [String]
    }

    public var partner: String
    public var direction: BridgeDirection
    /// The queue read on the source broker.
    public var sourceQueue: String
    /// The allowed types.
    public var lanes: [String: Lane]

    /// The route of `direction` for `partner`: outbound carries the partner's commands (what the hub sends
    /// it), inbound the partner's events.
    ///
    /// - Throws: ``BridgeError`` (`configuration`) when the contracts define no message for the partner.
    public init(partner: String, direction: BridgeDirection, hub: ContractHub) throws(BridgeError) {
        let kind: MessageContract.Kind = direction == .outbound ? .command : .event
        let messages = hub.sortedMessages.filter { $0.owner == partner && $0.kind == kind }
        guard hub.documents[partner] != nil else {
            throw BridgeError(.configuration, "no contract for partner \(partner) under contracts/")
        }
        self.partner = partner
        self.direction = direction
        self.sourceQueue =
            direction == .outbound
            ? PartnerBridgeSettings.outboundQueue(partner) : PartnerBridgeSettings.inboundQueue(partner)
        self.lanes = Dictionary(
            uniqueKeysWithValues: messages.map {
                ($0.type, Lane(type: $0.type, exchange: $0.exchange, businessKey: $0.businessKey))
            })
    }

    /// The exchanges messages of this route are published to, sorted.
    public var exchanges: [String] { Set(self.lanes.values.map(\.exchange)).sorted() }
}
