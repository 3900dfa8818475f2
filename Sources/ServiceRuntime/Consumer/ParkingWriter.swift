import Foundation
import Logging
import Messaging
import Storage

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
        let candidate = UUID()
        let properties = StoredProperties.json(delivery.properties)
        let actor = "runtime:\(self.context.service)"
        let queue = self.queue
        let body = Data(delivery.body)
        return try await self.context.withTransaction(cause: nil) { transaction in
            let inserted = try await transaction.query(
                """
                INSERT INTO parked_messages
                    (id, consumer_queue, parking_queue, reason, message_id, message_type, original_exchange,
                     original_routing_key, error, attempts, properties, body)
                VALUES (\(candidate), \(queue), \(parkingQueue), \(reason.rawValue), \(messageID), \(messageType),
                        \(originalExchange), \(originalKey), \(error), \(attempts), \(properties)::jsonb, \(body))
                ON CONFLICT (consumer_queue, message_id) WHERE status = 'parked' AND message_id IS NOT NULL DO NOTHING
                RETURNING id
                """)
            if let row = inserted.first {
                let id = try row.decode(UUID.self, at: 0)
                try await transaction.execute(
                    """
                    INSERT INTO parked_message_history (parked_id, action, actor, detail)
                    VALUES (\(id), 'parked', \(actor), \(String(error.prefix(2000))))
                    """)
                return id
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
