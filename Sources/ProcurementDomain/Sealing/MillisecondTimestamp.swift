import Foundation

/// ISO 8601 instants in UTC with exactly three fractional digits (`2026-04-02T10:00:00.123Z`).
///
/// The milliseconds are computed as an integer, so a `Date` whose binary value sits just below `.123` still
/// prints `.123`.
enum MillisecondTimestamp {
    /// The date rounded to the nearest millisecond.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(self.milliseconds(date)) / 1000)
    }

    /// Milliseconds since 1970, rounded to the nearest.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `2026-04-02T10:00:00.123Z`.
    static func format(_ date: Date) -> String {
        let millis = self.milliseconds(date)
        let (seconds, fraction) = millis.quotientAndRemainder(dividingBy: 1000)
        let wholeSeconds = fraction < 0 ? seconds - 1 : seconds
        let positiveFraction = fraction < 0 ? fraction + 1000 : fraction
        let base = Date(timeIntervalSince1970: Double(wholeSeconds))
            .formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
        let digits = String(positiveFraction)
        let padded = String(repeating: "0", count: 3 - digits.count) + digits
        return String(base.dropLast()) + "." + padded + "Z"
    }

    /// Parses `…T…Z` with or without fractional seconds (up to millisecond precision).
    static func parse(_ text: String) -> Date? {
        guard text.hasSuffix("Z") else { return nil }
        var whole = String(text.dropLast())
        var millis = 0.0
        if let dot = whole.firstIndex(of: ".") {
            let fraction = whole[whole.index(after: dot)...]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(\.isASCII),
                let value = Double("0." + fraction)
            else { return nil }
            millis = (value * 1000).rounded()
            whole = String(whole[..<dot])
        }
        guard let base = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(whole + "Z") else { return nil }
        return Date(timeIntervalSince1970: base.timeIntervalSince1970 + millis / 1000)
    }
}
