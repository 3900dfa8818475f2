import Foundation

/// RFC 3339 instants as the contracts carry them: UTC with milliseconds when written; with or without
/// fractional seconds and with any offset when read.
public enum Timestamp {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let plain = Date.ISO8601FormatStyle()

    /// `2026-04-02T10:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Self.withFraction)
    }

    /// Parses an RFC 3339 `date-time`; `nil` when it is not one.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Self.withFraction.parse(text) { return date }
        return try? Self.plain.parse(text)
    }
}
