import ContractTypes

/// The dates that follow from an acknowledgement (domain §3.7).
public enum LegalTiming {
    /// The end of the prefect's two months to refer the act to the court: the same day two months later, or the
    /// month's last day when it has no such day (31 December → 28/29 February).
    public static func legalityDeadline(receivedOn date: CalendarDate) -> CalendarDate {
        var month = date.month + 2
        var year = date.year
        if month > 12 {
            month -= 12
            year += 1
        }
        var day = date.day
        while CalendarDate(year: year, month: month, day: day) == nil { day -= 1 }
        return CalendarDate(year: year, month: month, day: day)!
    }

    /// `enforceableAt = max(publishedAt, acknowledgedAt)`; unknown while the act is not published.
    public static func enforceable(published: CalendarDate?, acknowledged: CalendarDate) -> CalendarDate? {
        published.map { max($0, acknowledged) }
    }
}
