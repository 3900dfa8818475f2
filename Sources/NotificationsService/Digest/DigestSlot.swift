import Foundation

/// The daily send slot of a digest: the latest `hour:00` in the time zone at or before an instant (DST-aware).
struct DigestSlot: Equatable, Sendable {
    /// The slot's instant; items queued before it go in this digest.
    var start: Date
    /// The period of the idempotency key: `2026-04-21T08` (local date and hour).
    var period: String

    /// The slot of `hour` at or before `now`.
    static func latest(atOrBefore now: Date, hour: Int, timeZone: TimeZone) -> DigestSlot {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var day = calendar.startOfDay(for: now)
        var start = Self.at(hour, on: day, calendar)
        if start > now {
            day = calendar.date(byAdding: .day, value: -1, to: day) ?? day
            start = Self.at(hour, on: day, calendar)
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let period = String(format: "%04d-%02d-%02dT%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, hour)
        return DigestSlot(start: start, period: period)
    }

    private static func at(_ hour: Int, on day: Date, _ calendar: Calendar) -> Date {
        // On a DST change the hour may not exist: the next valid time is used.
        calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day, matchingPolicy: .nextTime, direction: .forward)
            ?? day.addingTimeInterval(Double(hour) * 3600)
    }
}
