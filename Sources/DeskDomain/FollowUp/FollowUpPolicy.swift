import Foundation

/// When an unanswered match is chased (domain §5.4, design defaults): remind the expert after 7 days in `quo`,
/// escalate to the antenne's manager after 14. Days are 24-hour periods from `sentAt` (UTC instants), so a timer
/// keeps its hour across a daylight-saving change in Paris only to within an hour.
public struct FollowUpPolicy: Sendable, Hashable, Codable {
    /// A follow-up action and when it is due.
    public struct Timer: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// Remind the expert.
            case remindExpert
            /// Alert the antenne's manager.
            case escalateToManager
        }

        public let kind: Kind
        public let dueAt: Date

        public init(kind: Kind, dueAt: Date) {
            self.kind = kind
            self.dueAt = dueAt
        }
    }

    public var remindAfterDays: Int
    public var escalateAfterDays: Int

    public init(remindAfterDays: Int = 7, escalateAfterDays: Int = 14) {
        self.remindAfterDays = remindAfterDays
        self.escalateAfterDays = escalateAfterDays
    }

    /// 7 and 14 days.
    public static let standard = FollowUpPolicy()

    /// The timers to schedule for a match sent at `sentAt`, earliest first.
    public func timers(forMatchSentAt sentAt: Date) -> [Timer] {
        [
            Timer(kind: .remindExpert, dueAt: sentAt.addingTimeInterval(Double(self.remindAfterDays) * 86_400)),
            Timer(kind: .escalateToManager, dueAt: sentAt.addingTimeInterval(Double(self.escalateAfterDays) * 86_400)),
        ]
    }

    /// The timers that have fired by `now` for a match still in `status`; none once the match left `quo`.
    public func dueTimers(forMatchSentAt sentAt: Date, status: MatchStatus, now: Date) -> [Timer] {
        guard status == .quo else { return [] }
        return self.timers(forMatchSentAt: sentAt).filter { $0.dueAt <= now }
    }
}
