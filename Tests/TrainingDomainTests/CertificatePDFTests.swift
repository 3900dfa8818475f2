import Foundation
import Testing
import TrainingDomain

@Suite struct CertificatePDFTests {
    static let pdftotext = "/usr/bin/pdftotext"

    static func content(statusCode: Int = 90, courseTitle: String = "Gestion de projet agile : les fondamentaux")
        -> CertificatePDF.Content
    {
        let day = { (day: Int, from: Int, to: (Int, Int)) in
            CalendarInvitation.Slot(
                start: ParisTime.date(year: 2027, month: 3, day: day, hour: from, minute: 0)!,
                end: ParisTime.date(year: 2027, month: 3, day: day, hour: to.0, minute: to.1)!)
        }
        return CertificatePDF.Content(
            agentName: "Hélène Françoise Côté", courseCode: "GPA-01", courseTitle: courseTitle,
            sessionDates: ParisTime.frenchDates([day(26, 9, (12, 30)), day(29, 9, (12, 30))]),
            location: "Hôtel de Région, salle 2.14, Lyon", minutesAttended: statusCode == 100 ? 420 : 210,
            minutesScheduled: 420, statusCode: statusCode,
            issuedAt: ParisTime.date(year: 2027, month: 4, day: 2, hour: 9, minute: 30)!,
            certificateId: "ATT-2027-000123", organiser: "Région Auvergne-Rhône-Alpes – Service formation")
    }

    @Test func hoursUseADecimalCommaWithoutTrailingZeros() {
        #expect(CertificatePDF.hoursText(minutes: 210) == "3,5")
        #expect(CertificatePDF.hoursText(minutes: 420) == "7")
        #expect(CertificatePDF.hoursText(minutes: 195) == "3,25")
        #expect(CertificatePDF.hoursText(minutes: 200) == "3,33")
        #expect(CertificatePDF.hoursText(minutes: 10) == "0,17")
        #expect(CertificatePDF.hoursText(minutes: 90) == "1,5")
        #expect(CertificatePDF.hoursText(minutes: 0) == "0")
        #expect(CertificatePDF.hoursText(minutes: 2_100) == "35")
    }

    @Test func theFileStartsAndEndsAsAPDF14() {
        let pdf = CertificatePDF.render(Self.content())
        #expect(pdf.starts(with: Array("%PDF-1.4\n%".utf8)))
        #expect(pdf.suffix(6) == Data("%%EOF\n".utf8))
        #expect(CertificatePDF.render(Self.content()) == pdf)
    }

    @Test func theXrefOffsetsPointAtEachObject() throws {
        let pdf = Array(CertificatePDF.render(Self.content()))
        let text = String(decoding: pdf, as: UTF8.self)
        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let xrefOffset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        #expect(pdf[xrefOffset...].starts(with: Array("xref\n0 8\n".utf8)))
        let entries = xrefOffset + "xref\n0 8\n".utf8.count
        let first = String(decoding: pdf[entries..<(entries + 20)], as: UTF8.self)
        #expect(first == "0000000000 65535 f \n")
        for number in 1..<8 {
            let entry = String(decoding: pdf[(entries + 20 * number)..<(entries + 20 * (number + 1))], as: UTF8.self)
            #expect(entry.count == 20 && entry.hasSuffix(" 00000 n \n"), "entry \(number): \(entry)")
            let offset = try #require(Int(entry.prefix(10)))
            #expect(pdf[offset...].starts(with: Array("\(number) 0 obj\n".utf8)), "object \(number) at \(offset)")
        }
        #expect(pdf[(entries + 160)...].starts(with: Array("trailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R >>".utf8)))
    }

    @Test func oneA4PageWithTheStandardFontsAndAnExactStreamLength() throws {
        let pdf = CertificatePDF.render(Self.content())
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.components(separatedBy: "/Type /Page ").count - 1 == 1)
        #expect(text.contains("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"))
        #expect(text.contains("/MediaBox [0 0 595 842]"))
        #expect(text.contains("/BaseFont /Helvetica /Encoding /WinAnsiEncoding"))
        #expect(text.contains("/BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding"))
        #expect(text.contains("/Producer (Passerelle)"))
        let bytes = Array(pdf)
        let declared = try #require(text.firstMatch(of: /\/Length (\d+) >>\nstream\n/))
        let start = try #require(Self.find(Array("stream\n".utf8), in: bytes)) + "stream\n".utf8.count
        let end = try #require(Self.find(Array("\nendstream".utf8), in: bytes))
        #expect(end - start == Int(declared.1))
    }

    @Test func accentsAreWinAnsiBytesAndParenthesesAreEscaped() {
        let pdf = Array(CertificatePDF.render(Self.content(courseTitle: #"Tableur (niveau 2) \ œuvres d’été"#)))
        let name: [UInt8] = Array("(H".utf8) + [0xE9, 0x6C, 0xE8] + Array("ne Fran".utf8) + [0xE7]
            + Array("oise C".utf8) + [0xF4, 0x74, 0xE9, 0x29]
        #expect(Self.find(name, in: pdf) != nil)
        #expect(Self.find(Array("(Heures suivies : 3,5 h sur 7 h)".utf8), in: pdf) != nil)
        #expect(Self.find(Array("(Assiduit".utf8) + [0xE9] + Array(" : partielle)".utf8), in: pdf) != nil)
        let title: [UInt8] = Array(#"Tableur \(niveau 2\) \\ "#.utf8) + [0x9C] + Array("uvres d".utf8) + [0x92, 0xE9]
        #expect(Self.find(title, in: pdf) != nil)
        let issued = Array("(D".utf8) + [0xE9] + Array("livr".utf8) + [0xE9, 0x65] + Array(" le 2 avril 2027)".utf8)
        #expect(Self.find(issued, in: pdf) != nil)
        #expect(Self.find(Array("ATT-2027-000123".utf8), in: pdf) != nil)
        // Only the binary comment of the header and the WinAnsi strings hold bytes above 0x7F: no UTF-8.
        #expect(Self.find([0xC3, 0xA9], in: pdf) == nil)
        let complete = Array(CertificatePDF.render(Self.content(statusCode: 100)))
        let attendance = Array("(Assiduit".utf8) + [0xE9] + Array(" : compl".utf8) + [0xE8] + Array("te)".utf8)
        #expect(Self.find(attendance, in: complete) != nil)
        #expect(Self.find(Array("(Heures suivies : 7 h sur 7 h)".utf8), in: complete) != nil)
    }

    @Test func aLongTitleIsWrappedOnSeveralLines() {
        let title = String(repeating: "Prévention des risques psychosociaux et qualité de vie au travail ", count: 3)
        let pdf = String(decoding: CertificatePDF.render(Self.content(courseTitle: title)), as: UTF8.self)
        let shortPDF = String(decoding: CertificatePDF.render(Self.content()), as: UTF8.self)
        let courseLines = { (text: String) in text.components(separatedBy: "/F2 14 Tf").count - 1 }
        #expect(courseLines(shortPDF) == 1)
        #expect(courseLines(pdf) >= 3)
    }

    @Test func contentValidationNamesTheFieldAndTheRule() {
        #expect(throws: Never.self) { try Self.content().validate() }
        var content = Self.content()
        content.statusCode = 80
        #expect(Self.failure(content) == "statusCode oneOf")
        content = Self.content()
        content.minutesAttended = 500
        #expect(Self.failure(content) == "minutesAttended range")
        content = Self.content()
        content.agentName = " "
        #expect(Self.failure(content) == "agentName required")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: pdftotext)))
    func pdftotextReadsTheHoursAndTheAccents() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("certificate-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try CertificatePDF.render(Self.content()).write(to: file)
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.pdftotext)
        process.arguments = ["-enc", "UTF-8", file.path, "-"]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("Attestation de formation"))
        #expect(text.contains("Hélène Françoise Côté"))
        #expect(text.contains("3,5 h"))
        #expect(text.contains("Assiduité : partielle"))
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    static func failure(_ content: CertificatePDF.Content) -> String? {
        do {
            try content.validate()
            return nil
        } catch {
            return "\(error.field) \(error.rule)"
        }
    }
}
