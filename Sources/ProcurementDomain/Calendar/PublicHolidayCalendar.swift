import Foundation
import Identifiers

/// French public holidays from a data table (domain §2.2: the calendar is data, not code, and "to confirm").
///
/// The bundled table `Resources/french-public-holidays.json` lists fixed-date holidays and holidays at an
/// offset from Easter Sunday (Easter Monday +1, Ascension +39, Whit Monday +50). Easter is computed with the
/// Gregorian computus.
public struct PublicHolidayCalendar: Sendable, Hashable {
    /// A holiday on the same day every year.
    public struct FixedHoliday: Sendable, Hashable, Codable {
        /// The month, 1–12.
        public let month: Int
        /// The day of the month.
        public let day: Int
        /// The French name (`Fête nationale`).
        public let name: String

        /// Creates a rule.
        public init(month: Int, day: Int, name: String) {
            self.month = month
            self.day = day
            self.name = name
        }
    }

    /// A holiday a number of days after Easter Sunday.
    public struct EasterHoliday: Sendable, Hashable, Codable {
        /// Days after Easter Sunday (Easter Monday: 1).
        public let offsetDays: Int
        /// The French name (`Lundi de Pâques`).
        public let name: String

        /// Creates a rule.
        public init(offsetDays: Int, name: String) {
            self.offsetDays = offsetDays
            self.name = name
        }
    }

    /// The fixed-date rules.
    public let fixed: [FixedHoliday]
    /// The Easter-based rules.
    public let easterBased: [EasterHoliday]

    /// Creates a calendar from rules.
    public init(fixed: [FixedHoliday], easterBased: [EasterHoliday]) {
        self.fixed = fixed
        self.easterBased = easterBased
    }

    /// The French calendar shipped with the module (metropolitan France; Alsace-Moselle and overseas
    /// additions are not in the table).
    public static let france: PublicHolidayCalendar = {
        struct File: Decodable {
            let fixed: [FixedHoliday]
            let easterBased: [EasterHoliday]
        }
        do {
            let data = try ResourceTables.data("french-public-holidays", extension: "json", in: Bundle.module)
            let file = try JSONDecoder().decode(File.self, from: data)
            return PublicHolidayCalendar(fixed: file.fixed, easterBased: file.easterBased)
        } catch {
            fatalError("ProcurementDomain: the public-holiday table is missing or corrupt: \(error)")
        }
    }()

    /// The holidays of `year` with their names, in date order.
    public func holidays(in year: Int) -> [(date: CalendarDate, name: String)] {
        let easter = Self.easterSunday(year: year)
        var result: [(date: CalendarDate, name: String)] = []
        for rule in fixed {
            if let date = CalendarDate(year: year, month: rule.month, day: rule.day) {
                result.append((date, rule.name))
            }
        }
        for rule in easterBased {
            result.append((easter.adding(days: rule.offsetDays), rule.name))
        }
        return result.sorted { $0.date < $1.date }
    }

    /// The name of the holiday on `date`, or `nil`.
    public func holidayName(on date: CalendarDate) -> String? {
        if let rule = fixed.first(where: { $0.month == date.month && $0.day == date.day }) {
            return rule.name
        }
        let easter = Self.easterSunday(year: date.year)
        return easterBased.first(where: { easter.adding(days: $0.offsetDays) == date })?.name
    }

    /// Whether `date` is a public holiday.
    public func isHoliday(_ date: CalendarDate) -> Bool {
        holidayName(on: date) != nil
    }

    /// Whether `date` is a working day: not a Saturday, a Sunday or a public holiday.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        !date.weekday.isWeekend && !isHoliday(date)
    }

    /// `date` itself if it is a working day, else the next working day.
    public func nextWorkingDay(onOrAfter date: CalendarDate) -> CalendarDate {
        var candidate = date
        while !isWorkingDay(candidate) {
            candidate = candidate.adding(days: 1)
        }
        return candidate
    }

    /// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian computus).
    public static func easterSunday(year: Int) -> CalendarDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = ((h + l - 7 * m + 114) % 31) + 1
        return CalendarDate(year: year, month: month, day: day)!
    }
}
