import Foundation
import Testing
import TrainingDomain

@Suite struct ICalendarTests {
    typealias F = ICalendarFixtures

    @Test func aRequestHasTheCalendarTheTimeZoneAndTheEvent() {
        let lines = F.contentLines(F.invitation(slots: [F.marchSlots[0]]).render())
        #expect(
            Array(lines.prefix(5)) == [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Training//FR", "CALSCALE:GREGORIAN",
                "METHOD:REQUEST",
            ])
        #expect(lines.last == "END:VCALENDAR")
        let timeZone = Array(lines.drop { $0 != "BEGIN:VTIMEZONE" }.prefix { $0 != "END:VTIMEZONE" })
        #expect(timeZone.contains("TZID:Europe/Paris"))
        let standard = Array(timeZone.drop { $0 != "BEGIN:STANDARD" }.prefix { $0 != "END:STANDARD" })
        let daylight = Array(timeZone.drop { $0 != "BEGIN:DAYLIGHT" }.prefix { $0 != "END:DAYLIGHT" })
        #expect(
            Set(standard) == [
                "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "DTSTART:19701025T030000",
                "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "TZNAME:CET",
            ])
        #expect(
            Set(daylight) == [
                "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "DTSTART:19700329T020000",
                "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "TZNAME:CEST",
            ])
        let events = F.events(F.invitation(slots: [F.marchSlots[0]]).render())
        #expect(events.count == 1)
        let event = events[0]
        #expect(event.contains("UID:\(F.uid)"))
        #expect(event.contains("SEQUENCE:0"))
        #expect(event.contains("DTSTAMP:20270221T080000Z"))
        #expect(event.contains("DTSTART;TZID=Europe/Paris:20270326T090000"))
        #expect(event.contains("DTEND;TZID=Europe/Paris:20270326T170000"))
        #expect(event.contains("SUMMARY:Gestion de projet agile (GPA-01)"))
        #expect(event.contains("DESCRIPTION:Apportez votre ordinateur portable."))
        #expect(event.contains("LOCATION:Hôtel de Région\\, salle 2.14\\, 1 place de la Préfecture\\, Lyon"))
        #expect(event.contains("ORGANIZER;CN=\"Service formation\":mailto:formation@region.passerelle.example"))
        #expect(
            event.contains(
                "ATTENDEE;CN=\"Hélène Côté\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE"
                    + ":mailto:helene.cote@region.passerelle.example"))
        #expect(event.contains("STATUS:CONFIRMED"))
        #expect(event.contains("TRANSP:OPAQUE"))
    }

    @Test func aSingleSlotHasNoRecurrence() {
        let text = F.invitation(slots: [F.marchSlots[1]]).render()
        #expect(F.events(text).count == 1)
        #expect(!text.contains("RDATE"))
        #expect(!text.contains("RECURRENCE-ID"))
        #expect(F.events(text)[0].contains("DTEND;TZID=Europe/Paris:20270329T123000"))
    }

    @Test func everyLineEndsWithCRLF() {
        let bytes = Array(F.invitation(description: "Ligne 1\nLigne 2\r\nLigne 3\rFin").render().utf8)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
            }
            if byte == 0x0D {
                #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at byte \(index)")
            }
        }
    }

    @Test func noLineIsLongerThan75Octets() {
        let slots = (0..<12).map { F.slot(2027, 4, 5 + $0, (9, 0), (17, 0)) }
        let text = F.invitation(
            summary: String(repeating: "Sécurité incendie et évacuation — ", count: 6),
            description: String(repeating: "Une longue description, avec des virgules; et des accents. ", count: 10),
            slots: slots
        ).render()
        for line in F.physicalLines(text) {
            #expect(line.utf8.count <= 75, "\(line.utf8.count) octets: \(line)")
        }
        let rdate = F.property("RDATE", in: F.events(text)[0])
        #expect(rdate.count == 1)
        #expect(rdate.first?.split(separator: ",").count == 11)
    }

    @Test func foldingNeverSplitsACharacter() throws {
        // Two-, three- and four-octet characters at every position relative to the 75-octet limit.
        for prefix in 0..<4 {
            let summary = String(repeating: "x", count: prefix) + String(repeating: "é€😀ô", count: 20)
            let text = F.invitation(summary: summary).render()
            let bytes = Array(text.utf8)
            var lineStart = 0
            for index in bytes.indices where index > 0 && bytes[index - 1] == 0x0D && bytes[index] == 0x0A {
                let line = Array(bytes[lineStart..<(index - 1)])
                #expect(String(validating: line, as: UTF8.self) != nil, "a line cut inside a character")
                #expect(line.count <= 75)
                lineStart = index + 1
            }
            let summaryLines = F.property("SUMMARY", in: F.events(text)[0])
            #expect(summaryLines == ["SUMMARY:\(summary)"])
            #expect(F.physicalLines(text).contains { $0.hasPrefix(" ") })
        }
    }

    @Test func textAndParametersAreEscaped() {
        var invitation = F.invitation(
            summary: #"Droit public; marchés, achats \ contrats"#,
            description: "Matin : théorie\nAprès-midi : cas pratiques\r\nFin")
        invitation.attendee.name = #"Anne "Nanou" Dupont, Service achats"#
        invitation.organizer.name = "Formation\r\nBcc: x"
        let event = F.events(invitation.render())[0]
        #expect(event.contains(#"SUMMARY:Droit public\; marchés\, achats \\ contrats"#))
        #expect(event.contains(#"DESCRIPTION:Matin : théorie\nAprès-midi : cas pratiques\nFin"#))
        let attendee = F.property("ATTENDEE", in: event).first ?? ""
        #expect(attendee.hasPrefix(#"ATTENDEE;CN="Anne 'Nanou' Dupont, Service achats";"#))
        let organizer = F.property("ORGANIZER", in: event).first ?? ""
        #expect(organizer.hasPrefix(#"ORGANIZER;CN="Formation  Bcc: x":mailto:"#))
    }

    @Test func aShorterSlotGetsAnOverride() {
        let events = F.events(F.invitation(sequence: 2).render())
        #expect(events.count == 2)
        let (master, override) = (events[0], events[1])
        #expect(master.contains("DTSTART;TZID=Europe/Paris:20270326T090000"))
        #expect(master.contains("DTEND;TZID=Europe/Paris:20270326T170000"))
        #expect(master.contains("RDATE;TZID=Europe/Paris:20270329T090000"))
        #expect(F.property("RECURRENCE-ID", in: master).isEmpty)
        #expect(override.contains("RECURRENCE-ID;TZID=Europe/Paris:20270329T090000"))
        #expect(override.contains("DTSTART;TZID=Europe/Paris:20270329T090000"))
        #expect(override.contains("DTEND;TZID=Europe/Paris:20270329T123000"))
        #expect(F.property("RDATE", in: override).isEmpty)
        for event in events {
            #expect(event.contains("UID:\(F.uid)"))
            #expect(event.contains("SEQUENCE:2"))
            #expect(event.contains("STATUS:CONFIRMED"))
        }
    }

    @Test func slotsAsLongAsTheFirstAreRecurrencesOnly() {
        let slots = [
            F.slot(2027, 10, 28, (9, 0), (17, 0)), F.slot(2027, 10, 29, (9, 0), (17, 0)),
            F.slot(2027, 11, 2, (13, 30), (17, 0)), F.slot(2027, 11, 3, (9, 0), (17, 0)),
        ]
        let events = F.events(F.invitation(slots: slots).render())
        #expect(events.count == 2)
        #expect(
            events[0].contains(
                "RDATE;TZID=Europe/Paris:20271029T090000,20271102T133000,20271103T090000"))
        #expect(events[1].contains("RECURRENCE-ID;TZID=Europe/Paris:20271102T133000"))
        #expect(events[1].contains("DTEND;TZID=Europe/Paris:20271102T170000"))
    }

    @Test func aCancellationKeepsTheUIDAndCancelsTheWholeEvent() {
        let text = F.invitation(.cancel, sequence: 1).render()
        #expect(F.contentLines(text).contains("METHOD:CANCEL"))
        let events = F.events(text)
        #expect(events.count == 1)
        #expect(events[0].contains("UID:\(F.uid)"))
        #expect(events[0].contains("SEQUENCE:1"))
        #expect(events[0].contains("STATUS:CANCELLED"))
        #expect(events[0].contains("RDATE;TZID=Europe/Paris:20270329T090000"))
        #expect(!text.contains("RECURRENCE-ID"))
        #expect(!text.contains("CONFIRMED"))
    }

    @Test func validationNamesTheFieldAndTheRule() {
        #expect(throws: Never.self) { try F.invitation().validate() }
        var invitation = F.invitation()
        invitation.slots = []
        #expect(F.validationFailure(invitation) == "slots required")
        invitation.slots = [F.marchSlots[1], F.marchSlots[0]]
        #expect(F.validationFailure(invitation) == "slots[1].start inOrder")
        invitation.slots = [CalendarInvitation.Slot(start: F.marchSlots[0].end, end: F.marchSlots[0].start)]
        #expect(F.validationFailure(invitation) == "slots[0].end afterStart")
        invitation = F.invitation()
        invitation.attendee.email = "helene.cote@region.example\r\nBcc: x@y"
        #expect(F.validationFailure(invitation) == "attendee.email format")
        invitation = F.invitation(sequence: -1)
        #expect(F.validationFailure(invitation) == "sequence nonNegative")
        invitation = F.invitation(summary: "  ")
        #expect(F.validationFailure(invitation) == "summary required")
        #expect(F.invitation(slots: []).render().contains("BEGIN:VEVENT") == false)
    }
}

extension ICalendarFixtures {
    /// `"<field> <rule>"` of the error `validate()` throws, or `nil`.
    static func validationFailure(_ invitation: CalendarInvitation) -> String? {
        do {
            try invitation.validate()
            return nil
        } catch {
            #expect(error.code == .invalidField)
            return "\(error.field) \(error.rule)"
        }
    }
}
