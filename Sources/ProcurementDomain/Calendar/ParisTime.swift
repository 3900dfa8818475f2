import Foundation

extension TimeZone {
    /// `Europe/Paris`, the time zone of every legal date (domain conventions).
    public static let paris: TimeZone = {
        guard let zone = TimeZone(identifier: "Europe/Paris") else {
            fatalError("ProcurementDomain: the Europe/Paris time zone is missing (install tzdata)")
        }
        return zone
    }()
}

extension Calendar {
    /// A Gregorian calendar in `timeZone`.
    static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}

extension Date {
    /// The instant `days` calendar days later in `Europe/Paris`, keeping the wall-clock time across a DST
    /// change (`2026-03-25T12:00+01:00` + 7 days = `2026-04-01T12:00+02:00`).
    public func addingParisDays(_ days: Int) -> Date {
        Calendar.gregorian(in: .paris).date(byAdding: .day, value: days, to: self)!
    }

    /// The instant as ISO 8601 with the Europe/Paris offset, e.g. `2026-04-01T12:00:00+02:00`.
    public var parisISO8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .paris
        return formatter.string(from: self)
    }
}
