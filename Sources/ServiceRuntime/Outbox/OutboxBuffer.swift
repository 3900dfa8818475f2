import Foundation
import Storage
import Synchronization

/// The outbox rows a transaction published and has not inserted yet.
///
/// Publishing appends here; the rows are inserted in one statement (`INSERT … SELECT FROM unnest(…)`, in
/// publish order) when the transaction is about to commit, or earlier, right before a statement that could
/// tell the difference: a savepoint statement (so `ROLLBACK TO SAVEPOINT` takes back exactly what was
/// published after the savepoint) or one naming the outbox. A batch of fifty handled messages that each
/// publish one event thus costs one outbox statement instead of fifty.
///
/// One buffer belongs to one database transaction; the ``ServiceTransaction`` values of the handlers of a
/// batch share it.
final class OutboxBuffer: Sendable {
    /// One pending outbox row.
    struct Row: Sendable {
        var messageID: String
        var type: String
        var exchange: String
        var routingKey: String
        var aggregate: String
        var partition: Int32
        var attributes: String
        var body: Data
        var deliverAt: Date
    }

    private let rows = Mutex<[Row]>([])

    /// Adds a row.
    func append(_ row: Row) {
        self.rows.withLock { $0.append(row) }
    }

    /// Takes every pending row, leaving the buffer empty.
    func take() -> [Row] {
        self.rows.withLock { rows in
            defer { rows.removeAll() }
            return rows
        }
    }

    /// Whether rows are waiting.
    var isEmpty: Bool { self.rows.withLock { $0.isEmpty } }

    /// Inserts the pending rows into `table.outbox` in `transaction`, in publish order.
    func flush(into table: PostgresIdentifier, transaction: PostgresTransaction) async throws(PostgresError) {
        let rows = self.take()
        guard !rows.isEmpty else { return }
        try await transaction.execute(
            """
            INSERT INTO \(identifier: table).outbox
                (message_id, message_type, exchange, routing_key, aggregate_key, partition, attributes, body, deliver_at)
            SELECT m, t, e, r, a, p, at::jsonb, b, d
            FROM unnest(\(rows.map(\.messageID))::text[], \(rows.map(\.type))::text[], \(rows.map(\.exchange))::text[],
                        \(rows.map(\.routingKey))::text[], \(rows.map(\.aggregate))::text[], \(rows.map(\.partition))::int4[],
                        \(rows.map(\.attributes))::text[], \(rows.map(\.body))::bytea[], \(rows.map(\.deliverAt))::timestamptz[])
                 WITH ORDINALITY AS pending(m, t, e, r, a, p, at, b, d, n)
            ORDER BY n
            """)
    }

    /// Whether `sql` must see the pending rows inserted first: savepoint statements, and any statement
    /// naming the outbox.
    static func mustFlush(before sql: String) -> Bool {
        // Byte comparisons on the string's own UTF-8 storage, folded to lower case: this runs before every
        // statement of a transaction that has published.
        var sql = sql
        return sql.withUTF8 { text in
            var start = 0
            while start < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[start]) { start += 1 }
            for keyword in Self.savepointKeywords where Self.matches(keyword, in: text, at: start) {
                return true
            }
            var index = start
            while index + Self.outbox.count <= text.count {
                if Self.matches(Self.outbox, in: text, at: index) { return true }
                index += 1
            }
            return false
        }
    }

    private static let savepointKeywords: [[UInt8]] = ["savepoint", "release", "rollback"].map { Array($0.utf8) }
    private static let outbox = Array("outbox".utf8)

    /// Whether `text` holds `word` (lower-case ASCII) at `offset`, ignoring ASCII case.
    private static func matches(_ word: [UInt8], in text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset + word.count <= text.count else { return false }
        for (position, letter) in word.enumerated() where text[offset + position] | 0x20 != letter {
            return false
        }
        return true
    }
}
