public import Foundation
import Logging
public import Messaging
public import Storage

/// Parks a message: a `parked_messages` row (with its history) committed first, then a copy with the
/// diagnostic headers in `<queue>.dlq` or `<queue>.invalid`, confirmed, and only then the original is
/// acknowledged. A crash between two steps leaves the original unacknowledged: it comes back, and the
/// unique index on `(consumer_queue, message_id)` keeps a single parked row.
struct ParkingWriter: Sendable {
    /// Why a message is parked.
    enum Reason: String, Sendable {
        case failed
        case invalid
    }

    let context: RuntimeContext
    let queue: String

    /// Parks the delivery; retries while the database or the broker is unavailable (never drops it).
    func park(_ delivery: InboundMessage, reason: Reason, error: String, attempts: Int) async throws {
        let parkingQueue = "\(self.queue).\(reason == .failed ? "dlq" : "invalid")"
        let originalExchange = delivery.headers[RuntimeHeaders.originalExchange]?.stringValue ?? delivery.exchange
        let originalKey = delivery.headers[RuntimeHeaders.originalRoutingKey]?.stringValue ?? delivery.routingKey
        let messageID = delivery.properties.messageID ?? delivery.headers["cloudEvents_id"]?.stringValue
        let messageType = delivery.properties.type ?? delivery.headers["cloudEvents_type"]?.stringValue
        while true {
            try await self.context.breaker.waitUntilPermitted()
            do {
                let id = try await self.record(
                    delivery, parkingQueue: parkingQueue, reason: reason, error: error, attempts: attempts,
                    messageID: messageID, messageType: messageType, originalExchange: originalExchange,
                    originalKey: originalKey)
                var properties = delivery.properties
                properties.headers[RuntimeHeaders.parkedID] = .string(id.uuidString.lowercased())
                properties.headers[RuntimeHeaders.reason] = .string(reason.rawValue)
                properties.headers[RuntimeHeaders.error] = .string(String(error.prefix(RuntimeHeaders.maxErrorLength)))
                properties.headers[RuntimeHeaders.attempt] = .int32(Int32(clamping: attempts))
                properties.headers[RuntimeHeaders.originalExchange] = .string(originalExchange)
                properties.headers[RuntimeHeaders.originalRoutingKey] = .string(originalKey)
                properties.headers[RuntimeHeaders.consumerQueue] = .string(self.queue)
                properties.headers[RuntimeHeaders.parkedAt] = .string(Date().formatted(.iso8601))
                try await self.context.publishConfirmed(
                    AMQPOutboundMessage(
                        exchange: self.context.retryExchange, routingKey: parkingQueue, body: delivery.body,
                        properties: properties))
                do {
                    try delivery.ack()
                } catch {
                    self.context.logger.debug("ack after parking failed; the duplicate will be parked once", metadata: ["error": "\(error)"])
                }
                self.context.metrics.parked(type: messageType ?? "unknown", reason: reason.rawValue)
                self.context.breaker.recordSuccess()
                self.context.logger.warning(
                    "message parked",
                    metadata: [
                        "message.id": "\(messageID ?? "-")", "message.type": "\(messageType ?? "-")",
                        "parking.queue": "\(parkingQueue)", "parked.id": "\(id)", "error": "\(error.prefix(200))",
                    ])
                return
            } catch let failure where FailureKind.classify(failure) == .infrastructure {
                self.context.breaker.recordInfrastructureFailure()
                self.context.logger.warning("parking failed: infrastructure unavailable", metadata: ["error": "\(failure)"])
            }
        }
    }

    private func record(
        _ delivery: InboundMessage, parkingQueue: String, reason: Reason, error: String, attempts: Int,
        messageID: String?, messageType: String?, originalExchange: String, originalKey: String
    ) async throws -> UUID {
        let parked = ParkedMessageRow(
            id: UUID(), consumerQueue: self.queue, parkingQueue: parkingQueue, reason: reason.rawValue,
            messageID: messageID, messageType: messageType, originalExchange: originalExchange,
            originalRoutingKey: originalKey, error: error, attempts: attempts, properties: delivery.properties,
            body: delivery.body)
        let actor = "runtime:\(self.context.service)"
        let queue = self.queue
        return try await self.context.withTransaction(cause: nil) { transaction in
            if try await parked.insert(
                schema: transaction.table, actor: actor, detail: String(error.prefix(2000)), in: transaction.postgres)
            {
                return parked.id
            }
            let existing = try await transaction.query(
                """
                SELECT id FROM parked_messages
                WHERE consumer_queue = \(queue) AND message_id = \(messageID) AND status = 'parked'
                """)
            guard let row = existing.first else {
                throw PermanentError("parked row for \(messageID ?? "-") vanished")
            }
            return try row.decode(UUID.self, at: 0)
        }
    }
}

/// One `parked_messages` row, and the only code that inserts one: the runtime when it parks a delivery, and
/// `passerelle dlq sync` (the `PasserelleOps` library) for a message it finds in a parking queue without a row.
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
    /// Deliveries (or delay-level passes) before parking; stored clamped to 32 bits.
    public var attempts: Int
    /// The properties and headers, stored as ``StoredProperties`` JSON so a replay sends them unchanged.
    public var properties: AMQPProperties
    /// The body, stored as it came.
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

    /// Inserts the row and its `parked` history entry in `transaction`, unless the id exists or the same
    /// message is already parked for the consumer queue (the unique index on `consumer_queue, message_id`
    /// among parked rows): then nothing is written.
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
        let properties = PostgresRawJSON(StoredProperties.json(self.properties))
        let inserted = try await transaction.execute(
            """
            INSERT INTO \(identifier: schema).parked_messages
                (id, consumer_queue, parking_queue, reason, message_id, message_type, original_exchange,
                 original_routing_key, error, attempts, properties, body)
            VALUES (\(self.id), \(self.consumerQueue), \(self.parkingQueue), \(self.reason), \(self.messageID),
                    \(self.messageType), \(self.originalExchange), \(self.originalRoutingKey), \(self.error),
                    \(Int32(clamping: self.attempts)), \(properties), \(Data(self.body)))
            ON CONFLICT DO NOTHING
            """)
        guard inserted == 1 else { return false }
        try await transaction.execute(
            """
            INSERT INTO \(identifier: schema).parked_message_history (parked_id, action, actor, detail)
            VALUES (\(self.id), 'parked', \(actor), \(detail))
            """)
        return true
    }
}
