import Foundation

/// Small decoders the tests use to check the composer's output by round trip (independent of it).
enum MIMETestDecoding {
    /// Decodes quoted-printable text (soft line breaks and `=XX`).
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
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
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a header value made of `=?UTF-8?Q?…?=` words separated by folding white space.
    static func encodedWords(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        var bytes: [UInt8] = []
        for word in unfolded.split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?Q?"), word.hasSuffix("?=") else { return "<not an encoded word: \(word)>" }
            let payload = word.dropFirst(10).dropLast(2).replacingOccurrences(of: "_", with: " ")
            bytes += Array(self.quotedPrintable(payload).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The header block and the body of a message text.
    static func split(_ message: String) -> (headers: String, body: String) {
        guard let range = message.range(of: "\r\n\r\n") else { return (message, "") }
        return (String(message[..<range.lowerBound]) + "\r\n", String(message[range.upperBound...]))
    }

    /// The unfolded value of the first field called `name` (case-sensitive), nil when absent.
    static func field(_ name: String, in headers: String) -> String? {
        let unfolded = headers.replacingOccurrences(of: "\r\n ", with: " ")
        for line in unfolded.components(separatedBy: "\r\n") where line.hasPrefix(name + ": ") {
            return String(line.dropFirst(name.count + 2))
        }
        return nil
    }

    /// The fields of a header block in order, each still folded (`Name: …` with its inner CRLFs).
    static func rawFields(_ headers: String) -> [String] {
        var fields: [String] = []
        for line in headers.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
                fields[fields.count - 1] += "\r\n" + line
            } else {
                fields.append(line)
            }
        }
        return fields
    }
}
