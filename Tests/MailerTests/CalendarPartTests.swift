import Foundation
import Logging
import Mailer
import Testing

/// An invitation as training writes them: CRLF lines, a folded line (RFC 5545 §3.1), French text, an escaped
/// comma, a line longer than quoted-printable's 76 characters and a line ending in a space.
func sampleCalendar(method: String = "REQUEST", sequence: Int = 0) -> String {
    [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Training//FR", "METHOD:\(method)", "BEGIN:VEVENT",
        "UID:signup-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d@training.passerelle.example", "SEQUENCE:\(sequence)",
        "DTSTAMP:20260403T081200Z", "DTSTART:20260615T070000Z", "DTEND:20260615T150000Z",
        "SUMMARY:Marchés publics : rédiger un CCTP (cahier des clauses techniques partic",
        " ulières) — session de juin",
        "LOCATION:Maison de la formation\\, salle 2 ",
        "DESCRIPTION:Apportez = un exemple de CCTP. Ligne longue : " + String(repeating: "x", count: 90),
        "ATTENDEE;CN=Camille Bernard;ROLE=REQ-PARTICIPANT:mailto:c.bernard@mairie-exemple.example",
        "END:VEVENT", "END:VCALENDAR",
    ].joined(separator: "\r\n") + "\r\n"
}

func invitation(
    method: CalendarPart.Method = .request, calendar: String = sampleCalendar(), html: String? = nil
) -> MailMessage {
    var message = sampleMessage(text: "Bonjour,\nVotre inscription est confirmée.\n", html: html)
    message.calendar = CalendarPart(method: method, text: calendar)
    return message
}

/// The parts of a multipart body (RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter), each
/// as its header block and its still encoded body.
func multipartParts(_ body: String, boundary: String) -> [(headers: String, body: String)] {
    let pieces = ("\r\n" + body).components(separatedBy: "\r\n--\(boundary)")
    // pieces[0] is the (empty) preamble, the last one is `--` and the epilogue.
    return pieces.dropFirst().dropLast().map { piece in
        // Drop the CRLF that ends the delimiter line (one Character in Swift).
        MIMETestDecoding.split(piece.hasPrefix("\r\n") ? String(piece.dropFirst()) : piece)
    }
}

@Suite struct CalendarPartTests {
    let composer = MailComposer()

    @Test func theCalendarIsTheLastAlternativeWithItsMethod() throws {
        let text = try self.composer.compose(invitation(), secondsSince1970: july1st, boundary: "=_test_boundary")
        let (headers, body) = MIMETestDecoding.split(text)
        #expect(MIMETestDecoding.field("Content-Type", in: headers) == "multipart/alternative; boundary=\"=_test_boundary\"")
        let parts = multipartParts(body, boundary: "=_test_boundary")
        try #require(parts.count == 2)
        #expect(MIMETestDecoding.rawFields(parts[0].headers) == [
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable",
        ])
        #expect(MIMETestDecoding.quotedPrintable(parts[0].body) == "Bonjour,\r\nVotre inscription est confirmée.\r\n")
        #expect(MIMETestDecoding.rawFields(parts[1].headers) == [
            "Content-Type: text/calendar; charset=utf-8; method=REQUEST", "Content-Transfer-Encoding: quoted-printable",
        ])
        #expect(body.hasSuffix("END:VCALENDAR\r\n\r\n--=_test_boundary--\r\n"))
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains { $0 == "\r" || $0 == "\n" })
    }

    @Test func withHTMLTheOrderIsTextHTMLCalendar() throws {
        let message = invitation(method: .cancel, calendar: sampleCalendar(method: "CANCEL", sequence: 1), html: "<p>Annulé</p>")
        let text = try self.composer.compose(message, secondsSince1970: july1st, boundary: "=_b")
        let parts = multipartParts(MIMETestDecoding.split(text).body, boundary: "=_b")
        #expect(parts.map { MIMETestDecoding.field("Content-Type", in: $0.headers) } == [
            "text/plain; charset=utf-8", "text/html; charset=utf-8", "text/calendar; charset=utf-8; method=CANCEL",
        ])
        #expect(MIMETestDecoding.quotedPrintable(parts[1].body) == "<p>Annulé</p>\r\n")
    }

    @Test func theCalendarDecodesBackByteForByte() throws {
        let calendar = sampleCalendar()
        let text = try self.composer.compose(invitation(calendar: calendar), secondsSince1970: july1st, boundary: "=_b")
        let part = try #require(multipartParts(MIMETestDecoding.split(text).body, boundary: "=_b").last)
        // Quoted-printable keeps every line under 77 characters (soft breaks) and encodes the trailing space.
        #expect(part.body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(part.body.contains("salle 2=20\r\n"))
        #expect(Array(MIMETestDecoding.quotedPrintable(part.body).utf8) == Array(calendar.utf8))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3"))
    func pythonsEmailModuleDecodesTheSameText() throws {
        let calendar = sampleCalendar()
        let text = try self.composer.compose(invitation(html: "<p>x</p>"), secondsSince1970: july1st)
        let script = """
            import email, sys
            message = email.message_from_bytes(sys.stdin.buffer.read())
            parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
            assert len(parts) == 1, len(parts)
            sys.stdout.write(parts[0].get_param("method") + "\\n" + parts[0].get_payload(decode=True).hex())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let (input, output) = (Pipe(), Pipe())
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = answer.split(separator: "\n")
        try #require(lines.count == 2, "\(answer)")
        #expect(lines[0] == "REQUEST")
        #expect(lines[1] == Data(calendar.utf8).map { String(format: "%02x", $0) }.joined())
    }

    @Test func loneLineFeedsBecomeCRLFLikeInEveryTextPart() throws {
        let calendar = sampleCalendar().replacingOccurrences(of: "\r\n", with: "\n")
        let text = try self.composer.compose(invitation(calendar: calendar), secondsSince1970: july1st, boundary: "=_b")
        let part = try #require(multipartParts(MIMETestDecoding.split(text).body, boundary: "=_b").last)
        #expect(MIMETestDecoding.quotedPrintable(part.body) == sampleCalendar())
    }

    @Test func withoutHTMLOrCalendarTheMessageStaysSinglePart() throws {
        let text = try self.composer.compose(sampleMessage(), secondsSince1970: july1st)
        #expect(MIMETestDecoding.field("Content-Type", in: MIMETestDecoding.split(text).headers) == "text/plain; charset=utf-8")
    }

    @Test(arguments: [
        ("calendar.text", CalendarPart(method: .request, text: "BEGIN:VEVENT\r\nEND:VEVENT\r\n")),
        ("calendar.text", CalendarPart(method: .request, text: " BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")),
        ("calendar.text", CalendarPart(method: .request, text: "BEGIN:VCALENDAR METHOD:REQUEST END:VCALENDAR")),
        ("calendar.text", CalendarPart(method: .request, text: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n")),
        ("calendar.text", CalendarPart(method: .request, text: "")),
        ("calendar.method", CalendarPart(method: .cancel, text: sampleCalendar(method: "REQUEST"))),
        ("calendar.method", CalendarPart(method: .request, text: sampleCalendar(method: "CANCEL"))),
        ("calendar.method", CalendarPart(method: .request, text: sampleCalendar().replacingOccurrences(of: "METHOD:REQUEST\r\n", with: ""))),
        ("calendar.method", CalendarPart(
            method: .request, text: sampleCalendar().replacingOccurrences(of: "METHOD:REQUEST", with: "METHOD:REQUEST\r\nMETHOD:CANCEL"))),
    ])
    func anUnusableCalendarIsRefusedNamingTheField(field: String, calendar: CalendarPart) {
        var message = sampleMessage()
        message.calendar = calendar
        #expect {
            try self.composer.compose(message, secondsSince1970: july1st)
        } throws: { error in
            let error = error as? MailError
            return error?.kind == .invalid && error?.detail.hasPrefix(field + ":") == true
                && error?.detail.contains("mairie-exemple") == false
        }
    }

    @Test func aFoldedMethodLineAndLowerCaseNamesAreRead() throws {
        let calendar = sampleCalendar().replacingOccurrences(of: "METHOD:REQUEST", with: "method:REQ\r\n UEST")
        try CalendarPart(method: .request, text: calendar).validate()
        #expect(throws: MailError.self) { try CalendarPart(method: .cancel, text: calendar).validate() }
    }
}

/// The calendar part through a real SMTP server (`scripts/lib/smtp_sink.py`): what lands on disk decodes to the
/// same calendar text.
@Suite(.enabled(if: SinkEnvironment.enabled, "needs /usr/bin/python3 with aiosmtpd (python3-aiosmtpd)"))
struct CalendarPartSMTPTests {
    @Test func theStoredMessageCarriesTheExactCalendar() async throws {
        try await withSMTPSink { sink in
            var configuration = SMTPMailer.Configuration(url: sink.url)
            configuration.connectTimeout = .seconds(2)
            configuration.timeout = .seconds(10)
            let mailer = try SMTPMailer(configuration: configuration, logger: Logger(label: "passerelle.tests.mail"))
            var message = invitation()
            message.messageID = "\(UUID().uuidString.lowercased())@passerelle.local"
            _ = try await mailer.send(message)
            let stored = try #require(try sink.messages().first)
            let (headers, body) = MIMETestDecoding.split(stored.raw)
            let contentType = try #require(MIMETestDecoding.field("Content-Type", in: headers))
            let boundary = try #require(contentType.split(separator: "\"").dropFirst().first.map(String.init))
            let part = try #require(multipartParts(body, boundary: boundary).last)
            #expect(MIMETestDecoding.field("Content-Type", in: part.headers) == "text/calendar; charset=utf-8; method=REQUEST")
            #expect(MIMETestDecoding.quotedPrintable(part.body) == sampleCalendar())
        }
    }
}
