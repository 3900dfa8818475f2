import Foundation
import Mailer

/// Target `mime`: the RFC 5322 / MIME composer (`MailComposer`), with every field fuzzed.
///
/// Input: records separated by `0xFF` (see ``FuzzRecord``): `f` from address, `n` from name, `t` a recipient's
/// address (one per record), `m` the name of the last recipient, `s` subject, `b` text body, `h` HTML body,
/// `H` an extra header `Name:value`, `i` message id, `d` the send time (seconds since 1970, text or 8 bytes).
///
/// Checks: no crash; a refusal is `MailError` `.invalid` naming the field; an accepted message is 7-bit ASCII
/// with CRLF line ends only, no line over 998 characters, a header block of well-formed fields (a name and a
/// colon, or a folded continuation), and reads back (unfolding, RFC 2047 and quoted-printable decoding, a
/// small decoder independent of the composer) to the same subject, addresses and bodies.
enum MailFuzz {
    static let boundary = "=_passerelle_fuzz"

    static func run(_ bytes: UnsafeRawBufferPointer) {
        var message = MailMessage(
            from: MailAddress("avis@marches.example.fr", name: nil), to: [], subject: "", textBody: "",
            messageID: "fuzz@passerelle.local")
        var seconds: Double = 1_767_225_600
        for record in FuzzRecord.split(bytes, limit: 64) {
            switch record.tag {
            case UInt8(ascii: "f"): message.from.address = record.text
            case UInt8(ascii: "n"): message.from.name = record.text
            case UInt8(ascii: "t"): message.to.append(MailAddress(record.text))
            case UInt8(ascii: "m"): if !message.to.isEmpty { message.to[message.to.count - 1].name = record.text }
            case UInt8(ascii: "s"): message.subject = record.text
            case UInt8(ascii: "b"): message.textBody = record.text
            case UInt8(ascii: "h"): message.htmlBody = record.text
            case UInt8(ascii: "i"): message.messageID = record.text
            case UInt8(ascii: "d"): seconds = record.payload.double
            case UInt8(ascii: "H"):
                let text = record.text
                let colon = text.firstIndex(of: ":") ?? text.endIndex
                let value = colon == text.endIndex ? "" : String(text[text.index(after: colon)...])
                message.headers.append(MailHeader(String(text[..<colon]), value))
            default: break
            }
        }
        let composer = MailComposer()
        let text: String
        do {
            text = try composer.compose(message, secondsSince1970: seconds, boundary: Self.boundary)
        } catch {
            fuzzCheck(error.kind == .invalid, "compose failed with \(error.kind), not .invalid")
            fuzzCheck(!error.description.isEmpty, "a MailError without a description")
            do {
                try composer.validate(message)
                // validate passed: only the send time or the fold of an over-long atom may still refuse it.
                fuzzCheck(error.detail.contains("998") || error.detail.hasPrefix("date:"), "validate accepts what compose refuses: \(error)")
            } catch {}
            return
        }
        self.checkWire(text)
        self.checkReadBack(text, message)
    }

    /// 7-bit ASCII, CRLF only, lines of at most 998 characters.
    static func checkWire(_ text: String) {
        let bytes = Array(text.utf8)
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            fuzzCheck(byte < 0x80, "non-ASCII byte 0x\(String(byte, radix: 16)) at \(index)")
            fuzzCheck(byte != 0, "NUL at \(index)")
            if byte == 0x0D {
                fuzzCheck(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index)")
            } else if byte == 0x0A {
                fuzzCheck(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index)")
                lineLength = 0
                continue
            } else {
                lineLength += 1
            }
            fuzzCheck(lineLength <= 998, "a line over 998 characters ending at \(index)")
        }
        fuzzCheck(text.hasSuffix("\r\n"), "the message does not end with CRLF")
    }

    static func checkReadBack(_ text: String, _ message: MailMessage) {
        guard let split = text.range(of: "\r\n\r\n") else {
            fatalError("no blank line between header and body")
        }
        let headerBlock = String(text[..<split.lowerBound])
        let body = String(text[split.upperBound...])
        var fields: [(name: String, value: String)] = []
        for line in headerBlock.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                fuzzCheck(!fields.isEmpty, "a continuation line before any field")
                fuzzCheck(line.contains(where: { $0 != " " && $0 != "\t" }), "a folded line of white space only")
                fields[fields.count - 1].value += line
            } else {
                guard let colon = line.firstIndex(of: ":") else { fatalError("a header line without a colon: \(line)") }
                let name = line[..<colon]
                fuzzCheck(!name.isEmpty && name.utf8.allSatisfy { $0 > 32 && $0 < 127 }, "malformed field name \(name)")
                fields.append((String(name), String(line[line.index(after: colon)...])))
            }
        }
        func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        func count(_ name: String) -> Int { fields.filter { $0.name.lowercased() == name.lowercased() }.count }
        for name in ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version"] {
            fuzzCheck(count(name) == 1, "\(count(name)) \(name) fields")
        }
        fuzzCheck(fields.count == 6 + message.headers.count + (message.htmlBody == nil ? 2 : 1), "unexpected field count \(fields.count)")

        // Date: `Www, DD Mmm YYYY HH:MM:SS +0000` (RFC 5322 §3.3, 4-digit year), the time given.
        let date = field("Date") ?? ""
        fuzzCheck(date.range(of: #"^ [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-5][0-9] \+0000$"#,
            options: .regularExpression) != nil, "malformed Date:\(date)")
        // Subject: plain text as is (after the one space following the colon), else encoded words.
        let subjectValue = field("Subject") ?? ""
        let subject = subjectValue.isEmpty ? "" : String(subjectValue.dropFirst())
        if subject.contains("=?UTF-8?Q?") {
            fuzzCheck(MIMEReading.encodedWords(subject) == message.subject, "subject does not read back")
        } else {
            fuzzCheck(subject == message.subject, "plain subject does not read back")
        }
        fuzzCheck(field("From")?.contains("<\(message.from.address)>") == true, "From lacks the address")
        let to = field("To") ?? ""
        for recipient in message.to {
            fuzzCheck(to.contains("<\(recipient.address)>"), "To lacks a recipient")
        }
        if let name = message.from.name, !name.isEmpty {
            fuzzCheck(MIMEReading.displayName(field("From") ?? "") == name, "From display name does not read back")
        }
        // The extra headers come in order after Message-ID, each value after one space.
        for (offset, header) in message.headers.enumerated() {
            let written = fields[5 + offset]
            fuzzCheck(written.name == header.name, "header \(offset) is \(written.name), not \(header.name)")
            fuzzCheck(written.value == (header.value.isEmpty ? "" : " " + header.value), "header \(header.name) does not read back")
        }

        // Bodies: each part's quoted-printable text decodes to the body with CRLF line ends.
        let parts: [String]
        if message.htmlBody == nil {
            parts = [body]
        } else {
            let delimiter = "--\(Self.boundary)"
            fuzzCheck(body.hasPrefix(delimiter + "\r\n") && body.hasSuffix("\r\n\(delimiter)--\r\n"), "multipart framing")
            // (In UTF-8 units: "\r\n" is one Character.)
            let inner = String(decoding: Array(body.utf8).dropFirst(delimiter.utf8.count + 2).dropLast(delimiter.utf8.count + 6), as: UTF8.self)
            parts = inner.components(separatedBy: "\r\n\(delimiter)\r\n")
            fuzzCheck(parts.count == 2, "\(parts.count) parts instead of 2")
        }
        for (part, expected) in zip(parts, [message.textBody, message.htmlBody].compactMap { $0 }) {
            let encoded: String
            if message.htmlBody == nil {
                encoded = part  // the content fields are in the message header
            } else {
                guard let blank = part.range(of: "\r\n\r\n") else { fatalError("a body part without content headers") }
                encoded = String(part[blank.upperBound...])
            }
            for line in encoded.components(separatedBy: "\r\n") {
                fuzzCheck(line.utf8.count <= 76, "a quoted-printable line over 76 characters")
                fuzzCheck(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "white space before a line break")
            }
            let decoded = MIMEReading.quotedPrintable(encoded)
            // Every line break (CRLF, CR, LF) as CRLF, and a final one, on bytes: Foundation's string search
            // would see "\n\u{301}" as one composed sequence.
            var expectedBytes = Self.crlf(Array(expected.utf8))
            if !expectedBytes.ends(with: [0x0D, 0x0A]) { expectedBytes += [0x0D, 0x0A] }
            let decodedBytes = Array(decoded.utf8)
            fuzzCheck(decodedBytes == expectedBytes, "body does not read back: \(decoded.debugDescription.prefix(300)) instead of \(String(decoding: expectedBytes, as: UTF8.self).debugDescription.prefix(300))")
        }
    }
}

extension MailFuzz {
    /// Line breaks (CRLF, lone CR, lone LF) as CRLF.
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                output += [0x0D, 0x0A]
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        self.count >= suffix.count && Array(self[(self.count - suffix.count)...]) == suffix
    }
}

/// A reader of what the composer writes, independent of it (the tests' MIMETestDecoding, extended).
enum MIMEReading {
    /// Quoted-printable to bytes, read as UTF-8.
    static func quotedPrintable(_ text: String) -> String {
        String(decoding: self.quotedPrintableBytes(Array(text.utf8)), as: UTF8.self)
    }

    static func quotedPrintableBytes(_ input: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "="), index + 2 < input.count, input[index + 1] == 0x0D, input[index + 2] == 0x0A {
                index += 3
            } else if byte == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return bytes
    }

    /// A header value made of `=?UTF-8?Q?…?=` words separated by folding white space.
    static func encodedWords(_ value: String) -> String {
        var bytes: [UInt8] = []
        for word in value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?Q?"), word.hasSuffix("?=") else { return "<not an encoded word: \(word)>" }
            let payload = Array(word.dropFirst(10).dropLast(2).utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }
            bytes += self.quotedPrintableBytes(payload)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The display name of ` Name <address>`: encoded words, a quoted string or plain atoms.
    static func displayName(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        guard let angle = unfolded.range(of: " <", options: .backwards) else { return "" }
        let phrase = String(unfolded[..<angle.lowerBound].dropFirst())
        if phrase.hasPrefix("=?UTF-8?Q?") { return self.encodedWords(phrase) }
        if phrase.hasPrefix("\""), phrase.hasSuffix("\""), phrase.count >= 2 {
            var result = ""
            var escaped = false
            for character in phrase.dropFirst().dropLast() {
                if !escaped, character == "\\" {
                    escaped = true
                    continue
                }
                escaped = false
                result.append(character)
            }
            return result
        }
        return phrase
    }
}
