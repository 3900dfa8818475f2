import Foundation

/// Strings as PDF writes them: literal strings of WinAnsi bytes for the page, text strings for the Info dictionary.
enum PDFString {
    /// `(…)` with the text in Windows-1252 bytes, `(`, `)` and `\` escaped.
    static func literal(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = [0x28]
        for byte in WinAnsiEncoding.bytes(text) {
            if byte == 0x28 || byte == 0x29 || byte == 0x5C {
                bytes.append(0x5C)
            }
            bytes.append(byte)
        }
        bytes.append(0x29)
        return bytes
    }

    /// A text string for the Info dictionary: a literal when the text is printable ASCII, else UTF-16BE with its
    /// byte order mark in hexadecimal (`<FEFF…>`), which every reader decodes.
    static func textString(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            return String(decoding: self.literal(text), as: UTF8.self)
        }
        let hex = ([0xFEFF] + Array(text.utf16)).map { unit in
            String(unit, radix: 16, uppercase: true).leftPadded(to: 4)
        }
        return "<" + hex.joined() + ">"
    }

    /// A PDF date in Paris time with its offset: `D:20270402093000+02'00'`.
    static func date(_ date: Date) -> String {
        let local = ParisTime.localComponents(of: date)
        let offset = ParisTime.zone.secondsFromGMT(for: date)
        let fields = [
            (local.year, 4), (local.month, 2), (local.day, 2), (local.hour, 2), (local.minute, 2), (local.second, 2),
        ]
        let stamp = fields.map { ICalendarValue.digits($0.0 ?? 0, $0.1) }.joined()
        let sign = offset < 0 ? "-" : "+"
        let hours = ICalendarValue.digits(abs(offset) / 3600, 2)
        let minutes = ICalendarValue.digits(abs(offset) % 3600 / 60, 2)
        return "D:\(stamp)\(sign)\(hours)'\(minutes)'"
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
