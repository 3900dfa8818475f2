/// The status of a solicitation (domain §5.1): `inProgress → processed`, or `inProgress → canceled` (spam,
/// duplicate, out of scope). Both ends are final.
public enum SolicitationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case inProgress
    case processed
    case canceled

    /// Whether the solicitation may move from `self` to `next`.
    public func canTransition(to next: SolicitationStatus) -> Bool {
        self == .inProgress && next != .inProgress
    }
}
