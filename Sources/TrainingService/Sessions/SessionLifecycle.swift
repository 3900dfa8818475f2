import Foundation
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// Moves a session along its lifecycle (domain §7.1), refusing moves the lifecycle does not have, and says so
/// (`training.session.status-changed.v1`).
enum SessionLifecycle {
    static func move(
        _ sessionId: String, from current: SessionStatus, to next: SessionStatus, reason: String?, at now: Date, _ transaction: ServiceTransaction
    ) async throws {
        guard current.canMove(to: next) else {
            throw TrainingError(
                .invalidTransition, field: "status", rule: "the session lifecycle (docs/training.md)", "a session cannot go from \(current.rawValue) to \(next.rawValue)"
            ).problem
        }
        try await transaction.execute(
            "UPDATE sessions SET status = \(next.rawValue), updated_at = \(now) WHERE session_id = \(sessionId)::uuid")
        try await transaction.publish(
            SessionStatusChanged(sessionId: sessionId, from: try Reshape.into(current.rawValue), to: try Reshape.into(next.rawValue), reason: reason, at: now),
            aggregate: sessionId)
    }
}
