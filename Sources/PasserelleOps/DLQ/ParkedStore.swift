public import Foundation
import ServiceRuntime
public import Storage

/// The parked messages of the selected services: each service's schema (its context name) holds
/// `parked_messages` and `parked_message_history` (``RuntimeSchema``). Schemas without the table are skipped.
public struct ParkedStore: Sendable {
    /// What to list, replay or purge.
    public struct Filter: Sendable, Hashable {
        /// `parked`, `replayed` or `purged`; `nil` for every status.
        public var status: String? = "parked"
        /// Only rows of this message type; `nil` for any.
        public var type: String?
        /// Only rows parked at or after this instant.
        public var since: Date?
        /// Only rows parked before this instant.
        public var before: Date?

        /// Creates a filter; the default selects every row still parked.
        public init(status: String? = "parked", type: String? = nil, since: Date? = nil, before: Date? = nil) {
            self.status = status
            self.type = type
            self.since = since
            self.before = before
        }
    }

    /// The database; ``DLQSession/close()`` closes it.
    public let client: PostgresClient
    /// The service schemas that hold the tables.
    public let schemas: [String]

    /// Keeps the services whose schema has `parked_messages`.
    ///
    /// - Parameters:
    ///   - client: The database.
    ///   - services: The candidate services (schema names).
    /// - Throws: ``PostgresError``.
    public init(client: PostgresClient, services: [String]) async throws {
        self.client = client
        var schemas: [String] = []
        for service in services {
            let rows = try await client.query(
                "SELECT to_regclass(\(Self.table(service, "parked_messages"))) IS NOT NULL")
            if try rows.first?.decode(Bool.self, at: 0) == true {
                schemas.append(service)
            }
        }
        self.schemas = schemas
    }

    /// `"schema".name`, safe to splice into SQL.
    static func table(_ schema: String, _ name: String) -> String {
        PostgresIdentifier.quote(schema) + "." + name
    }

    /// Whether a row with this id exists in the schema, whatever its status.
    public func exists(_ id: UUID, in schema: String) async throws -> Bool {
        let table = Self.table(schema, "parked_messages")
        let rows = try await self.client.query("SELECT 1 FROM \(unescaped: table) WHERE id = \(id)")
        return !rows.isEmpty
    }

    /// The rows matching `filter` across the schemas (or only `service`'s), oldest first.
    public func list(_ filter: Filter, service: String? = nil) async throws -> [ParkedMessage] {
        var found: [ParkedMessage] = []
        for schema in self.schemas where service == nil || schema == service {
            let table = Self.table(schema, "parked_messages")
            let rows = try await self.client.query(
                """
                SELECT \(unescaped: ParkedMessage.columns) FROM \(unescaped: table)
                WHERE (\(filter.status)::text IS NULL OR status = \(filter.status))
                  AND (\(filter.type)::text IS NULL OR message_type = \(filter.type))
                  AND (\(filter.since)::timestamptz IS NULL OR parked_at >= \(filter.since))
                  AND (\(filter.before)::timestamptz IS NULL OR parked_at < \(filter.before))
                ORDER BY parked_at, id
                """)
            found += try rows.map { try ParkedMessage(row: $0, service: schema) }
        }
        return found.sorted { ($0.parkedAt, $0.id.uuidString) < ($1.parkedAt, $1.id.uuidString) }
    }

    /// The row with this id in any schema, or `nil`.
    public func find(_ id: UUID) async throws -> ParkedMessage? {
        for schema in self.schemas {
            let table = Self.table(schema, "parked_messages")
            let rows = try await self.client.query(
                "SELECT \(unescaped: ParkedMessage.columns) FROM \(unescaped: table) WHERE id = \(id)")
            if let row = rows.first {
                return try ParkedMessage(row: row, service: schema)
            }
        }
        return nil
    }

    /// The history of a row, oldest first.
    public func history(of message: ParkedMessage) async throws -> [ParkedHistoryEntry] {
        let table = Self.table(message.service, "parked_message_history")
        let rows = try await self.client.query(
            "SELECT action, actor, at, detail FROM \(unescaped: table) WHERE parked_id = \(message.id) ORDER BY at, id")
        return try rows.map { row in
            let (action, actor, at, detail) = try row.decode((String, String, Date, String?).self)
            return ParkedHistoryEntry(action: action, actor: actor, at: at, detail: detail)
        }
    }
}
