import Foundation
import ServiceRuntime
import Storage
import TrainingDomain

extension SessionTimers {
    /// Writes the session's timers: a timer whose instant moved fires again; one that no longer applies is dropped.
    static func store(_ sessionId: String, plan: SessionPlan, settings: TrainingSettings, in transaction: ServiceTransaction) async throws {
        for timer in SessionTimer.allCases {
            if let due = timer.due(for: plan, minimumCheckDays: settings.minimumCheckDays) {
                try await transaction.execute(
                    """
                    INSERT INTO timers (session_id, kind, due_at) VALUES (\(sessionId)::uuid, \(timer.rawValue), \(due))
                    ON CONFLICT (session_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at,
                        fired_at = CASE WHEN timers.due_at = EXCLUDED.due_at THEN timers.fired_at ELSE NULL END
                    """)
            } else {
                try await transaction.execute(
                    "DELETE FROM timers WHERE session_id = \(sessionId)::uuid AND kind = \(timer.rawValue) AND fired_at IS NULL")
            }
        }
    }
}

/// The namespace of the session timers' storage and firing.
enum SessionTimers {}
