import Foundation
import Testing
import TrainingDomain

/// Invitations and readers of the rendered text shared by the iCalendar tests.
enum ICalendarFixtures {
    static let uid = "signup-7c9e6679-7425-40de-944b-e07fc1f90ae7@training.passerelle.example"
    static let organizer = CalendarInvitation.Person(
        name: "Service formation", email: "formation@region.passerelle.example")
    static let attendee = CalendarInvitation.Person(
        name: "Hélène Côté", email: "helene.cote@region.passerelle.example")

    /// A Paris wall time that exists once.
    static func paris(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        guard let date = ParisTime.date(year: year, month: month, day: day, hour: hour, minute: minute) else {
            fatalError("no Paris time \(year)-\(month)-\(day) \(hour):\(minute)")
        }
        return date
    }

    static func slot(_ year: Int, _ month: Int, _ day: Int, _ from: (Int, Int), _ to: (Int, Int))
        -> CalendarInvitation.Slot
    {
        CalendarInvitation.Slot(
            start: paris(year, month, day, from.0, from.1), end: paris(year, month, day, to.0, to.1))
    }

    /// Friday 26 March 2027 9:00–17:00 and Monday 29 March 2027 9:00–12:30, across the start of summer time.
    static let marchSlots = [slot(2027, 3, 26, (9, 0), (17, 0)), slot(2027, 3, 29, (9, 0), (12, 30))]

    static func invitation(
        _ method: CalendarInvitation.Method = .request, sequence: Int = 0,
        summary: String = "Gestion de projet agile (GPA-01)",
        description: String = "Apportez votre ordinateur portable.",
        slots: [CalendarInvitation.Slot] = marchSlots
    ) -> CalendarInvitation {
        CalendarInvitation(
            method: method, uid: uid, sequence: sequence, summary: summary, description: description,
            location: "Hôtel de Région, salle 2.14, 1 place de la Préfecture, Lyon",
            organizer: organizer, attendee: attendee, slots: slots,
            stamp: Date(timeIntervalSince1970: 1_803_196_800))  // 2027-02-21T08:00:00Z
    }

    /// The physical lines, split at CRLF (the last, empty piece after the final CRLF dropped).
    static func physicalLines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\r\n")
        if lines.last == "" {
            lines.removeLast()
        }
        return lines
    }

    /// The content lines, unfolded (RFC 5545 §3.1).
    static func contentLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The content lines of each VEVENT, in order.
    static func events(_ text: String) -> [[String]] {
        var events: [[String]] = []
        var current: [String]?
        for line in contentLines(text) {
            if line == "BEGIN:VEVENT" {
                current = []
            } else if line == "END:VEVENT", let event = current {
                events.append(event)
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return events
    }

    /// The lines of `lines` for property `name` (with or without parameters).
    static func property(_ name: String, in lines: [String]) -> [String] {
        lines.filter { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }
    }
}
