import Foundation

/// The durable timers of a session (domain §7.3), each due at an instant computed from its start.
public enum SessionTimer: String, Sendable, Hashable, Codable, CaseIterable {
    /// 7 days before the start: below the minimum, the organiser is alerted (who confirms or cancels); at or
    /// above it, the session is confirmed.
    case minimumCheck
    /// `reminderDaysBefore` days before the start: each booked sign-up reminded once.
    case reminder
    /// The registration closes at the cancellation cut-off: pending approvals expire.
    case registrationClose
    /// The first date begins: the session is in progress.
    case start
    /// The last date ends: the session is held, attendance can be completed.
    case end

    /// When the timer is due, or nil when it does not apply (no dates, reminder off).
    public func due(for plan: SessionPlan, minimumCheckDays: Int = 7) -> Date? {
        guard let start = plan.start, let end = plan.end else { return nil }
        switch self {
        case .minimumCheck: return start.addingTimeInterval(-Double(minimumCheckDays) * 86_400)
        case .reminder: return plan.reminderDaysBefore > 0 ? start.addingTimeInterval(-Double(plan.reminderDaysBefore) * 86_400) : nil
        case .registrationClose: return CancellationPolicy(cutoffHours: plan.cancellationCutoffHours).cutoff(before: start)
        case .start: return start
        case .end: return end
        }
    }
}

/// The cancellation cut-off (48 h before the start by default): an agent may cancel until then, a later cancellation
/// is flagged late, and no seat is promoted from the waitlist after it (the organiser is alerted instead).
public struct CancellationPolicy: Sendable, Hashable {
    public var cutoffHours: Int

    public init(cutoffHours: Int) {
        self.cutoffHours = cutoffHours
    }

    public func cutoff(before start: Date) -> Date { start.addingTimeInterval(-Double(self.cutoffHours) * 3600) }

    /// A cancellation at `now` is late when it comes after the cut-off.
    public func isLate(at now: Date, start: Date?) -> Bool {
        guard let start else { return false }
        return now > self.cutoff(before: start)
    }

    /// A freed seat goes to the waitlist only before the cut-off.
    public func promotes(at now: Date, start: Date?) -> Bool { !self.isLate(at: now, start: start) }
}
