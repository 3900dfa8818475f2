public import Messaging

/// The AMQP headers the runtime reads and writes, besides the CloudEvents ones.
///
/// Every read goes through ``RuntimeHeaderValues`` (or ``attempt(in:limit:)``): a sender controls these
/// headers, so their values are parsed defensively and never trusted as they come.
public enum RuntimeHeaders {
    /// How many times the message went through a broker delay level (int32; absent means 0). Counted by
    /// the runtime, never inferred from `redelivered`.
    public static let attempt = "x-passerelle-attempt"
    /// The last error, as text (truncated to ``maxErrorLength``).
    public static let error = "x-passerelle-error"
    /// Why the message was parked: `failed`, `invalid` or `delivery-limit`.
    public static let reason = "x-passerelle-reason"
    /// The exchange the message was first published to.
    public static let originalExchange = "x-passerelle-original-exchange"
    /// The routing key the message was first published with.
    public static let originalRoutingKey = "x-passerelle-original-routing-key"
    /// The consumer queue the message failed in.
    public static let consumerQueue = "x-passerelle-consumer-queue"
    /// When it was parked (RFC 3339).
    public static let parkedAt = "x-passerelle-parked-at"
    /// The `parked_messages.id` of the parked copy (a UUID).
    public static let parkedID = "x-passerelle-parked-id"
    /// On a replayed message: the parked id it was replayed from.
    public static let replayedFrom = "x-passerelle-replayed-from"

    /// Every diagnostic header that a replay removes before publishing again.
    public static let diagnostics: [String] = [attempt, error, reason, consumerQueue, parkedAt, parkedID]

    /// The longest error text put in a header; the full text goes to `parked_messages.error`.
    public static let maxErrorLength = 1024

    /// The highest attempt count the runtime reads from ``attempt``: a larger value (or a huge one a sender
    /// forged) counts as this many, so `attempt + 1` and an `Int32` header can never overflow.
    public static let maxAttempt = 1000

    /// The park reasons the runtime and `passerelle dlq` write in ``reason`` (the `parked_messages.reason`
    /// check constraint allows exactly these).
    public static let reasons: Set<String> = ["failed", "invalid", "delivery-limit"]

    /// The attempt count in `headers` (``attempt``), clamped to `0...limit`.
    ///
    /// Any integer kind is clamped (a negative count is 0, `Int64.max` is `limit`); a float or a decimal
    /// counts by its integer part; a string (or UTF-8 bytes) holding an integer counts as that integer, a
    /// string of digits too long for 64 bits as `limit`; anything else (absent, an array, a table, a
    /// boolean, text that is not a number, NaN) is 0. Pure and total: it never traps, whatever the input.
    ///
    /// - Parameters:
    ///   - headers: The message's headers.
    ///   - limit: The highest count returned (``maxAttempt`` by default; a negative limit is taken as 0).
    /// - Returns: The count, in `0...max(0, limit)`.
    public static func attempt(in headers: AMQPTable, limit: Int = maxAttempt) -> Int {
        self.count(headers[attempt], limit: limit)
    }

    /// A count held in one header value, with the rules of ``attempt(in:limit:)``.
    public static func count(_ value: AMQPFieldValue?, limit: Int = maxAttempt) -> Int {
        let limit = max(0, limit)
        guard let value else { return 0 }
        switch value {
        case .uint64(let v):
            return v > UInt64(limit) ? limit : Int(v)
        case .float(let v):
            return Self.clamp(Double(v), limit: limit)
        case .double(let v):
            return Self.clamp(v, limit: limit)
        case .decimal(let v):
            var scaled = Double(v.value)
            for _ in 0..<v.scale { scaled /= 10 }
            return Self.clamp(scaled, limit: limit)
        case .string, .bytes:
            guard let text = value.stringValue else { return 0 }
            return Self.count(text: text, limit: limit)
        case .boolean, .timestamp, .array, .table, .void:
            return 0
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64:
            let v = value.integerValue ?? 0
            return v <= 0 ? 0 : (v >= Int64(limit) ? limit : Int(v))
        }
    }

    /// The park reason in `headers` (``reason``) when it is one of ``reasons``; `nil` when absent or unknown.
    public static func reason(in headers: AMQPTable) -> String? {
        guard let text = headers[reason]?.stringValue, Self.reasons.contains(text) else { return nil }
        return text
    }

    private static func clamp(_ value: Double, limit: Int) -> Int {
        guard !value.isNaN, value >= 1 else { return 0 }
        return value >= Double(limit) ? limit : Int(value)
    }

    private static func count(text: String, limit: Int) -> Int {
        var number = Substring(text)
        while number.first?.isWhitespace == true { number.removeFirst() }
        while number.last?.isWhitespace == true { number.removeLast() }
        if number.first == "+" { number.removeFirst() }
        if !number.isEmpty, number.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // Digits beyond 64 bits are still a (huge) count.
            let parsed = Int64(number) ?? Int64.max
            return parsed >= Int64(limit) ? limit : Int(parsed)
        }
        // `Double(_:)` reads a C string: it would stop at a NUL and take "1\u{0}…" for 1.
        guard !number.utf8.contains(0), let parsed = Double(number) else { return 0 }
        return Self.clamp(parsed, limit: limit)
    }
}
