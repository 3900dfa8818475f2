import Foundation
import Storage

/// One row of a service's `parked_messages` table, with the service (the schema) it was read from.
struct ParkedMessage: Sendable, Hashable, Encodable {
    var id: UUID
    var service: String
    var consumerQueue: String
    var parkingQueue: String
    var reason: String
    var messageID: String?
    var messageType: String?
    var originalExchange: String
    var originalRoutingKey: String
    var error: String
    var attempts: Int
    var parkedAt: Date
    var status: String
    /// The AMQP properties as stored (``StoredProperties`` JSON text).
    var propertiesJSON: String
    var body: Data

    /// The columns ``init(row:service:)`` reads, in a `SELECT`.
    static let columns = """
        id, consumer_queue, parking_queue, reason, message_id, message_type, original_exchange,
        original_routing_key, error, attempts, parked_at, status, properties::text AS properties, body
        """

    init(row: PostgresRow, service: String) throws {
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
    func encode(to encoder: any Encoder) throws {
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
struct ParkedHistoryEntry: Sendable, Hashable, Codable {
    var action: String
    var actor: String
    var at: Date
    var detail: String?
}
