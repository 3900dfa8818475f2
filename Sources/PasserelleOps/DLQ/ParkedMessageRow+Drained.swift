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
        let death = Self.deathEntry(in: headers, consumerQueue: consumerQueue)
        let isInvalid = parkingQueue.hasSuffix(".invalid")
        let reason: String
        if let given = headers[RuntimeHeaders.reason]?.stringValue,
            ["failed", "invalid", "delivery-limit"].contains(given)
        {
            reason = given
        } else {
            reason = isInvalid ? "invalid" : "delivery-limit"
        }
        let deathCount = death?["count"]?.integerValue.map(Int.init)
        let reachedLimit = death?["reason"]?.stringValue == "delivery_limit"
        let deliveries =
            headers["x-delivery-count"]?.integerValue.map { Int($0) + 1 }
            ?? (reachedLimit ? deliveryLimit.map { $0 + 1 } : nil)
        let error: String
        if let given = headers[RuntimeHeaders.error]?.stringValue {
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
            id: headers[RuntimeHeaders.parkedID]?.stringValue.flatMap(UUID.init(uuidString:)) ?? UUID(),
            consumerQueue: consumerQueue, parkingQueue: parkingQueue, reason: reason,
            messageID: properties.messageID ?? Self.cloudEvent("id", in: headers),
            messageType: Self.cloudEvent("type", in: headers) ?? properties.type,
            originalExchange: headers[RuntimeHeaders.originalExchange]?.stringValue
                ?? death?["exchange"]?.stringValue ?? exchange,
            originalRoutingKey: headers[RuntimeHeaders.originalRoutingKey]?.stringValue
                ?? death?["routing-keys"]?.arrayValue?.first?.stringValue ?? routingKey,
            error: error,
            attempts: headers[RuntimeHeaders.attempt]?.integerValue.map(Int.init) ?? deliveries ?? deathCount ?? 0,
            properties: properties, body: body)
    }

    /// The `x-death` entry for the consumer queue, else the first (most recent) one.
    static func deathEntry(in headers: AMQPTable, consumerQueue: String) -> AMQPTable? {
        let entries = headers["x-death"]?.arrayValue?.compactMap(\.tableValue) ?? []
        return entries.first { $0["queue"]?.stringValue == consumerQueue } ?? entries.first
    }

    /// A CloudEvents attribute from the headers, under any accepted prefix.
    static func cloudEvent(_ attribute: String, in headers: AMQPTable) -> String? {
        for prefix in CloudEventAMQPMapping.acceptedPrefixes {
            if let value = headers[prefix + attribute]?.stringValue {
                return value
            }
        }
        return nil
    }
}
