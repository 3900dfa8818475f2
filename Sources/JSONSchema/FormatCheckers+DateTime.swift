extension FormatCheckers {
    /// `date-time`: RFC 3339 `full-date "T" full-time` (`T` and `Z` in either case).
    @Sendable
    public static func isDateTime(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { bytes in
            guard bytes.count >= 20, bytes[10] | 0x20 == UInt8(ascii: "t") else { return false }
            return FormatCheckers.parseDate(bytes[0..<10]) && FormatCheckers.parseFullTime(bytes[11...])
        }
    }

    /// `date`: RFC 3339 `full-date`, `YYYY-MM-DD` with the month's real length (leap years included).
    @Sendable
    public static func isDate(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { bytes in bytes.count == 10 && FormatCheckers.parseDate(bytes) }
    }

    /// `time`: RFC 3339 `full-time`, `HH:MM:SS[.fraction]` followed by `Z` or `±HH:MM`.
    @Sendable
    public static func isTime(_ string: String) -> Bool {
        FormatCheckers.withBytes(string) { FormatCheckers.parseFullTime($0) }
    }

    private static func number(_ bytes: UTF8Bytes, _ offset: Int, _ length: Int) -> Int? {
        let start = bytes.startIndex + offset
        guard start + length <= bytes.endIndex else { return nil }
        var value = 0
        for byte in bytes[start..<(start + length)] {
            guard FormatCheckers.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func parseDate(_ bytes: UTF8Bytes) -> Bool {
        guard bytes.count == 10, let year = FormatCheckers.number(bytes, 0, 4),
            bytes[bytes.startIndex + 4] == UInt8(ascii: "-"), let month = FormatCheckers.number(bytes, 5, 2),
            bytes[bytes.startIndex + 7] == UInt8(ascii: "-"), let day = FormatCheckers.number(bytes, 8, 2),
            (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    private static func parseFullTime(_ bytes: UTF8Bytes) -> Bool {
        guard bytes.count >= 9, let hour = FormatCheckers.number(bytes, 0, 2),
            bytes[bytes.startIndex + 2] == UInt8(ascii: ":"), let minute = FormatCheckers.number(bytes, 3, 2),
            bytes[bytes.startIndex + 5] == UInt8(ascii: ":"), let second = FormatCheckers.number(bytes, 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var cursor = bytes.startIndex + 8
        if cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            let fractionStart = cursor
            while cursor < bytes.endIndex, FormatCheckers.isDigit(bytes[cursor]) { cursor += 1 }
            guard cursor > fractionStart else { return false }
        }
        guard cursor < bytes.endIndex else { return false }
        var offsetMinutes = 0
        if bytes[cursor] | 0x20 == UInt8(ascii: "z") {
            guard cursor + 1 == bytes.endIndex else { return false }
        } else {
            let sign = bytes[cursor]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes.endIndex - cursor == 6 else {
                return false
            }
            let offset = bytes[(cursor + 1)...]
            guard let offsetHour = FormatCheckers.number(offset, 0, 2),
                offset[offset.startIndex + 2] == UInt8(ascii: ":"),
                let offsetMinute = FormatCheckers.number(offset, 3, 2), offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (sign == UInt8(ascii: "+") ? 1 : -1)
        }
        if second == 60 {
            // A leap second happens at 23:59:60 UTC only.
            let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinutes == 23 * 60 + 59
        }
        return true
    }
}
