/// Builds the RFC 5322 / MIME text of a ``MailMessage``: 7-bit ASCII with CRLF line ends, ready for SMTP.
///
/// The fields come in this order: `Date`, `From`, `To`, `Subject` (RFC 2047 encoded words in UTF-8
/// when not plain ASCII, folded at 76 characters), `Message-ID`, the message's extra ``MailHeader``s in
/// their order, `MIME-Version`, then the content: a `text/plain; charset=utf-8` body in quoted-printable,
/// or a `multipart/alternative` when ``MailMessage/htmlBody`` or ``MailMessage/calendar`` is set: the text,
/// the HTML body when any, and last the calendar as `text/calendar; charset=utf-8; method=REQUEST` (or
/// `CANCEL`), each in quoted-printable (iMIP, RFC 6047 §2.4).
///
/// Everything is validated first: a CR or LF in any header value, an unusable address, a message
/// without recipients or a calendar that is not one `VCALENDAR` with the part's `METHOD` throws
/// ``MailError`` `.invalid` and nothing is sent.
public struct MailComposer: Sendable {
    /// Creates a composer.
    public init() {}

    /// The message text.
    ///
    /// - Parameters:
    ///   - message: the message to write.
    ///   - secondsSince1970: the `Date:` value as Unix time (the send time).
    ///   - boundary: the multipart boundary; by default a random `=_passerelle_…` string. A boundary
    ///     containing `=_` can never occur in quoted-printable text, so no body can break the structure.
    /// - Throws: ``MailError`` `.invalid` naming the field and the rule; a send time that is not finite or
    ///   falls outside the years 1 to 9999 is refused the same way.
    public func compose(
        _ message: MailMessage,
        secondsSince1970: Double,
        boundary: String? = nil
    ) throws(MailError) -> String {
        try self.validate(message)
        guard RFC5322Date.range.contains(secondsSince1970) else {
            throw MailError(.invalid, "date: the send time must be a finite instant in the years 1 to 9999 (RFC 5322 §3.3)")
        }
        var text = "Date: \(RFC5322Date.format(secondsSince1970: secondsSince1970))\r\n"
        text += try MIMEEncoding.foldedField("From", atoms: self.mailboxAtoms(message.from, field: "From"))
        var toAtoms: [String] = []
        for (index, recipient) in message.to.enumerated() {
            var atoms = self.mailboxAtoms(recipient, field: "To")
            if index < message.to.count - 1 {
                atoms[atoms.count - 1] += ","
            }
            toAtoms += atoms
        }
        text += try MIMEEncoding.foldedField("To", atoms: toAtoms)
        text += try MIMEEncoding.foldedField("Subject", atoms: self.textAtoms(message.subject, field: "Subject"))
        text += "Message-ID: <\(message.messageID)>\r\n"
        for header in message.headers {
            text += try MIMEEncoding.foldedField(header.name, atoms: MIMEEncoding.atoms(header.value))
        }
        text += "MIME-Version: 1.0\r\n"
        guard message.htmlBody != nil || message.calendar != nil else {
            return text + self.part(contentType: "text/plain; charset=utf-8", body: message.textBody)
        }
        let boundary = boundary ?? "=_passerelle_" + String(UInt64.random(in: .min ... .max), radix: 16)
        text += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n"
        text += "--\(boundary)\r\n" + self.part(contentType: "text/plain; charset=utf-8", body: message.textBody)
        if let html = message.htmlBody {
            text += "\r\n--\(boundary)\r\n" + self.part(contentType: "text/html; charset=utf-8", body: html)
        }
        if let calendar = message.calendar {
            let contentType = "text/calendar; charset=utf-8; method=\(calendar.method.rawValue)"
            text += "\r\n--\(boundary)\r\n" + self.part(contentType: contentType, body: calendar.text)
        }
        text += "\r\n--\(boundary)--\r\n"
        return text
    }

    /// Checks every field the composer writes; see ``compose(_:secondsSince1970:boundary:)``.
    public func validate(_ message: MailMessage) throws(MailError) {
        try MailValidation.checkAddress(message.from.address, field: "from.address")
        if let name = message.from.name {
            try MailValidation.checkText(name, field: "from.name")
        }
        guard !message.to.isEmpty else {
            throw MailError(.invalid, "to: at least one recipient is required (RFC 5321 §3.3 RCPT)")
        }
        for (index, recipient) in message.to.enumerated() {
            try MailValidation.checkAddress(recipient.address, field: "to[\(index)].address")
            if let name = recipient.name {
                try MailValidation.checkText(name, field: "to[\(index)].name")
            }
        }
        try MailValidation.checkText(message.subject, field: "subject")
        try MailValidation.checkMessageID(message.messageID)
        for (index, header) in message.headers.enumerated() {
            try MailValidation.checkHeader(header, field: "headers[\(index)]")
        }
        try message.calendar?.validate(field: "calendar")
    }

    /// One body part: its content headers, a blank line and the quoted-printable text ending in CRLF. A text
    /// that ends with a line end is written as it is: the CRLF before the next boundary belongs to the boundary
    /// (RFC 2046 §5.1.1), so a decoder gives back exactly the text's lines.
    private func part(contentType: String, body: String) -> String {
        var encoded = MIMEEncoding.quotedPrintable(body)
        if !encoded.hasSuffix("\r\n") {
            encoded += "\r\n"
        }
        return "Content-Type: \(contentType)\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded
    }

    /// `Name <address>` as atoms: the display name plain, quoted or as encoded words.
    private func mailboxAtoms(_ mailbox: MailAddress, field: String) -> [String] {
        let angle = "<\(mailbox.address)>"
        guard let name = mailbox.name, !name.isEmpty else {
            return [angle]
        }
        if MIMEEncoding.isPlainHeaderText(name) {
            let isPhrase = name.utf8.allSatisfy { byte in
                byte == 0x20 || (byte > 0x20 && byte < 0x7F && !Self.specials.contains(byte))
            }
            if isPhrase {
                return MIMEEncoding.atoms(name) + [angle]
            }
            var quoted = "\""
            for character in name {
                if character == "\"" || character == "\\" {
                    quoted += "\\"
                }
                quoted.append(character)
            }
            return MIMEEncoding.atoms(quoted + "\"") + [angle]
        }
        return MIMEEncoding.encodedWords(name, firstLimit: MIMEEncoding.headerLineLimit - field.count - 2) + [angle]
    }

    /// Unstructured text (the subject): plain ASCII as is, anything else as encoded words.
    private func textAtoms(_ text: String, field: String) -> [String] {
        if MIMEEncoding.isPlainHeaderText(text) {
            return MIMEEncoding.atoms(text)
        }
        return MIMEEncoding.encodedWords(text, firstLimit: MIMEEncoding.headerLineLimit - field.count - 2)
    }

    /// RFC 5322 §3.2.3 `specials`: a display name holding one of them must be quoted.
    private static let specials = Set("()<>[]:;@\\,.\"".utf8)
}
