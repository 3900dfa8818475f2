import Foundation
import Messaging
import PasserelleOps
import ServiceRuntime

/// Target `runtime-headers`: the runtime's own headers (`x-passerelle-attempt`, `-reason`, `-error`,
/// `-original-exchange`, `-original-routing-key`, `-consumer-queue`, `-parked-id`), the broker's `x-death`
/// and `x-delivery-count`, as a sender may forge them, read by
/// - `RuntimeHeaders.attempt(in:limit:)`, `count(_:limit:)`, `reason(in:)` and `RuntimeHeaderValues` (what the
///   consumer pipeline and the parking writer use);
/// - `ParkedMessageRow(properties:body:exchange:routingKey:consumerQueue:parkingQueue:deliveryLimit:)`, what
///   `passerelle dlq` derives from a message found in a parking queue, then `storable()` and the `jsonb`
///   form of its properties (`StoredProperties`).
///
/// Checks: no crash; counts inside `0...limit`; a reason is one of the three; names at most 255 bytes without
/// NUL; a parked id only from a UUID; `storable()` is idempotent; stored properties read back write the same
/// JSON. The input format is ``FuzzDelivery``'s; `@max_attempt`, `@consumer_queue`, `@parking_queue`,
/// `@delivery_limit` set the parameters.
enum RuntimeHeadersFuzz {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let delivery = FuzzDelivery(bytes)
        let properties = delivery.properties
        let headers = properties.headers
        let parameters = delivery.parameters
        let limit = parameters["max_attempt"].map { ArraySlice($0.utf8).integer(Int.self) } ?? RuntimeHeaders.maxAttempt

        let attempt = RuntimeHeaders.attempt(in: headers, limit: limit)
        fuzzCheck((0...max(0, limit)).contains(attempt), "attempt \(attempt) outside 0...\(limit)")
        fuzzCheck(RuntimeHeaders.attempt(in: headers) <= RuntimeHeaders.maxAttempt, "default limit not applied")
        for entry in headers {
            let count = RuntimeHeaders.count(entry.value, limit: limit)
            fuzzCheck((0...max(0, limit)).contains(count), "count \(count) outside 0...\(limit)")
        }
        if let reason = RuntimeHeaders.reason(in: headers) {
            fuzzCheck(RuntimeHeaders.reasons.contains(reason), "reason \(reason) accepted")
        }

        let values = RuntimeHeaderValues(properties, maxAttempt: limit)
        fuzzCheck(values.attempt == attempt, "RuntimeHeaderValues and attempt(in:) disagree")
        for name in [values.originalExchange, values.originalRoutingKey, values.consumerQueue].compactMap({ $0 }) {
            fuzzCheck(name.utf8.count <= RuntimeHeaderValues.maxNameBytes && !name.utf8.contains(0), "unusable name kept")
        }
        if let id = values.parkedID {
            fuzzCheck(headers[RuntimeHeaders.parkedID]?.stringValue?.lowercased() == id.uuidString.lowercased(), "parked id invented")
        }

        // `passerelle dlq`: a message found in a parking queue without its row.
        let consumerQueue = parameters["consumer_queue"] ?? "procurement.commands"
        let parkingQueue = parameters["parking_queue"] ?? consumerQueue + ".dlq"
        // The delivery limit comes from the topology settings (trusted, positive), not from the message.
        let deliveryLimit = parameters["delivery_limit"].map { min(max(ArraySlice($0.utf8).integer(Int.self), 1), 100_000) }
        let row = ParkedMessageRow(
            properties: properties, body: delivery.body, exchange: "procurement", routingKey: "procurement.bid.submit.v1",
            consumerQueue: consumerQueue, parkingQueue: parkingQueue, deliveryLimit: deliveryLimit)
        fuzzCheck(RuntimeHeaders.reasons.contains(row.reason), "row reason \(row.reason)")
        fuzzCheck(row.attempts >= 0, "negative attempts \(row.attempts)")

        // What the parking writer and the drain store.
        let storable = row.storable()
        // Compared field by field, the properties as their stored JSON: a NaN header is never `==` itself.
        let twice = storable.storable()
        var differences: [String] = []
        if twice.error != storable.error { differences.append("error: \(storable.error.debugDescription) -> \(twice.error.debugDescription)") }
        if StoredProperties.json(twice.properties) != StoredProperties.json(storable.properties) {
            differences.append("properties: \(StoredProperties.json(storable.properties)) -> \(StoredProperties.json(twice.properties))")
        }
        if (twice.messageID, twice.messageType, twice.consumerQueue, twice.parkingQueue)
            != (storable.messageID, storable.messageType, storable.consumerQueue, storable.parkingQueue)
            || (twice.originalExchange, twice.originalRoutingKey, twice.reason, twice.attempts, twice.body)
            != (storable.originalExchange, storable.originalRoutingKey, storable.reason, storable.attempts, storable.body)
        {
            differences.append("names, reason, attempts or body")
        }
        fuzzCheck(differences.isEmpty, "storable() is not idempotent: \(differences.joined(separator: "; "))")
        let json = StoredProperties.json(storable.properties)
        do {
            var back = try StoredProperties.properties(fromJSON: json)
            // Reported, not a bug of this target: a stored message without a delivery mode reads back as
            // persistent (`AMQPProperties()`'s default), which is what a replay publishes anyway.
            if storable.properties.deliveryMode == nil { back.deliveryMode = nil }
            let again = StoredProperties.json(back)
            fuzzCheck(again == json, "stored properties do not read back to the same JSON:\n\(json)\n\(again)")
        } catch {
            fatalError("stored properties JSON does not read back: \(error)\n\(json)")
        }
    }
}
