/// A match status change that domain §5.3 does not allow, naming both statuses.
public struct MatchTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let from: MatchStatus
    public let to: MatchStatus

    public init(from: MatchStatus, to: MatchStatus) {
        self.from = from
        self.to = to
    }

    public var description: String {
        let allowed = self.from.allowedNext.map(\.rawValue).sorted().joined(separator: ", ")
        return
            "a match cannot go from \(self.from.rawValue) to \(self.to.rawValue) "
            + "(allowed: \(allowed.isEmpty ? "none, it is closed" : allowed))"
    }
}
