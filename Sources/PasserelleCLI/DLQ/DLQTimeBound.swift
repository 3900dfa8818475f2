import ArgumentParser
import Foundation

/// A point in time given on the command line (`--since`, `--before`): either an age relative to now
/// (`90s`, `30m`, `2h`, `7d`, `1w`) or an RFC 3339 date-time (`2026-11-29T10:00:00Z`).
struct DLQTimeBound: ExpressibleByArgument, Sendable, Hashable {
    /// The text as given, for messages.
    let text: String
    private let kind: Kind

    private enum Kind: Hashable {
        case age(seconds: Int)
        case instant(Date)
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if let seconds = Self.ageSeconds(text) {
            self.kind = .age(seconds: seconds)
        } else if let date = Self.parseDate(text) {
            self.kind = .instant(date)
        } else {
            return nil
        }
        self.text = text
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// The instant meant, with ages counted back from `now`.
    func date(relativeTo now: Date = Date()) -> Date {
        switch self.kind {
        case .age(let seconds): now.addingTimeInterval(-TimeInterval(seconds))
        case .instant(let date): date
        }
    }

    /// `90s`, `30m`, `2h`, `7d`, `1w` in seconds; `nil` for anything else (no sign, no fraction, no zero unit).
    static func ageSeconds(_ text: String) -> Int? {
        guard let unit = text.last, let value = Int(text.dropLast()), value >= 0, text.first?.isNumber == true else {
            return nil
        }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        case "w": scale = 604_800
        default: return nil
        }
        let (seconds, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }

    /// An RFC 3339 date-time, with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
