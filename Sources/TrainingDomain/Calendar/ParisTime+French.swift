import Foundation

extension ParisTime {
    static let frenchWeekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
    static let frenchMonths = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]

    /// The slots in French for mails and certificates, one per line in Paris time:
    /// `lundi 29 mars 2027, 9 h – 17 h 30`. A slot ending on a later day names that day too.
    public static func frenchDates(_ slots: [CalendarInvitation.Slot]) -> String {
        slots.map { slot in
            let start = self.localComponents(of: slot.start)
            let end = self.localComponents(of: slot.end)
            let sameDay = (start.year, start.month, start.day) == (end.year, end.month, end.day)
            let endText =
                sameDay ? self.frenchTime(end) : "\(self.frenchDay(end, weekday: true)), \(self.frenchTime(end))"
            return "\(self.frenchDay(start, weekday: true)), \(self.frenchTime(start)) – \(endText)"
        }
        .joined(separator: "\n")
    }

    /// `lundi 29 mars 2027`, `1er avril 2027` (the first of the month is written `1er`).
    static func frenchDay(_ components: DateComponents, weekday: Bool) -> String {
        let day = components.day ?? 0
        let month = components.month.flatMap { (1...12).contains($0) ? self.frenchMonths[$0 - 1] : nil } ?? "?"
        let text = "\(day == 1 ? "1er" : String(day)) \(month) \(components.year ?? 0)"
        guard weekday, let index = components.weekday, (1...7).contains(index) else { return text }
        return "\(self.frenchWeekdays[index - 1]) \(text)"
    }

    /// `9 h`, `17 h 30`, `9 h 05`.
    static func frenchTime(_ components: DateComponents) -> String {
        let minute = components.minute ?? 0
        let hour = "\(components.hour ?? 0) h"
        return minute == 0 ? hour : "\(hour) \(ICalendarValue.digits(minute, 2))"
    }
}
