import Foundation
import Logging
import Messaging
import Storage

/// Parks a message: a `parked_messages` row (with its history) committed first, then a copy with the
/// diagnostic headers in `<queue>.dlq` or `<queue>.invalid`, confirmed, and only then the original is
/// acknowledged. A crash between two steps leaves the original unacknowledged: it comes back, and the
/// unique index on `(consumer_queue, message_id)` keeps a single parked row.
///
/// Parking never fails on what the message holds: the row is stored sanitised
/// (``ParkedMessageRow/storable()``: NUL escaped, long names and values cut, deep header nesting cut, the
/// error saying what changed; the body as it came). If PostgreSQL still refuses it, a row without the
/// properties is tried; if that is refused too, the copy goes to the parking queue without a row (its
/// `x-passerelle-error` says why) and `passerelle dlq` stores it when it drains the queue. The copy itself
/// goes through the ``Republisher``: a refused copy holds the delivery, not the pipeline.
struct ParkingWriter: Sendable {
    /// Why a message is parked.
    enum Reason: String, Sendable {
        case failed
        case invalid
    }

    /// Where the row went.
    private enum Stored {
        case row(UUID)
        case none(String)
    }

    let context: RuntimeContext
    let queue: String
    let republisher: Republisher

    /// Parks the delivery; retries while the database or the broker is unavailable (never drops it).
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    func park(_ delivery: InboundMessage, reason: Reason, error: String, attempts: Int) async throws {
        let parkingQueue = "\(self.queue).\(reason == .failed ? "dlq" : "invalid")"
        let values = RuntimeHeaderValues(delivery.properties)
        let originalExchange = values.originalExchange ?? delivery.exchange
        let originalKey = values.originalRoutingKey ?? delivery.routingKey
        let row = ParkedMessageRow(
            id: UUID(), consumerQueue: self.queue, parkingQueue: parkingQueue, reason: reason.rawValue,
            messageID: values.messageID, messageType: values.messageType, originalExchange: originalExchange,
            originalRoutingKey: originalKey, error: error, attempts: attempts, properties: delivery.properties,
            body: delivery.body
        ).storable()
        let stored = try await self.store(row)
        var diagnostic = row.error
        var properties = delivery.properties
        switch stored {
        case .row(let id):
            properties.headers[RuntimeHeaders.parkedID] = .string(id.uuidString.lowercased())
        case .none(let why):
            properties.headers[RuntimeHeaders.parkedID] = nil
            diagnostic = "[not stored in parked_messages: \(why)] " + diagnostic
        }
        properties.headers[RuntimeHeaders.reason] = .string(reason.rawValue)
        properties.headers[RuntimeHeaders.error] = .string(String(diagnostic.prefix(RuntimeHeaders.maxErrorLength)))
        properties.headers[RuntimeHeaders.attempt] = .int32(Int32(clamping: attempts))
        properties.headers[RuntimeHeaders.originalExchange] = .string(originalExchange)
        properties.headers[RuntimeHeaders.originalRoutingKey] = .string(originalKey)
        properties.headers[RuntimeHeaders.consumerQueue] = .string(self.queue)
        properties.headers[RuntimeHeaders.parkedAt] = .string(Date().formatted(.iso8601))
        let copy = AMQPOutboundMessage(
            exchange: self.context.retryExchange, routingKey: parkingQueue, body: delivery.body, properties: properties)
        let context = self.context
        let messageType = row.messageType
        let metadata: Logger.Metadata = [
            "message.id": "\(row.messageID ?? "-")", "message.type": "\(messageType ?? "-")",
            "parking.queue": "\(parkingQueue)", "parked.id": "\(row.id)", "error": "\(row.error.prefix(200))",
        ]
        try await self.republisher.publish(copy, path: .parking, for: delivery) {
            do {
                try delivery.ack()
            } catch {
                context.logger.debug("ack after parking failed; the duplicate will be parked once", metadata: ["error": "\(error)"])
            }
            context.metrics.parked(type: messageType ?? "unknown", reason: reason.rawValue)
            context.logger.warning("message parked", metadata: metadata)
        }
        self.context.breaker.recordSuccess()
    }

    /// Writes the row (or, when PostgreSQL refuses it, the row without properties); retries while the
    /// database is unavailable.
    private func store(_ row: ParkedMessageRow) async throws -> Stored {
        var candidate = row
        var strippedProperties = false
        var transientFailures = 0
        while true {
            try await self.context.breaker.waitUntilPermitted()
            do {
                return .row(try await self.record(candidate))
            } catch let failure {
                switch FailureKind.classify(failure) {
                case .infrastructure:
                    self.context.breaker.recordInfrastructureFailure()
                    self.context.logger.warning("parking failed: infrastructure unavailable", metadata: ["error": "\(failure)"])
                    continue
                case .transient where transientFailures < 5:
                    transientFailures += 1
                    try await Task.sleep(for: ConsumerPipeline.jittered(.milliseconds(50 << transientFailures)))
                    continue
                case .transient, .permanent:
                    break
                }
                if !strippedProperties {
                    self.context.logger.error(
                        "the parked row was refused; storing it without its properties",
                        metadata: ["error": "\(failure)", "parked.id": "\(row.id)"])
                    candidate = row.withoutProperties(because: failure)
                    strippedProperties = true
                    continue
                }
                self.context.logger.critical(
                    "the parked row was refused again; the message goes to its parking queue without a row",
                    metadata: ["error": "\(failure)", "parked.id": "\(row.id)"])
                return .none(StorableText.storable("\(failure)", limit: 300).text)
            }
        }
    }

    private func record(_ parked: ParkedMessageRow) async throws -> UUID {
        let actor = "runtime:\(self.context.service)"
        let queue = self.queue
        let messageID = parked.messageID
        return try await self.context.withTransaction(cause: nil) { transaction in
            if try await parked.insert(
                schema: transaction.table, actor: actor, detail: String(parked.error.prefix(2000)), in: transaction.postgres)
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
