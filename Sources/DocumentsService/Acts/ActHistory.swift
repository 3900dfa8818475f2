import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage

/// The append-only status history of an act (domain §3.6); `acts.status` repeats the latest entry.
enum ActHistory {
    static func record(
        _ actId: String, _ status: ActStatus, at: Date, message: String? = nil, flux: String? = nil,
        in transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            INSERT INTO act_status (act_id, status, at, message, return_flux)
            VALUES (\(actId)::uuid, \(status.rawValue), \(at), \(message), \(flux))
            """)
        try await transaction.execute(
            "UPDATE acts SET status = \(status.rawValue), status_at = \(at) WHERE act_id = \(actId)::uuid")
    }

    /// An entry that does not change the current status (a cancellation sent, a letter answered).
    static func note(_ actId: String, _ status: ActStatus, at: Date, message: String, flux: String?, in transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            """
            INSERT INTO act_status (act_id, status, at, message, return_flux)
            VALUES (\(actId)::uuid, \(status.rawValue), \(at), \(message), \(flux))
            """)
    }
}
