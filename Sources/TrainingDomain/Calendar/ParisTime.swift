import Foundation

/// Europe/Paris wall time, the time of every training session, from the system's tzdata.
public enum ParisTime {
    public static let identifier = "Europe/Paris"

    public static let zone: TimeZone = {
        guard let zone = TimeZone(identifier: identifier) else {
            fatalError("TrainingDomain: the Europe/Paris time zone is missing (install tzdata)")
        }
        return zone
    }()

    /// A Gregorian calendar in Europe/Paris.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? zone
        return calendar
    }()

    /// The Paris wall time of an instant: year, month, day, hour, minute, second and weekday (1 is Sunday).
    public static func localComponents(of date: Date) -> DateComponents {
        self.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }

    /// The instant of a Paris wall time, or `nil` when the day or the time does not exist on the calendar
    /// (30 February, 24:00).
    ///
    /// When the clocks go back, the repeated hour's first instant wins (02:30 on 31 October 2027 is 02:30+02:00).
    /// When they go forward, a skipped time gives the first instant that exists after it, the end of the gap
    /// (02:30 on 28 March 2027 is 03:00+02:00).
    public static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int) -> Date? {
        guard (0...23).contains(hour), (0...59).contains(minute),
            let midnight = self.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))
        else { return nil }
        let checked = self.utcCalendar.dateComponents([.year, .month, .day], from: midnight)
        guard checked.year == year, checked.month == month, checked.day == day else { return nil }
        // The wall time read as if it were UTC; each offset in force around it gives one candidate instant.
        let wall = midnight.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
        let offsets = Set([-86_400.0, 0, 86_400].map { self.zone.secondsFromGMT(for: wall.addingTimeInterval($0)) })
        let instants = offsets.map { wall.addingTimeInterval(-TimeInterval($0)) }
            .filter { self.localComponents(of: $0).hour == hour && self.localComponents(of: $0).minute == minute }
        if let first = instants.min() {
            return first
        }
        // In a gap: the transition that opens it is the first instant after the skipped time.
        let before = self.zone.secondsFromGMT(for: wall.addingTimeInterval(-86_400))
        let dayBefore = wall.addingTimeInterval(-TimeInterval(before) - 86_400)
        return self.zone.nextDaylightSavingTimeTransition(after: dayBefore)
    }
}
