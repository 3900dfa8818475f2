public import Foundation

/// A calendar date without a time or time zone: the Swift side of PostgreSQL's `date`.
///
/// The calendar is the proleptic Gregorian calendar PostgreSQL uses, and ``year`` is numbered
/// astronomically: year `0` is 1 BC, `-1` is 2 BC. The initializer does not validate its parts; an
/// impossible date such as February 30 is normalized by the server (or refused by it) when bound.
public struct PostgresDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The year, astronomically numbered (0 is 1 BC).
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, 1 to 31.
    public var day: Int

    /// Creates a date from its parts.
    ///
    /// - Parameters:
    ///   - year: The year, astronomically numbered (0 is 1 BC).
    ///   - month: The month, 1 to 12.
    ///   - day: The day of the month.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The UTC calendar date of an instant.
    ///
    /// - Parameter date: The instant.
    public init(utcDayOf date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        self.init(daysSince1970: days)
    }

    /// Creates the date that lies `days` days after 1970-01-01.
    init(daysSince1970 days: Int) {
        let (year, month, day) = PostgresCalendar.civil(fromDays: days)
        self.init(year: year, month: month, day: day)
    }

    /// The number of days from 1970-01-01 to this date (negative before).
    var daysSince1970: Int {
        PostgresCalendar.days(year: self.year, month: self.month, day: self.day)
    }

    /// Midnight UTC at the start of this date.
    public var startOfDayUTC: Date {
        Date(timeIntervalSince1970: Double(self.daysSince1970) * 86_400)
    }

    /// `YYYY-MM-DD`, with a ` BC` suffix before year 1 (the form PostgreSQL reads and prints).
    public var description: String {
        let displayYear = self.year > 0 ? self.year : 1 - self.year
        let text = "\(Self.pad(displayYear, 4))-\(Self.pad(self.month, 2))-\(Self.pad(self.day, 2))"
        return self.year > 0 ? text : text + " BC"
    }

    /// Orders dates chronologically.
    ///
    /// - Parameters:
    ///   - lhs: A date.
    ///   - rhs: Another date.
    /// - Returns: Whether `lhs` comes before `rhs`.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Proleptic Gregorian conversions between civil dates and day counts (Howard Hinnant's algorithms).
enum PostgresCalendar {
    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
    static let postgresEpochDays = 10_957

    /// Days from 1970-01-01 to the given civil date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date `days` days after 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
