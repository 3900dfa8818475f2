import Foundation

extension CalendarInvitation {
    /// The iCalendar text, CRLF line ends, lines folded at 75 octets (UTF-8 safe: never split a multi-byte character).
    ///
    /// A request holds the master `VEVENT` and one override per slot whose duration differs from the first slot's.
    /// A cancellation holds the master `VEVENT` alone, with `STATUS:CANCELLED` and no `RECURRENCE-ID`: RFC 5546
    /// §3.2.5 cancels the whole recurring event that way. With no slot (see ``validate()``) no `VEVENT` is written.
    public func render() -> String {
        var writer = ICalendarWriter()
        writer.line("BEGIN:VCALENDAR")
        writer.line("VERSION:2.0")
        writer.line("PRODID:-//Passerelle//Training//FR")
        writer.line("CALSCALE:GREGORIAN")
        writer.line("METHOD:\(self.method.rawValue)")
        for line in ParisTime.vTimeZoneLines {
            writer.line(line)
        }
        if let master = self.slots.first {
            self.writeEvent(master, recurrenceID: nil, rdates: Array(self.slots.dropFirst()), to: &writer)
            if self.method == .request {
                for slot in self.overrides {
                    self.writeEvent(slot, recurrenceID: slot.start, rdates: [], to: &writer)
                }
            }
        }
        writer.line("END:VCALENDAR")
        return writer.text
    }

    /// The slots after the first whose duration (to the second) differs from the first slot's.
    var overrides: [Slot] {
        guard let master = self.slots.first else { return [] }
        return self.slots.dropFirst().filter { $0.wholeSeconds != master.wholeSeconds }
    }

    private func writeEvent(_ slot: Slot, recurrenceID: Date?, rdates: [Slot], to writer: inout ICalendarWriter) {
        let paris = "TZID=\(ParisTime.identifier)"
        writer.line("BEGIN:VEVENT")
        writer.line("UID:\(ICalendarValue.text(self.uid))")
        writer.line("SEQUENCE:\(self.sequence)")
        writer.line("DTSTAMP:\(ICalendarValue.utcDateTime(self.stamp))")
        if let recurrenceID {
            writer.line("RECURRENCE-ID;\(paris):\(ICalendarValue.parisDateTime(recurrenceID))")
        }
        writer.line("DTSTART;\(paris):\(ICalendarValue.parisDateTime(slot.start))")
        writer.line("DTEND;\(paris):\(ICalendarValue.parisDateTime(slot.end))")
        if !rdates.isEmpty {
            let starts = rdates.map { ICalendarValue.parisDateTime($0.start) }.joined(separator: ",")
            writer.line("RDATE;\(paris):\(starts)")
        }
        writer.line("SUMMARY:\(ICalendarValue.text(self.summary))")
        if !self.description.isEmpty {
            writer.line("DESCRIPTION:\(ICalendarValue.text(self.description))")
        }
        if !self.location.isEmpty {
            writer.line("LOCATION:\(ICalendarValue.text(self.location))")
        }
        writer.line(
            "ORGANIZER;CN=\(ICalendarValue.quotedParameter(self.organizer.name))"
                + ":\(ICalendarValue.mailto(self.organizer.email))")
        writer.line(
            "ATTENDEE;CN=\(ICalendarValue.quotedParameter(self.attendee.name))"
                + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
                + ":\(ICalendarValue.mailto(self.attendee.email))")
        writer.line("STATUS:\(self.method == .cancel ? "CANCELLED" : "CONFIRMED")")
        writer.line("TRANSP:OPAQUE")
        writer.line("END:VEVENT")
    }
}

extension CalendarInvitation.Slot {
    /// The duration in whole seconds, the precision of the iCalendar text.
    var wholeSeconds: Int { Int(self.end.timeIntervalSince(self.start).rounded()) }
}
