import Foundation
public import ServiceRuntime
import Storage

extension ParkedStore {
    /// Inserts a row and its `parked` history entry in one transaction, through the runtime's own writer
    /// (``ParkedMessageRow/insert(schema:actor:detail:in:)``), with `drained from <parking queue>` as detail.
    ///
    /// - Returns: `false` when nothing was inserted because the same message is already parked for the
    ///   consumer queue (the unique index on `consumer_queue, message_id` among parked rows) or the id exists.
    /// - Throws: ``PostgresError``.
    public func insert(_ record: ParkedMessageRow, in schema: String, actor: String) async throws -> Bool {
        let identifier = try PostgresIdentifier(schema)
        let detail = "drained from \(record.parkingQueue)"
        return try await self.client.withTransaction { tx in
            try await record.insert(schema: identifier, actor: actor, detail: detail, in: tx)
        }
    }

    /// Marks a parked row replayed and records the action (and an edit, if any) in one transaction.
    ///
    /// - Parameters:
    ///   - message: The row.
    ///   - actor: Who replayed it.
    ///   - destination: Where it went (`exchange` / `routing key`).
    ///   - editedBody: The body replayed instead of the stored one, recorded by SHA-256 in an `edited` entry.
    /// - Returns: `false` when the row was no longer parked.
    /// - Throws: ``PostgresError``.
    public func markReplayed(
        _ message: ParkedMessage, actor: String, destination: String, editedBody: [UInt8]? = nil
    ) async throws -> Bool {
        let messages = Self.table(message.service, "parked_messages")
        let history = Self.table(message.service, "parked_message_history")
        return try await self.client.withTransaction { tx in
            let updated = try await tx.execute(
                "UPDATE \(unescaped: messages) SET status = 'replayed' WHERE id = \(message.id) AND status = 'parked'")
            guard updated == 1 else { return false }
            if let editedBody {
                try await tx.execute(
                    """
                    INSERT INTO \(unescaped: history) (parked_id, action, actor, detail)
                    SELECT id, 'edited', \(actor),
                        'sha256 ' || encode(sha256(body), 'hex') || ' -> ' || encode(sha256(\(Data(editedBody))), 'hex')
                    FROM \(unescaped: messages) WHERE id = \(message.id)
                    """)
            }
            try await tx.execute(
                """
                INSERT INTO \(unescaped: history) (parked_id, action, actor, detail)
                VALUES (\(message.id), 'replayed', \(actor), \(destination))
                """)
            return true
        }
    }

    /// Marks a parked row purged (the row stays, for the audit) and records the action.
    ///
    /// - Returns: `false` when the row was no longer parked.
    public func markPurged(_ message: ParkedMessage, actor: String) async throws -> Bool {
        let messages = Self.table(message.service, "parked_messages")
        let history = Self.table(message.service, "parked_message_history")
        return try await self.client.withTransaction { tx in
            let updated = try await tx.execute(
                "UPDATE \(unescaped: messages) SET status = 'purged' WHERE id = \(message.id) AND status = 'parked'")
            guard updated == 1 else { return false }
            try await tx.execute(
                """
                INSERT INTO \(unescaped: history) (parked_id, action, actor)
                VALUES (\(message.id), 'purged', \(actor))
                """)
            return true
        }
    }
}
