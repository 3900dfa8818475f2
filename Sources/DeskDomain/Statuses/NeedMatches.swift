import Foundation

/// The matches of one need, enforcing the unique `(expertId, needId)` of domain §5.2 step 5.
public struct NeedMatches: Sendable, Hashable, Codable {
    /// Matching an expert who already has a match for the need.
    public struct DuplicateMatchError: Error, Sendable, Hashable, CustomStringConvertible {
        public let needId: UUID
        public let expertId: String

        public var description: String {
            "expert \(self.expertId) is already matched to need \(self.needId.uuidString) "
                + "((expertId, needId) is unique)"
        }
    }

    public let needId: UUID
    public private(set) var matches: [Match]

    public init(needId: UUID) {
        self.needId = needId
        self.matches = []
    }

    /// Adds a match in `quo` for `expertId`.
    ///
    /// - Throws: ``DuplicateMatchError`` when the expert is already matched to this need.
    @discardableResult
    public mutating func add(expertId: String, sentAt: Date) throws(DuplicateMatchError) -> Match {
        guard !self.matches.contains(where: { $0.expertId == expertId }) else {
            throw DuplicateMatchError(needId: self.needId, expertId: expertId)
        }
        let match = Match(needId: self.needId, expertId: expertId, sentAt: sentAt)
        self.matches.append(match)
        return match
    }

    /// Changes the status of `expertId`'s match; `false` when the expert has no match for the need.
    ///
    /// - Throws: ``MatchTransitionError`` when §5.3 does not allow the change.
    @discardableResult
    public mutating func update(expertId: String, to status: MatchStatus, at instant: Date) throws(MatchTransitionError)
        -> Bool
    {
        guard let index = self.matches.firstIndex(where: { $0.expertId == expertId }) else { return false }
        try self.matches[index].transition(to: status, at: instant)
        return true
    }

    /// The need's status, aggregated from its matches.
    public var status: NeedStatus {
        NeedStatus.aggregate(self.matches.map(\.status))
    }
}
