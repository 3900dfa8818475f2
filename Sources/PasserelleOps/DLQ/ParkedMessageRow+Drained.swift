import Foundation
public import Messaging
public import ServiceRuntime

extension ParkedMessageRow {
    /// Derives the row for a message read from `parkingQueue` (`<consumerQueue>.dlq` or `.invalid`) that has
    /// no row yet: one the broker dead-lettered itself (a quorum queue's delivery limit), or a runtime copy
    /// whose row is missing.
    ///
    /// The facts come from the runtime's `x-passerelle-*` headers when present, else from the broker's `x-death`
    /// entry for the consumer queue (else its first entry), else from the delivery itself.
    ///
    /// - Parameters:
    ///   - properties: The delivery's properties and headers.
    ///   - body: The body.
    ///   - exchange: The exchange the delivery came through (the fallback origin).
    ///   - routingKey: The routing key it came with.
    ///   - consumerQueue: The consumer queue the parking queue belongs to.
    ///   - parkingQueue: The parking queue.
    ///   - deliveryLimit: The consumer queue's delivery limit in the topology, if known: `x-death` counts
    ///     dead-letterings, not deliveries, so a delivery-limit message took `deliveryLimit + 1` deliveries.
    public init(
        properties: AMQPProperties, body: [UInt8], exchange: String, routingKey: String, consumerQueue: String,
        parkingQueue: String, deliveryLimit: Int? = nil
    ) {
        let headers = properties.headers
        // The runtime's headers, read defensively: a sender may have forged any of them.
        let values = RuntimeHeaderValues(properties)
        let death = Self.deathEntry(in: headers, consumerQueue: consumerQueue)
        let isInvalid = parkingQueue.hasSuffix(".invalid")
        let reason = values.reason ?? (isInvalid ? "invalid" : "delivery-limit")
        let deathCount = death?["count"].map { RuntimeHeaders.count($0, limit: Int(Int32.max)) }
        let reachedLimit = death?["reason"]?.stringValue == "delivery_limit"
        let deliveries =
            headers["x-delivery-count"].map { RuntimeHeaders.count($0, limit: Int(Int32.max) - 1) + 1 }
            ?? (reachedLimit ? deliveryLimit.map { $0 + 1 } : nil)
        let error: String
        if let given = values.error {
            error = given
        } else if let death {
            let cause = death["reason"]?.stringValue ?? "dead-lettered"
            let queue = death["queue"]?.stringValue ?? consumerQueue
            if reachedLimit, let deliveries {
                error = "delivery limit reached after \(deliveries) deliveries (x-death, queue \(queue))"
            } else if reachedLimit {
                error = "delivery limit reached (x-death, queue \(queue))"
            } else {
                error = "dead-lettered by the broker: \(cause) in \(queue), \(deathCount ?? 1) time(s) (x-death)"
            }
        } else {
            error = isInvalid ? "parked as invalid (no diagnostic headers)" : "parked (no diagnostic headers)"
        }
        self.init(
            id: values.parkedID ?? UUID(),
            consumerQueue: consumerQueue, parkingQueue: parkingQueue, reason: reason,
            messageID: values.messageID, messageType: values.messageType,
            originalExchange: values.originalExchange
                ?? RuntimeHeaderValues.name(death?["exchange"]) ?? exchange,
            originalRoutingKey: values.originalRoutingKey
                ?? RuntimeHeaderValues.name(death?["routing-keys"]?.arrayValue?.first) ?? routingKey,
            error: error,
            attempts: headers[RuntimeHeaders.attempt] != nil ? values.attempt : (deliveries ?? deathCount ?? 0),
            properties: properties, body: body)
    }

    /// The `x-death` entry for the consumer queue, else the first (most recent) one.
    static func deathEntry(in headers: AMQPTable, consumerQueue: String) -> AMQPTable? {
        let entries = headers["x-death"]?.arrayValue?.compactMap(\.tableValue) ?? []
        return entries.first { $0["queue"]?.stringValue == consumerQueue } ?? entries.first
    }
}
