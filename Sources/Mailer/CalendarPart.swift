/// An iCalendar object sent with a ``MailMessage`` as an invitation (iMIP, RFC 6047): the composer writes it
/// as the last part of a `multipart/alternative`, `Content-Type: text/calendar; charset=utf-8; method=…`, in
/// quoted-printable, after the text and the HTML bodies. Mail clients then show it as an invitation (accept,
/// decline) or, with `CANCEL`, remove the event from the calendar.
///
/// The text goes out byte for byte: quoted-printable writes each CRLF as a hard line break, so a MIME decoder
/// gives back the exact text. iCalendar lines end in CRLF (RFC 5545 §3.1); a lone LF or CR is written as CRLF
/// like in every text part.
public struct CalendarPart: Sendable, Hashable {
    /// The iTIP method (RFC 5546 §1.4) of the object, repeated in the `Content-Type` as RFC 6047 §2.4 requires.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// An invitation, or an update of one (same `UID`, higher `SEQUENCE`).
        case request = "REQUEST"
        /// The event is withdrawn.
        case cancel = "CANCEL"
    }

    /// The method; it must equal the object's `METHOD` property.
    public var method: Method
    /// The whole iCalendar object, from `BEGIN:VCALENDAR` to `END:VCALENDAR`, with CRLF line ends.
    public var text: String

    /// Creates a calendar part.
    public init(method: Method, text: String) {
        self.method = method
        self.text = text
    }

    /// Checks the part the way the composer does before writing it: the text is one `VCALENDAR` object (it
    /// starts with `BEGIN:VCALENDAR` and a line end, and its last line is `END:VCALENDAR`), and its `METHOD`
    /// property equals ``method``.
    ///
    /// - Parameter field: The field name the errors start with (`calendar`).
    /// - Throws: ``MailError`` `.invalid` naming `<field>.text` or `<field>.method` and the rule, never the text.
    public func validate(field: String = "calendar") throws(MailError) {
        guard self.text.hasPrefix("BEGIN:VCALENDAR\r\n") || self.text.hasPrefix("BEGIN:VCALENDAR\n") else {
            throw MailError(.invalid, "\(field).text: must start with BEGIN:VCALENDAR and a line end (RFC 5545 §3.4)")
        }
        let lines = Self.unfoldedLines(self.text)
        guard lines.last(where: { !$0.isEmpty }) == "END:VCALENDAR" else {
            throw MailError(.invalid, "\(field).text: must end with END:VCALENDAR (RFC 5545 §3.4)")
        }
        let methods = lines.compactMap { line -> Substring? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].prefix { $0 != ";" }
            return name.uppercased() == "METHOD" ? line[line.index(after: colon)...] : nil
        }
        guard let method = methods.first else {
            throw MailError(.invalid, "\(field).method: the calendar has no METHOD property (RFC 5546 §1.4, RFC 6047 §2.4)")
        }
        guard methods.count == 1, method.uppercased() == self.method.rawValue else {
            throw MailError(
                .invalid, "\(field).method: must equal the calendar's METHOD property, written once (RFC 6047 §2.4)")
        }
    }

    /// The content lines, unfolded (a line end followed by a space or a tab continues the line, RFC 5545 §3.1).
    static func unfoldedLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        for line in MIMEEncoding.lines(of: text) {
            let line = Substring(line)
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] = lines[lines.count - 1] + line.dropFirst()
            } else {
                lines.append(line)
            }
        }
        return lines
    }
}
