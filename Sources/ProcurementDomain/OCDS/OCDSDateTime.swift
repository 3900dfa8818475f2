public import Foundation

/// An OCDS `date-time`: an instant encoded as ISO 8601 in UTC (`2026-04-02T10:00:00Z`, with milliseconds only
/// when it has some), whatever the encoder's date strategy.
public struct OCDSDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The instant, rounded to the millisecond.
    public let date: Date

    /// Wraps an instant (rounded to the millisecond).
    ///
    /// - Parameter date: The instant.
    public init(_ date: Date) {
        self.date = MillisecondTimestamp.rounded(date)
    }

    /// `2026-04-02T10:00:00Z` or `2026-04-02T10:00:00.123Z`.
    public var description: String {
        let text = MillisecondTimestamp.format(self.date)
        return text.hasSuffix(".000Z") ? String(text.dropLast(5)) + "Z" : text
    }

    /// Orders by instant.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.date < rhs.date }

    /// Decodes an ISO 8601 instant (UTC `Z`, or with an offset).
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when the string is not an ISO 8601 instant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = MillisecondTimestamp.parse(text) {
            self.init(date)
        } else if let date = try? Date.ISO8601FormatStyle().parse(text) {
            self.init(date)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date-time")
        }
    }

    /// Encodes the ``description`` string.
    ///
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}
