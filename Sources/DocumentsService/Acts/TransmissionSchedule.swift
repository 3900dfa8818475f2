import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage

/// Books an act's bytes in the first transmission window with room (domain §3.7). Bookings are serialised by a
/// transaction-scoped advisory lock, so two instances never overfill a window.
struct TransmissionSchedule: Sendable {
    let settings: DocumentsSettings

    func slot(bytes: Int, now: Date, _ transaction: ServiceTransaction) async throws -> Date {
        let window = TransmissionWindow(budgetBytes: self.settings.windowBudgetBytes, length: self.settings.windowLength)
        let seconds = Int(self.settings.windowLength.components.seconds)
        try await transaction.execute("SELECT pg_advisory_xact_lock(hashtext('documents.transmission-window'))")
        let rows = try await transaction.query(
            """
            SELECT (floor(extract(epoch FROM transmit_at) / \(seconds)) * \(seconds))::bigint, sum(total_bytes)::bigint
            FROM acts WHERE transmit_at >= \(window.windowStart(of: now)) GROUP BY 1
            """)
        var booked: [Int: Int] = [:]
        for row in rows { booked[try row.decode(Int.self, at: 0)] = try row.decode(Int.self, at: 1) }
        return window.slot(for: bytes, at: now) { booked[Int($0.timeIntervalSince1970)] ?? 0 }
    }
}
