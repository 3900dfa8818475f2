/// The built-in `format` checks.
///
/// Standard formats follow their RFCs: `date-time`, `date`, `time` (RFC 3339, with leap seconds
/// checked against the offset), `email` (RFC 5321 mailbox, ASCII), `uuid` (RFC 9562 text form),
/// `uri` (RFC 3986 absolute URI). French: `insee-commune` (INSEE commune code).
///
/// Formats of domain identifiers that have their own module are not built in: `siren` and `siret` are
/// checked by the `Identifiers` module, and `Contracts` adds them to the options it compiles contract
/// schemas with (`SchemaOptions.contracts`). Any other caller adds them through ``SchemaOptions/formats``.
public enum FormatCheckers {
    /// Every built-in format, by name.
    public static let all: [String: SchemaOptions.FormatCheck] = [
        "date-time": FormatCheckers.isDateTime,
        "date": FormatCheckers.isDate,
        "time": FormatCheckers.isTime,
        "email": FormatCheckers.isEmail,
        "uuid": FormatCheckers.isUUID,
        "uri": FormatCheckers.isURI,
        "insee-commune": FormatCheckers.isINSEECommune,
    ]

    /// `uuid`: `8-4-4-4-12` hexadecimal digits, either case, any version.
    @Sendable
    public static func isUUID(_ string: String) -> Bool {
        var count = 0
        for byte in string.utf8 {
            switch count {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            default:
                guard FormatCheckers.isHexDigit(byte) else { return false }
            }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }

    /// A view of a string's UTF-8 bytes, without copying when the string is native.
    typealias UTF8Bytes = Slice<UnsafeBufferPointer<UInt8>>

    static func withBytes<Result>(_ string: String, _ body: (UTF8Bytes) -> Result) -> Result {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body($0[...]) }) { return result }
        return Array(string.utf8).withUnsafeBufferPointer { body($0[...]) }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26
    }
}
