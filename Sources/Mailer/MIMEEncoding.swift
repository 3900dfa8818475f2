/// The encodings the composer needs: quoted-printable bodies (RFC 2045 §6.7), RFC 2047 "Q" encoded
/// words and header folding (RFC 5322 §2.2.3). Everything produced is 7-bit ASCII with CRLF line ends.
enum MIMEEncoding {
    /// Longest header line the composer aims for (RFC 2047 §2 limits lines holding encoded words to 76).
    static let headerLineLimit = 76
    /// Longest line RFC 5322 §2.1.1 allows, without the CRLF.
    static let hardLineLimit = 998
    /// Longest encoded word (RFC 2047 §2).
    static let encodedWordLimit = 75
    private static let encodedWordPrefix = "=?UTF-8?Q?"
    private static let encodedWordSuffix = "?="
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    // MARK: Line ends

    /// Splits text into lines at CRLF, lone CR or lone LF.
    static func lines(of text: String) -> [Substring.UTF8View] {
        var result: [Substring.UTF8View] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0D || byte == 0x0A {
                result.append(text[start..<index].utf8)
                var next = utf8.index(after: index)
                if byte == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A {
                    next = utf8.index(after: next)
                }
                start = next
                index = next
            } else {
                index = utf8.index(after: index)
            }
        }
        result.append(text[start..<utf8.endIndex].utf8)
        return result
    }

    // MARK: Quoted-printable

    /// Encodes UTF-8 text as quoted-printable: every line break becomes CRLF, lines are at most 76
    /// characters (soft breaks `=` CRLF), `=`, control and non-ASCII bytes become `=XX`, and a space or
    /// tab before a line break is encoded so that transports cannot strip it.
    ///
    /// A line starting with `.` is left as is: dot-stuffing is the SMTP client's job (RFC 5321 §4.5.2).
    static func quotedPrintable(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let allLines = self.lines(of: text)
        for (lineNumber, line) in allLines.enumerated() {
            if lineNumber > 0 {
                output.append(contentsOf: [0x0D, 0x0A])
            }
            var length = 0
            let bytes = Array(line)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != 0x3D) || ((byte == 0x20 || byte == 0x09) && !isLast)
                let width = literal ? 1 : 3
                // Keep room for the `=` of a soft break: at most 75 characters before it.
                if length + width > 75 {
                    output.append(contentsOf: [0x3D, 0x0D, 0x0A])
                    length = 0
                }
                if literal {
                    output.append(byte)
                } else {
                    output.append(contentsOf: [0x3D, self.hexDigits[Int(byte >> 4)], self.hexDigits[Int(byte & 0x0F)]])
                }
                length += width
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: Encoded words

    /// Whether `text` can go into a header as it is: printable ASCII and spaces only.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 32 && $0 <= 126 } && !text.contains("=?")
    }

    /// Encodes `text` as RFC 2047 "Q" encoded words in UTF-8. The first word is at most `firstLimit`
    /// characters long (it shares its line with the field name), the others at most 75. A character is
    /// never split between two words. Only letters, digits and `!*+-/` stay literal, the set §5(3) allows
    /// even inside a phrase (display names); a space becomes `_`.
    static func encodedWords(_ text: String, firstLimit: Int) -> [String] {
        let overhead = self.encodedWordPrefix.count + self.encodedWordSuffix.count
        var words: [String] = []
        var current: [UInt8] = []
        var limit = max(firstLimit, overhead + 12) - overhead
        for character in text {
            var encoded: [UInt8] = []
            for byte in String(character).utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                    UInt8(ascii: "-"), UInt8(ascii: "/"):
                    encoded.append(byte)
                case UInt8(ascii: " "):
                    encoded.append(UInt8(ascii: "_"))
                default:
                    encoded.append(contentsOf: [0x3D, self.hexDigits[Int(byte >> 4)], self.hexDigits[Int(byte & 0x0F)]])
                }
            }
            if !current.isEmpty, current.count + encoded.count > limit {
                words.append(self.encodedWordPrefix + String(decoding: current, as: UTF8.self) + self.encodedWordSuffix)
                current = []
                limit = self.encodedWordLimit - overhead
            }
            current.append(contentsOf: encoded)
        }
        if !current.isEmpty || words.isEmpty {
            words.append(self.encodedWordPrefix + String(decoding: current, as: UTF8.self) + self.encodedWordSuffix)
        }
        return words
    }

    // MARK: Folding

    /// Writes `Name: atom atom …` with CRLF at the end, folding (CRLF before a space) whenever the next atom
    /// would pass 76 characters. Atoms are separated by exactly one space; an empty atom keeps a doubled space
    /// and is never put alone on a line.
    ///
    /// - Throws: ``MailError`` `.invalid` when an atom is so long that a line would pass 998 characters.
    static func foldedField(_ name: String, atoms: [String]) throws(MailError) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for atom in atoms {
            let width = 1 + atom.utf8.count
            if lineLength + width > self.headerLineLimit, !atom.isEmpty, lineLength > name.utf8.count + 1 {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + atom
            lineLength += width
            guard lineLength <= self.hardLineLimit else {
                throw MailError(.invalid, "header \(name): a line would exceed 998 characters (RFC 5322 §2.1.1)")
            }
        }
        return output + "\r\n"
    }

    /// Splits text at single spaces, keeping empty atoms so that runs of spaces survive folding.
    static func atoms(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }
}
