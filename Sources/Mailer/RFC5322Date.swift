/// Formats the `Date:` field of RFC 5322 §3.3 in UTC: `Tue, 01 Jul 2025 08:30:00 +0000`.
///
/// Computed from the Unix time directly (civil-from-days), so it depends on no locale or time zone
/// database; templates show times in Europe/Paris, the header does not need to.
enum RFC5322Date {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instants it writes: 0001-01-01T00:00:00Z up to, not including, 10000-01-01T00:00:00Z (a 4-digit
    /// year, RFC 5322 §3.3). NaN and the infinities are outside.
    static let range: Range<Double> = -62_135_596_800 ..< 253_402_300_800

    /// The date-time for `secondsSince1970` (fractions are dropped), clamped to ``range`` (NaN reads as 0):
    /// total, it never traps on a value `Int64` cannot hold.
    static func format(secondsSince1970: Double) -> String {
        let clamped =
            secondsSince1970.isNaN ? 0 : min(max(secondsSince1970, self.range.lowerBound), self.range.upperBound - 1)
        let seconds = Int64(clamped.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = Int(((days % 7) + 11) % 7)
        let (year, month, day) = self.civil(daysSince1970: days)
        // RFC 5322 §3.3: `year = 4*DIGIT`, so years 1 to 999 get their leading zeros.
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(self.weekdays[weekday]), \(self.pad(day)) \(self.months[month - 1]) \(yearText) "
            + "\(self.pad(secondOfDay / 3600)):\(self.pad(secondOfDay % 3600 / 60)):\(self.pad(secondOfDay % 60)) +0000"
    }

    /// Year, month (1–12) and day (1–31) of a day count since 1970-01-01 (proleptic Gregorian calendar).
    static func civil(daysSince1970: Int64) -> (year: Int64, month: Int, day: Int64) {
        let shifted = daysSince1970 + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
