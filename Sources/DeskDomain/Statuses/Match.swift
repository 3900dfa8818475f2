import Foundation

/// An expert's match for a need (domain §5.2 step 5, §5.3). Instants are UTC.
public struct Match: Sendable, Hashable, Codable {
    public let needId: UUID
    public let expertId: String
    public private(set) var status: MatchStatus
    public let sentAt: Date
    public private(set) var takenCareOfAt: Date?
    public private(set) var closedAt: Date?

    /// A new match, in `quo`.
    public init(needId: UUID, expertId: String, sentAt: Date) {
        self.needId = needId
        self.expertId = expertId
        self.status = .quo
        self.sentAt = sentAt
    }

    /// Moves the match to `next`, setting `takenCareOfAt` when the expert takes it and `closedAt` when it closes.
    ///
    /// - Throws: ``MatchTransitionError`` when §5.3 does not allow the change; the match is unchanged.
    public mutating func transition(to next: MatchStatus, at instant: Date) throws(MatchTransitionError) {
        guard self.status.canTransition(to: next) else {
            throw MatchTransitionError(from: self.status, to: next)
        }
        self.status = next
        if next == .takingCare {
            self.takenCareOfAt = instant
        }
        if next.isClosed {
            self.closedAt = instant
        }
    }
}
