public import Foundation
public import Storage

/// One row of a service's `parked_messages` table, with the service (the schema) it was read from.
///
/// The columns are those of ``ParkedMessageRow`` (what was written), plus what happened since.
public struct ParkedMessage: Sendable, Hashable, Encodable {
    /// The row's id, also the message's `x-passerelle-parked-id` header.
    public var id: UUID
    /// The service, that is the schema the row was read from.
    public var service: String
    /// The queue the message was consumed from.
    public var consumerQueue: String
    /// `<consumerQueue>.dlq` or `<consumerQueue>.invalid`.
    public var parkingQueue: String
    /// `failed`, `invalid` or `delivery-limit`.
    public var reason: String
    /// The message id, if it had one.
    public var messageID: String?
    /// The contract message type, if known; a replay validates the body against it.
    public var messageType: String?
    /// Where a replay publishes the message.
    public var originalExchange: String
    /// The routing key a replay uses.
    public var originalRoutingKey: String
    /// Why the message was parked.
    public var error: String
    /// Deliveries (or delay-level passes) before parking.
    public var attempts: Int
    /// When the row was written.
    public var parkedAt: Date
    /// `parked`, `replayed` or `purged`; only `parked` rows can be replayed or purged.
    public var status: String
    /// The AMQP properties as stored (``StoredProperties`` JSON text).
    public var propertiesJSON: String
    /// The body as it came.
    public var body: Data

    /// The columns ``init(row:service:)`` reads, in a `SELECT`.
    static let columns = """
        id, consumer_queue, parking_queue, reason, message_id, message_type, original_exchange,
        original_routing_key, error, attempts, parked_at, status, properties::text AS properties, body
        """

    /// Reads a row selected with ``columns``.
    ///
    /// - Throws: ``PostgresError`` when a column is missing or has another type.
    public init(row: PostgresRow, service: String) throws {
        self.id = try row.decode(UUID.self, column: "id")
        self.service = service
        self.consumerQueue = try row.decode(String.self, column: "consumer_queue")
        self.parkingQueue = try row.decode(String.self, column: "parking_queue")
        self.reason = try row.decode(String.self, column: "reason")
        self.messageID = try row.decode(String?.self, column: "message_id")
        self.messageType = try row.decode(String?.self, column: "message_type")
        self.originalExchange = try row.decode(String.self, column: "original_exchange")
        self.originalRoutingKey = try row.decode(String.self, column: "original_routing_key")
        self.error = try row.decode(String.self, column: "error")
        self.attempts = try row.decode(Int.self, column: "attempts")
        self.parkedAt = try row.decode(Date.self, column: "parked_at")
        self.status = try row.decode(String.self, column: "status")
        self.propertiesJSON = try row.decode(String.self, column: "properties")
        self.body = try row.decode(Data.self, column: "body")
    }

    private enum CodingKeys: String, CodingKey {
        case id, service, consumerQueue, parkingQueue, reason, messageID, messageType, originalExchange
        case originalRoutingKey, error, attempts, parkedAt, status
    }

    /// The list's JSON form: everything but the properties and the body (`dlq show` prints those).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.id.uuidString.lowercased(), forKey: .id)
        try c.encode(self.service, forKey: .service)
        try c.encode(self.consumerQueue, forKey: .consumerQueue)
        try c.encode(self.parkingQueue, forKey: .parkingQueue)
        try c.encode(self.reason, forKey: .reason)
        try c.encodeIfPresent(self.messageID, forKey: .messageID)
        try c.encodeIfPresent(self.messageType, forKey: .messageType)
        try c.encode(self.originalExchange, forKey: .originalExchange)
        try c.encode(self.originalRoutingKey, forKey: .originalRoutingKey)
        try c.encode(self.error, forKey: .error)
        try c.encode(self.attempts, forKey: .attempts)
        try c.encode(self.parkedAt, forKey: .parkedAt)
        try c.encode(self.status, forKey: .status)
    }
}

/// One row of `parked_message_history`.
public struct ParkedHistoryEntry: Sendable, Hashable, Codable {
    /// `parked`, `edited`, `replayed` or `purged`.
    public var action: String
    /// Who did it: `runtime:<service>`, `dlq-sync:<user>` or the operator.
    public var actor: String
    /// When it was recorded, by the database server's clock (`clock_timestamp()`).
    public var at: Date
    /// For example where a replay went, or the SHA-256 of an edited body.
    public var detail: String?

    /// Creates an entry (the store reads them).
    public init(action: String, actor: String, at: Date, detail: String?) {
        self.action = action
        self.actor = actor
        self.at = at
        self.detail = detail
    }
}
