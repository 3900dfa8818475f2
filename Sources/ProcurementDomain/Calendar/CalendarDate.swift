@_exported public import ContractTypes
public import Foundation

/// Legal dates are `ContractTypes.CalendarDate`s (the contracts' `date`), read in `Europe/Paris` (domain
/// conventions): ``CalendarDate/init(_:in:)`` converts an instant and ``CalendarDate/start(in:)`` gives the
/// instant the day starts. The module re-exports `ContractTypes` so `CalendarDate` and `Weekday` read as
/// domain types.
extension CalendarDate {
    /// Parses `YYYY-MM-DD`, or returns `nil`.
    public init?(iso string: String) {
        self.init(string)
    }

    /// The calendar date of `instant` in `timeZone` (default `Europe/Paris`), DST-aware.
    public init(_ instant: Date, in timeZone: TimeZone = .paris) {
        let parts = Calendar.gregorian(in: timeZone).dateComponents([.year, .month, .day], from: instant)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The instant this day starts (00:00) in `timeZone` (default `Europe/Paris`).
    public func start(in timeZone: TimeZone = .paris) -> Date {
        let components = DateComponents(year: self.year, month: self.month, day: self.day)
        // Midnight exists on every day in Europe/Paris (DST changes happen at 02:00 and 03:00).
        return Calendar.gregorian(in: timeZone).date(from: components)!
    }
}
