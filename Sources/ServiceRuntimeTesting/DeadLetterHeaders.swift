import Foundation
import Messaging

/// The headers RabbitMQ 3.10 writes when it dead-letters a message (`rabbit_dead_letter`).
enum DeadLetterHeaders {
    /// Records one dead-lettering in `headers`.
    ///
    /// - `x-death` holds one table per (queue, reason): a repeat increments its `count` and moves it to the
    ///   front; a new one is prepended with `count`, `reason`, `queue`, `time`, `exchange`, `routing-keys`
    ///   and, for a message that had its own `expiration`, `original-expiration`.
    /// - `x-first-death-reason`, `-queue` and `-exchange` are set once, by the first dead-lettering.
    /// - `x-delivery-count` is dropped: it belongs to the queue the message leaves.
    static func record(
        in headers: AMQPTable,
        reason: String,
        queue: String,
        exchange: String,
        routingKey: String,
        originalExpiration: String?,
        time: Date
    ) -> AMQPTable {
        var headers = headers
        var deaths = headers["x-death"]?.arrayValue ?? []
        let existing = deaths.firstIndex { value in
            let entry = value.tableValue
            return entry?["queue"]?.stringValue == queue && entry?["reason"]?.stringValue == reason
        }
        if let existing, var entry = deaths[existing].tableValue {
            let count = entry["count"]?.integerValue ?? 0
            entry["count"] = .int64(count + 1)
            deaths.remove(at: existing)
            deaths.insert(.table(entry), at: 0)
        } else {
            var entry: AMQPTable = [
                "count": .int64(1),
                "reason": .string(reason),
                "queue": .string(queue),
                "time": .timestamp(time),
                "exchange": .string(exchange),
                "routing-keys": .array([.string(routingKey)]),
            ]
            if let originalExpiration {
                entry["original-expiration"] = .string(originalExpiration)
            }
            deaths.insert(.table(entry), at: 0)
        }
        headers["x-death"] = .array(deaths)
        if headers["x-first-death-reason"] == nil {
            headers["x-first-death-reason"] = .string(reason)
            headers["x-first-death-queue"] = .string(queue)
            headers["x-first-death-exchange"] = .string(exchange)
        }
        headers["x-delivery-count"] = nil
        return headers
    }
}
