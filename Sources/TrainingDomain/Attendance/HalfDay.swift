import ContractTypes
import Foundation

/// A half-day of a session, the unit of attendance (domain §7.3). A date is cut at the lunch break, 12:30–13:30 in
/// Europe/Paris: the morning runs from the start to 12:30, the afternoon from 13:30 to the end, so a 9:00–17:00 day is
/// two half-days of 3.5 hours.
public struct HalfDay: Sendable, Hashable, Codable, Comparable {
    public enum Period: String, Sendable, Hashable, Codable, CaseIterable {
        case morning, afternoon
    }

    public var date: CalendarDate
    public var period: Period
    /// The half-day's length, lunch excluded.
    public var minutes: Int

    public init(date: CalendarDate, period: Period, minutes: Int) {
        self.date = date
        self.period = period
        self.minutes = minutes
    }

    public static func < (lhs: HalfDay, rhs: HalfDay) -> Bool {
        (lhs.date, lhs.period == .morning ? 0 : 1) < (rhs.date, rhs.period == .morning ? 0 : 1)
    }

    /// The half-days of a session's dates, in order.
    public static func schedule(of dates: [SessionDate]) -> [HalfDay] {
        dates.flatMap(Self.halves(of:)).sorted()
    }

    static func halves(of date: SessionDate) -> [HalfDay] {
        let local = ParisTime.localComponents(of: date.start)
        guard let year = local.year, let month = local.month, let day = local.day,
            let day0 = CalendarDate(year: year, month: month, day: day),
            let lunchStart = ParisTime.date(year: year, month: month, day: day, hour: 12, minute: 30),
            let lunchEnd = ParisTime.date(year: year, month: month, day: day, hour: 13, minute: 30)
        else { return [] }
        var halves: [HalfDay] = []
        let morningEnd = min(date.end, lunchStart)
        if date.start < morningEnd {
            halves.append(HalfDay(date: day0, period: .morning, minutes: Int(morningEnd.timeIntervalSince(date.start) / 60)))
        }
        let afternoonStart = max(date.start, lunchEnd)
        if afternoonStart < date.end {
            halves.append(HalfDay(date: day0, period: .afternoon, minutes: Int(date.end.timeIntervalSince(afternoonStart) / 60)))
        }
        return halves
    }
}

/// One agent's attendance over a session's half-days, and what follows from it: the status (80, 90 or 100) and the
/// minutes actually attended, which the certificate shows.
public struct AttendanceSheet: Sendable, Hashable {
    public var scheduled: [HalfDay]
    /// The half-days the agent was present, keyed by date and period.
    public var present: Set<Key>

    public struct Key: Sendable, Hashable, Codable {
        public var date: CalendarDate
        public var period: HalfDay.Period
        public init(date: CalendarDate, period: HalfDay.Period) {
            self.date = date
            self.period = period
        }
    }

    public init(scheduled: [HalfDay], present: Set<Key>) {
        self.scheduled = scheduled
        self.present = present
    }

    /// Marks that are not half-days of the session, refused with their index.
    public static func unknownMarks(_ marks: [Key], scheduled: [HalfDay]) -> [Int] {
        let known = Set(scheduled.map { Key(date: $0.date, period: $0.period) })
        return marks.indices.filter { !known.contains(marks[$0]) }
    }

    public var minutesScheduled: Int { self.scheduled.reduce(0) { $0 + $1.minutes } }

    public var minutesAttended: Int {
        self.scheduled.filter { self.present.contains(Key(date: $0.date, period: $0.period)) }.reduce(0) { $0 + $1.minutes }
    }

    public var halfDaysAttended: Int { self.scheduled.filter { self.present.contains(Key(date: $0.date, period: $0.period)) }.count }

    /// 100 when every half-day was attended, 90 for some, 80 (no-show) for none.
    public var status: SignupStatus {
        let attended = self.halfDaysAttended
        if attended == 0 { return .noShow }
        return attended == self.scheduled.count ? .fullyAttended : .partiallyAttended
    }
}
