public import ContractTypes

/// A day of the calendar, as the contracts write it (`2026-04-01`): the desk counts years of existence and the de
/// minimis window in days, not instants.
public typealias CalendarDay = CalendarDate

extension CalendarDate {
    /// The same day `years` years later (earlier when negative); 29 February becomes 28 February in a common year.
    public func adding(years: Int) -> CalendarDate {
        let year = self.year + years
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let day = self.month == 2 && self.day == 29 && !leap ? 28 : self.day
        return CalendarDate(year: year, month: self.month, day: day) ?? self
    }

    /// Whole years from `self` to `later`: the anniversaries reached, 0 before the first one and when `later` is
    /// earlier. A company created on 2025-10-15 has 0 whole years on 2026-10-14 and 1 on 2026-10-15.
    public func wholeYears(until later: CalendarDate) -> Int {
        guard later >= self else { return 0 }
        var years = later.year - self.year
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1
        }
        return years
    }
}
