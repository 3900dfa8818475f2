public import Foundation
public import Messaging
public import Storage

/// One `parked_messages` row, and the only code that inserts one: the runtime when it parks a delivery, and
/// `passerelle dlq sync` (the `PasserelleOps` library) for a message it finds in a parking queue without a row.
///
/// A row is always stored sanitised (``storable()``): whatever a sender put in a message, its row can be
/// written. When even that fails, ``withoutProperties(because:)`` is the last row to try.
public struct ParkedMessageRow: Sendable, Hashable {
    /// The row's id; the runtime copies it into the parked message's `x-passerelle-parked-id` header.
    public var id: UUID
    /// The queue the message was consumed from.
    public var consumerQueue: String
    /// `<consumerQueue>.dlq` or `<consumerQueue>.invalid`.
    public var parkingQueue: String
    /// `failed`, `invalid` or `delivery-limit`; the table refuses anything else.
    public var reason: String
    /// The message id; with ``consumerQueue`` it identifies a parked row (one per message while parked).
    public var messageID: String?
    /// The contract message type, if known.
    public var messageType: String?
    /// Where a replay publishes the message again.
    public var originalExchange: String
    /// The routing key a replay uses.
    public var originalRoutingKey: String
    /// Why the message was parked, for the operator.
    public var error: String
    /// Deliveries (or delay-level passes) before parking; stored clamped to `0...Int32.max`.
    public var attempts: Int
    /// The properties and headers, stored as ``StoredProperties`` JSON so a replay sends them unchanged.
    public var properties: AMQPProperties
    /// The body, stored as it came (`bytea` takes any bytes).
    public var body: [UInt8]

    /// Creates a row from its columns.
    public init(
        id: UUID, consumerQueue: String, parkingQueue: String, reason: String, messageID: String?,
        messageType: String?, originalExchange: String, originalRoutingKey: String, error: String, attempts: Int,
        properties: AMQPProperties, body: [UInt8]
    ) {
        self.id = id
        self.consumerQueue = consumerQueue
        self.parkingQueue = parkingQueue
        self.reason = reason
        self.messageID = messageID
        self.messageType = messageType
        self.originalExchange = originalExchange
        self.originalRoutingKey = originalRoutingKey
        self.error = error
        self.attempts = attempts
        self.properties = properties
        self.body = body
    }

    /// The row as it can be stored: NUL escaped in every text column and property, names (message id and
    /// type, exchange, routing key) cut to 255 bytes, header values to 64 KiB, header nesting to 16 levels
    /// (``StoredProperties/storable(_:)``), and ``error`` followed by what was changed
    /// (`[stored sanitised: message_id: NUL escaped; …]`). The body is kept as it came.
    ///
    /// A row that needs nothing comes back unchanged, so calling it again changes nothing.
    public func storable() -> ParkedMessageRow {
        var row = self
        var changes: [String] = []
        func name(_ label: String, _ value: String) -> String {
            let (text, change) = StorableText.storable(value, limit: StorableText.maxNameBytes)
            if !change.isEmpty { changes.append("\(label): \(change.describe(limit: StorableText.maxNameBytes))") }
            return text
        }
        if let id = self.messageID { row.messageID = name("message id", id) }
        if let type = self.messageType { row.messageType = name("message type", type) }
        row.consumerQueue = name("consumer queue", self.consumerQueue)
        row.parkingQueue = name("parking queue", self.parkingQueue)
        row.originalExchange = name("original exchange", self.originalExchange)
        row.originalRoutingKey = name("original routing key", self.originalRoutingKey)
        let properties = StoredProperties.storable(self.properties)
        row.properties = properties.properties
        changes += properties.changes
        let error = StorableText.storable(self.error, limit: Int.max)
        row.error = error.text
        if !error.change.isEmpty { changes.append("error: \(error.change.describe(limit: Int.max))") }
        if !changes.isEmpty {
            row.error += "\n[stored sanitised: \(changes.joined(separator: "; "))]"
        }
        return row
    }

    /// The last row to try when the sanitised one could not be written: no headers, only the message id
    /// and type of the properties, the error cut to 8 KiB and followed by why the properties are missing.
    /// The body is kept.
    public func withoutProperties(because failure: any Error) -> ParkedMessageRow {
        var row = self.storable()
        var properties = AMQPProperties()
        properties.messageID = row.messageID
        properties.type = row.messageType
        row.properties = properties
        let reason = StorableText.storable("\(failure)", limit: 1024).text
        row.error = StorableText.storable(row.error, limit: 8192).text + "\n[properties not stored: \(reason)]"
        return row
    }

    /// Whether PostgreSQL refused a row because of what it holds (a value it cannot store, a limit), rather
    /// than because it is unavailable: such a row will never be written as it is.
    public static func isContentRefusal(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        switch error.code {
        case .invalidBind, .malformedValue, .typeMismatch:
            return true
        default:
            // Data exceptions (22…), integrity violations (23…), program limits (54…: too large, too deep).
            let state = error.serverFields?.sqlState.rawValue ?? ""
            return ["22", "23", "54"].contains(String(state.prefix(2)))
        }
    }

    /// Inserts the row, as ``storable()`` makes it, and its `parked` history entry in `transaction`, unless
    /// the id exists or the same message is already parked for the consumer queue (the unique index on
    /// `consumer_queue, message_id` among parked rows): then nothing is written.
    ///
    /// - Parameters:
    ///   - schema: The service schema holding `parked_messages` and `parked_message_history`.
    ///   - actor: Who parks it, for the history (`runtime:<service>`, `dlq-sync:<user>`).
    ///   - detail: The history entry's detail.
    ///   - transaction: The transaction; the caller commits it before acknowledging the message.
    /// - Returns: Whether the row was inserted.
    /// - Throws: ``PostgresError``.
    public func insert(
        schema: PostgresIdentifier, actor: String, detail: String?, in transaction: PostgresTransaction
    ) async throws(PostgresError) -> Bool {
        let row = self.storable()
        let properties = PostgresRawJSON(StoredProperties.json(row.properties))
        let inserted = try await transaction.execute(
            """
            INSERT INTO \(identifier: schema).parked_messages
                (id, consumer_queue, parking_queue, reason, message_id, message_type, original_exchange,
                 original_routing_key, error, attempts, properties, body)
            VALUES (\(row.id), \(row.consumerQueue), \(row.parkingQueue), \(row.reason), \(row.messageID),
                    \(row.messageType), \(row.originalExchange), \(row.originalRoutingKey), \(row.error),
                    \(Int32(clamping: max(0, row.attempts))), \(properties), \(Data(row.body)))
            ON CONFLICT DO NOTHING
            """)
        guard inserted == 1 else { return false }
        let detail = detail.map { StorableText.storable($0, limit: 2000).text }
        try await transaction.execute(
            """
            INSERT INTO \(identifier: schema).parked_message_history (parked_id, action, actor, detail)
            VALUES (\(row.id), 'parked', \(StorableText.storable(actor, limit: 255).text), \(detail))
            """)
        return true
    }
}
