import Foundation
import Messaging
import Logging
import ServiceRuntime
import Storage

/// Situations an operator must look at (two contradictory answers, a return nobody can be found for): a row in
/// `alerts` (listed by `passerelle documents alerts`) and a critical log line.
enum OperatorAlerts {
    static func raise(_ kind: String, subject: String, detail: String, at now: Date, cause: String, _ context: HandlerContext) async throws {
        try await context.transaction.execute(
            """
            INSERT INTO alerts (alert_id, kind, subject, detail, raised_at)
            VALUES (\(DerivedID.uuid("alert|\(kind)|\(cause)"))::uuid, \(kind), \(subject), \(detail), \(now))
            ON CONFLICT (alert_id) DO NOTHING
            """)
        context.logger.critical(
            "operator alert", metadata: ["alert.kind": "\(kind)", "alert.subject": "\(subject)", "alert.detail": "\(detail)"])
    }

    /// Keeps a return that matches no transaction (domain §4.3: "stored in the error area").
    static func unattributed(
        _ kind: String, key: String, reason: String, payload: [UInt8], at now: Date, _ context: HandlerContext
    ) async throws {
        try await context.transaction.execute(
            """
            INSERT INTO unattributed_returns (return_id, kind, key, reason, payload, received_at)
            VALUES (\(DerivedID.uuid("return|\(context.event.id)"))::uuid, \(kind), \(key), \(reason),
                \(PostgresRawJSON(bytes: payload)), \(now))
            ON CONFLICT (return_id) DO NOTHING
            """)
        try await self.raise("unattributedReturn", subject: key, detail: reason, at: now, cause: context.event.id, context)
    }
}
