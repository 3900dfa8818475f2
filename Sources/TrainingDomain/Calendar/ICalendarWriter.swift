/// Collects content lines and folds each at 75 octets of UTF-8 (RFC 5545 §3.1): a continuation line starts with
/// one space, and a line is only cut between Unicode scalars, never inside a multi-byte character.
struct ICalendarWriter {
    static let maximumOctets = 75

    private(set) var text = ""

    mutating func line(_ contentLine: String) {
        self.text += Self.fold(contentLine)
        self.text += "\r\n"
    }

    /// The line folded with CRLF + space, without a final CRLF.
    static func fold(_ contentLine: String) -> String {
        var folded = ""
        var octets = 0
        for scalar in contentLine.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > Self.maximumOctets {
                folded += "\r\n "
                octets = 1
            }
            folded.unicodeScalars.append(scalar)
            octets += width
        }
        return folded
    }
}
