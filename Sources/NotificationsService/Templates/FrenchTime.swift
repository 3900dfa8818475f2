import ContractTypes
import Foundation

/// Dates and times in French, in the service's time zone (Europe/Paris): « mardi 21 avril 2026 à 10 h 00 ».
struct FrenchTime: Sendable {
    let timeZone: TimeZone

    private static let months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
        "décembre",
    ]
    private static let weekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = self.timeZone
        return calendar
    }

    /// « mardi 21 avril 2026 ».
    func day(_ date: Date) -> String {
        let parts = self.calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let weekday = Self.weekdays[(parts.weekday ?? 1) - 1]
        let day = parts.day == 1 ? "1er" : "\(parts.day ?? 1)"
        return "\(weekday) \(day) \(Self.months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970)"
    }

    /// « mardi 21 avril 2026 » for a legal date (a day without a time or a zone).
    func day(_ date: CalendarDate) -> String {
        let noon = self.calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))
        return noon.map { self.day($0) } ?? date.description
    }

    /// « mardi 21 avril 2026 à 10 h 00 ».
    func dateTime(_ date: Date) -> String {
        let parts = self.calendar.dateComponents([.hour, .minute], from: date)
        let minute = parts.minute ?? 0
        return "\(self.day(date)) à \(parts.hour ?? 0) h \(minute < 10 ? "0" : "")\(minute)"
    }

    /// « mardi 21 avril 2026 à 10:00:05 » (seconds, for receipts).
    func preciseDateTime(_ date: Date) -> String {
        let parts = self.calendar.dateComponents([.hour, .minute, .second], from: date)
        let two = { (value: Int?) in String(format: "%02d", value ?? 0) }
        return "\(self.day(date)) à \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}
