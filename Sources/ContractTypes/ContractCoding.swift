public import Foundation

/// The JSON coding of contract payloads.
///
/// A `date-time` is written in UTC with milliseconds (`2026-04-02T10:00:00.000Z`), or with microseconds
/// when the instant has a finer part, so a payload read and written again keeps its fractional seconds
/// down to the microsecond (PostgreSQL's precision). It is read with or without fractional seconds and
/// with any offset, as RFC 3339 allows.
public enum ContractCoding {
    /// An encoder with sorted keys, unescaped slashes and the date rule above.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder that reads RFC 3339 dates with or without fractional seconds, with any offset.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Self.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an RFC 3339 date-time")
            }
            return date
        }
        return decoder
    }

    /// `2026-04-02T10:00:00.000Z`, or `2026-04-02T10:00:00.123456Z` below the millisecond.
    public static func format(_ date: Date) -> String {
        var micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let seconds = (micros / 1_000_000).rounded(.down)
        micros -= seconds * 1_000_000
        let whole = Date(timeIntervalSince1970: seconds).formatted(Self.plain)
        let fraction = Int(micros)
        let digits =
            fraction % 1000 == 0
            ? Self.padded(fraction / 1000, width: 3) : Self.padded(fraction, width: 6)
        return "\(whole.dropLast()).\(digits)Z"
    }

    /// Parses an RFC 3339 `date-time`; `nil` when the text is not one.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Self.fractional.parse(text) {
            guard let dot = text.firstIndex(of: "."),
                let digits = Optional(text[text.index(after: dot)...].prefix(while: \.isNumber)), digits.count > 3
            else { return date }
            // The format style keeps milliseconds only: add back the digits below them.
            let below = Double("0.000" + digits.dropFirst(3).prefix(6)) ?? 0
            let millis = (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000
            return Date(timeIntervalSince1970: millis + below)
        }
        return try? Self.plain.parse(text)
    }

    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func padded(_ value: Int, width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
