import Foundation
import ProcurementContracts
import ServiceRuntime
import Storage

/// Durable timers: a row in `timers` (the scheduled-messages table) and an outbox row with `deliver_at`
/// at the due instant, in the same transaction, so a timer survives restarts and fires once. A timer a
/// later change made stale (a moved deadline) is recognised by its id when it fires and ignored.
enum Timers {
    @discardableResult
    static func schedule(
        _ kind: TimerFired.Kind, tenderId: String, lot: Int?, dueAt: Date, settings: ProcurementSettings,
        in transaction: ServiceTransaction
    ) async throws -> String {
        let timerId = UUID().uuidString.lowercased()
        try await transaction.execute(
            """
            INSERT INTO timers (timer_id, tender_id, kind, lot_number, due_at)
            VALUES (\(timerId)::uuid, \(tenderId)::uuid, \(kind.rawValue), \(lot), \(dueAt))
            """)
        if kind == .tenderDeadline {
            try await transaction.execute(
                """
                UPDATE timers SET state = 'stale'
                WHERE tender_id = \(tenderId)::uuid AND kind = 'tenderDeadline' AND state = 'scheduled'
                  AND timer_id <> \(timerId)::uuid
                """)
            try await transaction.execute(
                "UPDATE tenders SET deadline_timer = \(timerId)::uuid WHERE tender_id = \(tenderId)::uuid")
        }
        try await transaction.publish(
            TimerFired(timerId: timerId, kind: kind, tenderId: tenderId, lotNumber: lot, dueAt: dueAt),
            aggregate: "timer:\(timerId)", deliverAt: settings.clock.realInstant(for: dueAt), id: timerId)
        return timerId
    }

    /// Marks a timer fired; `false` when it was not scheduled any more (stale or already fired).
    static func claim(_ timerId: String, in transaction: ServiceTransaction) async throws -> Bool {
        try await transaction.execute(
            "UPDATE timers SET state = 'fired' WHERE timer_id = \(timerId)::uuid AND state = 'scheduled'") == 1
    }
}
