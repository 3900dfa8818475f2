import Foundation
import Testing
import TrainingDomain

/// The invitations read by a real calendar library: Python's `icalendar` through `scripts/lib/ics_check.py`, with
/// the Python named by `PASSERELLE_CALENDAR_PYTHON` (scripts/test.d/calendar.sh makes a venv and sets it).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PASSERELLE_CALENDAR_PYTHON"] != nil))
final class ICalendarInteropTests {
    typealias F = ICalendarFixtures

    /// One JSON line of the checker: one VEVENT as the library understood it.
    struct EventLine: Decodable {
        var method: String
        var uid: String
        var sequence: Int
        var status: String
        var summary: String
        var dtstart: String?
        var dtend: String?
        var tzid: String?
        var rdates: [String]
        var recurrenceId: String?
    }

    struct CheckerRun {
        var status: Int32
        var events: [EventLine]
        var errors: String
    }

    static let summary =
        "Sécurité incendie : manipulation des extincteurs, évacuation et rôle des guide-files (SST-02)"

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "passerelle-ics-\(UUID().uuidString.prefix(8))")

    deinit {
        try? FileManager.default.removeItem(at: self.folder)
    }

    @Test func aRequestAcrossTheStartOfSummerTimeReadsTheSame() throws {
        let file = try self.write(F.invitation(summary: Self.summary).render(), as: "request.ics")
        let run = try self.check([file], "--expect-paris-local", "09:00", "--expect-offsets", "+01:00,+02:00")
        try #require(run.status == 0, "ics_check failed: \(run.errors)")
        try #require(run.events.count == 2)
        let (master, override) = (run.events[0], run.events[1])
        for event in run.events {
            #expect(event.method == "REQUEST")
            #expect(event.uid == F.uid)
            #expect(event.sequence == 0)
            #expect(event.status == "CONFIRMED")
            #expect(event.summary == Self.summary)
            #expect(event.tzid == "Europe/Paris")
        }
        #expect(master.dtstart == "2027-03-26T09:00:00+01:00")
        #expect(master.dtend == "2027-03-26T17:00:00+01:00")
        #expect(master.rdates == ["2027-03-29T09:00:00+02:00"])
        #expect(master.recurrenceId == nil)
        #expect(override.recurrenceId == "2027-03-29T09:00:00+02:00")
        #expect(override.dtstart == "2027-03-29T09:00:00+02:00")
        #expect(override.dtend == "2027-03-29T12:30:00+02:00")
    }

    @Test func theCancellationInAMailKeepsTheUIDWithAHigherSequence() throws {
        let request = try self.write(F.invitation().render(), as: "request.ics")
        let cancel = try self.write(Self.mail(F.invitation(.cancel, sequence: 1)), as: "cancel.eml")
        let run = try self.check([request, cancel], "--expect-paris-local", "09:00")
        try #require(run.status == 0, "ics_check failed: \(run.errors)")
        let cancellations = run.events.filter { $0.method == "CANCEL" }
        try #require(cancellations.count == 1)
        let requestUIDs = Set(run.events.filter { $0.method == "REQUEST" }.map(\.uid))
        #expect(requestUIDs == [cancellations[0].uid])
        #expect(cancellations[0].sequence == 1)
        #expect(cancellations[0].status == "CANCELLED")
        #expect(cancellations[0].dtstart == "2027-03-26T09:00:00+01:00")
        #expect(cancellations[0].recurrenceId == nil)
    }

    @Test func anOctoberSessionAcrossTheEndOfSummerTimeReadsTheSame() throws {
        let slots = [
            F.slot(2027, 10, 28, (9, 0), (17, 0)), F.slot(2027, 11, 2, (9, 0), (17, 0)),
            F.slot(2027, 11, 3, (9, 0), (12, 0)),
        ]
        let file = try self.write(F.invitation(sequence: 3, slots: slots).render(), as: "october.ics")
        let run = try self.check([file], "--expect-paris-local", "09:00", "--expect-offsets", "+02:00,+01:00")
        try #require(run.status == 0, "ics_check failed: \(run.errors)")
        try #require(run.events.count == 2)
        #expect(run.events.allSatisfy { $0.sequence == 3 && $0.uid == F.uid })
        #expect(run.events[0].dtstart == "2027-10-28T09:00:00+02:00")
        #expect(run.events[0].rdates == ["2027-11-02T09:00:00+01:00", "2027-11-03T09:00:00+01:00"])
        #expect(run.events[1].recurrenceId == "2027-11-03T09:00:00+01:00")
        #expect(run.events[1].dtend == "2027-11-03T12:00:00+01:00")
    }

    @Test func theCheckerRefusesWhatIsNotACalendar() throws {
        let text = try self.write("Bonjour,\r\nrien à voir.\r\n", as: "note.ics")
        #expect(try self.check([text]).status == 1)
        let broken = F.invitation().render().replacingOccurrences(of: "END:VCALENDAR\r\n", with: "")
        #expect(try self.check([try self.write(broken, as: "broken.ics")]).status == 1)
        let mail = try self.write("Subject: x\r\nContent-Type: text/plain\r\n\r\nrien\r\n", as: "plain.eml")
        #expect(try self.check([mail]).status == 1)
        let request = try self.write(F.invitation().render(), as: "request.ics")
        #expect(try self.check([request], "--expect-paris-local", "10:00").status == 1)
    }

    // MARK: - Helpers

    /// The invitation as a mail: a text part and the calendar in base64, as the notifications service sends it.
    static func mail(_ invitation: CalendarInvitation) -> String {
        let calendar = Data(invitation.render().utf8).base64EncodedString(
            options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(invitation.organizer.name) <\(invitation.organizer.email)>",
            "To: \(invitation.attendee.email)",
            "Subject: =?utf-8?q?Annulation_de_la_formation?=",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"ics-boundary\"",
            "",
            "--ics-boundary",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            ParisTime.frenchDates(invitation.slots).replacingOccurrences(of: "\n", with: "\r\n"),
            "--ics-boundary",
            "Content-Type: text/calendar; charset=utf-8; method=\(invitation.method.rawValue)",
            "Content-Transfer-Encoding: base64",
            "",
            calendar,
            "--ics-boundary--",
            "",
        ].joined(separator: "\r\n")
    }

    private func write(_ text: String, as name: String) throws -> URL {
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        let file = self.folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// Runs `scripts/lib/ics_check.py` on the files and decodes its JSON lines.
    private func check(_ files: [URL], _ options: String...) throws -> CheckerRun {
        let python = ProcessInfo.processInfo.environment["PASSERELLE_CALENDAR_PYTHON"] ?? "python3"
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/lib/ics_check.py")
        let output = self.folder.appendingPathComponent("stdout-\(UUID().uuidString.prefix(8))")
        let errors = self.folder.appendingPathComponent("stderr-\(UUID().uuidString.prefix(8))")
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + options + files.map(\.path)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let lines = String(decoding: try Data(contentsOf: output), as: UTF8.self).split(separator: "\n")
        return CheckerRun(
            status: process.terminationStatus,
            events: try lines.map { try decoder.decode(EventLine.self, from: Data($0.utf8)) },
            errors: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}
