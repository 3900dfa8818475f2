extension ParisTime {
    /// The `VTIMEZONE` of Europe/Paris with the European Union's rule since 1996: summer time from the last Sunday
    /// of March at 02:00 to the last Sunday of October at 03:00.
    static let vTimeZoneLines = [
        "BEGIN:VTIMEZONE",
        "TZID:\(identifier)",
        "X-LIC-LOCATION:\(identifier)",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
}
