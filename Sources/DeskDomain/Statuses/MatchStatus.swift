/// The status of a match, an expert's handling of a need (domain §5.3, checked against Place des Entreprises):
/// `quo` → `takingCare` → `done` / `doneNoHelp` / `doneNotReachable`; from `quo`, also `notForMe` or directly a
/// `done…` status. Closed statuses are final.
public enum MatchStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sent, not yet answered.
    case quo
    /// The expert took the need (sets `takenCareOfAt`).
    case takingCare
    case done
    case doneNoHelp
    case doneNotReachable
    /// The expert declines the need.
    case notForMe

    /// Whether the status is final (sets `closedAt`).
    public var isClosed: Bool {
        switch self {
        case .quo, .takingCare: return false
        case .done, .doneNoHelp, .doneNotReachable, .notForMe: return true
        }
    }

    /// The statuses a match may move to from `self`.
    public var allowedNext: Set<MatchStatus> {
        switch self {
        case .quo: return [.takingCare, .notForMe, .done, .doneNoHelp, .doneNotReachable]
        case .takingCare: return [.done, .doneNoHelp, .doneNotReachable]
        case .done, .doneNoHelp, .doneNotReachable, .notForMe: return []
        }
    }

    public func canTransition(to next: MatchStatus) -> Bool {
        self.allowedNext.contains(next)
    }
}
