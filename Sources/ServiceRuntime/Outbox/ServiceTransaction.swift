public import ContractMessaging
public import Foundation
import Messaging
public import Storage

/// A database transaction on the service's own schema, in which messages are published through the
/// outbox: a published message is a row of `outbox`, committed (or rolled back) with everything else the
/// transaction did, and sent by the relay after the commit.
///
/// Handlers receive one in their ``HandlerContext``; ``ServiceHost/withTransaction(_:)`` opens one for
/// commands and timers.
public struct ServiceTransaction: Sendable {
    /// The PostgreSQL transaction. Services go through ``query(_:)`` and ``execute(_:)``, which insert the
    /// messages published so far before a statement that could see the difference.
    let postgres: PostgresTransaction
    /// The service's schema (also the `search_path` of the transaction).
    public let schema: String
    let table: PostgresIdentifier
    let source: String
    let catalog: MessageCatalog
    /// The message being handled, whose trace context and correlation the published messages inherit.
    let cause: CloudEvent?
    /// The messages published and not inserted yet, shared by every view of this database transaction.
    let pending: OutboxBuffer

    init(
        postgres: PostgresTransaction, schema: PostgresIdentifier, source: String, catalog: MessageCatalog,
        cause: CloudEvent?, pending: OutboxBuffer
    ) {
        self.postgres = postgres
        self.schema = schema.name
        self.table = schema
        self.source = source
        self.catalog = catalog
        self.cause = cause
        self.pending = pending
    }

    /// Runs a statement in the transaction and returns its rows.
    ///
    /// A savepoint statement, or one naming the outbox, first inserts the messages published so far.
    public func query(_ query: PostgresQuery) async throws(PostgresError) -> PostgresRows {
        try await self.flushIfNeeded(before: query)
        return try await self.postgres.query(query)
    }

    /// Runs a statement in the transaction and returns the number of rows it affected.
    ///
    /// A savepoint statement, or one naming the outbox, first inserts the messages published so far.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws(PostgresError) -> Int {
        try await self.flushIfNeeded(before: query)
        return try await self.postgres.execute(query)
    }

    /// Inserts the messages published so far into the outbox (the runtime does it before the commit).
    func flushOutbox() async throws(PostgresError) {
        try await self.pending.flush(into: self.table, transaction: self.postgres)
    }

    private func flushIfNeeded(before query: PostgresQuery) async throws(PostgresError) {
        guard !self.pending.isEmpty, OutboxBuffer.mustFlush(before: query.sql) else { return }
        try await self.flushOutbox()
    }

    /// Publishes a message through the outbox: validated against its contract now, written to `outbox` in
    /// this transaction (the rows of a transaction are inserted together, in publish order, just before the
    /// commit or before a savepoint statement), sent after the commit.
    ///
    /// - Parameters:
    ///   - message: The payload.
    ///   - aggregate: The key whose messages keep their order (e.g. the tender id). Default: the subject,
    ///     else the message id (no ordering constraint).
    ///   - subject: The CloudEvents `subject`.
    ///   - deliverAt: Send no earlier than this (a durable timer). Default: now.
    ///   - id: The message id. Default: a new UUID. A deterministic id makes a publish idempotent for the
    ///     consumers' inboxes.
    /// - Returns: The message id.
    /// - Throws: ``ContractViolation`` naming the field and rule, `ContractDecodingError` for a type not in
    ///   the contracts, or ``PostgresError``.
    @discardableResult
    public func publish<Message: ContractMessage>(
        _ message: Message,
        aggregate: String? = nil,
        subject: String? = nil,
        deliverAt: Date? = nil,
        id: String = UUID().uuidString.lowercased()
    ) async throws -> String {
        var envelope = TypedPublisher.Envelope(id: id, subject: subject)
        if let cause = self.cause {
            envelope.correlationID = cause.correlationID ?? cause.id
            envelope.causationID = cause.id
            let parent = cause.traceparent.flatMap { TraceContext(traceparent: $0, tracestate: cause.tracestate) }
            let context = parent?.child() ?? TraceContext.root()
            envelope.traceparent = context.traceparent
            envelope.tracestate = context.state
        } else {
            envelope.traceparent = TraceContext.root().traceparent
        }
        let (event, exchange) = try self.catalog.makeEvent(message, envelope: envelope, source: self.source)
        let key = aggregate ?? subject ?? id
        let partition = OutboxPartition.of(key)
        let attributes = OutboxAttributes(event).json()
        self.pending.append(
            OutboxBuffer.Row(
                messageID: event.id, type: event.type, exchange: exchange, routingKey: event.type, aggregate: key,
                partition: Int32(partition), attributes: attributes, body: Data(event.data),
                deliverAt: deliverAt ?? Date()))
        return event.id
    }
}

/// The relay partition of an aggregate key: a stable hash (FNV-1a), so every instance agrees.
enum OutboxPartition {
    static func of(_ key: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % UInt32(RuntimeSchema.partitionCount))
    }
}
