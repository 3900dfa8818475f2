extension CertificatePDF {
    static let margin = 72.0
    /// At most this many lines of session dates; the rest is summed up on one more line.
    static let maximumDateLines = 14

    /// The page's content stream: a frame, the organiser, the title, the agent and the course centred, then the
    /// dates, the place, the hours, the attendance, the issue date and the certificate id.
    static func page(_ content: Content) -> [UInt8] {
        let left = Self.margin
        let right = Double(Self.pageWidth) - Self.margin
        var page = PDFContentStream()
        page.colour(0.12, 0.23, 0.45)
        for (inset, lineWidth) in [(36.0, 1.5), (42.0, 0.5)] {
            page.rectangle(
                x: inset, y: inset, width: Double(Self.pageWidth) - 2 * inset,
                height: Double(Self.pageHeight) - 2 * inset, lineWidth: lineWidth)
        }

        var y = 770.0
        for line in HelveticaMetrics.wrap(content.organiser, font: .bold, size: 11, width: right - left) {
            page.text(line, font: .bold, size: 11, x: left, y: y)
            y -= 14
        }
        y = min(y - 50, 690)
        page.centred("Attestation de formation", font: .bold, size: 26, left: left, right: right, y: y)
        page.line(from: (left + 80, y - 18), to: (right - 80, y - 18), width: 1)

        page.colour(0, 0, 0)
        y -= 60
        page.centred("Nous attestons que", font: .regular, size: 12, left: left, right: right, y: y)
        y -= 30
        for line in HelveticaMetrics.wrap(content.agentName, font: .bold, size: 18, width: right - left) {
            page.centred(line, font: .bold, size: 18, left: left, right: right, y: y)
            y -= 22
        }
        y -= 8
        page.centred("a suivi la formation", font: .regular, size: 12, left: left, right: right, y: y)
        y -= 26
        let course = "\(content.courseCode) – \(content.courseTitle)"
        for line in HelveticaMetrics.wrap(course, font: .bold, size: 14, width: right - left) {
            page.centred(line, font: .bold, size: 14, left: left, right: right, y: y)
            y -= 18
        }

        y -= 24
        let attended = Self.hoursText(minutes: content.minutesAttended)
        let scheduled = Self.hoursText(minutes: content.minutesScheduled)
        let details = [
            ("Dates : ", Self.dateLines(content.sessionDates)),
            ("Lieu : ", [content.location]),
            ("Heures suivies : ", ["\(attended) h sur \(scheduled) h"]),
            ("Assiduité : ", [content.attendanceText]),
        ]
        for (label, values) in details {
            y = Self.labelled(label, values, at: y, left: left + 18, right: right, on: &page)
            y -= 6
        }

        y -= 24
        let issued = ParisTime.frenchDay(ParisTime.localComponents(of: content.issuedAt), weekday: false)
        page.text("Délivrée le \(issued)", font: .regular, size: 11, x: left + 18, y: y)
        page.colour(0.35, 0.35, 0.35)
        page.centred(
            "Attestation n° \(content.certificateId)", font: .regular, size: 9, left: left, right: right, y: 60)
        return page.bytes
    }

    /// The session dates, one per line, at most ``maximumDateLines``.
    static func dateLines(_ dates: String) -> [String] {
        let lines = dates.split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count > Self.maximumDateLines else { return lines }
        let shown = lines.prefix(Self.maximumDateLines - 1)
        return shown + ["et \(lines.count - shown.count) autres dates"]
    }

    /// `label` then each value, wrapped under the first value's start; returns the next line's baseline.
    private static func labelled(
        _ label: String, _ values: [String], at top: Double, left: Double, right: Double,
        on page: inout PDFContentStream
    ) -> Double {
        let size = 11.0
        let indent = HelveticaMetrics.width(label, font: .regular, size: size)
        var y = top
        var first = true
        for value in values {
            for line in HelveticaMetrics.wrap(value, font: .regular, size: size, width: right - left - indent) {
                if first {
                    page.text(label + line, font: .regular, size: size, x: left, y: y)
                    first = false
                } else {
                    page.text(line, font: .regular, size: size, x: left + indent, y: y)
                }
                y -= 15
            }
        }
        return y
    }
}
