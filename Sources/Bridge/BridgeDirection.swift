/// Which way a bridge moves messages.
public enum BridgeDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// From the hub's `bridge.<partner>.outbound` to the partner's exchanges: the hub's commands.
    case outbound
    /// From the partner's `bridge.<partner>.inbound` to the hub's exchanges: the partner's events.
    case inbound
}
