import Foundation

/// How values are written in content lines: TEXT escaped, parameters quoted, addresses as `mailto:`, times in
/// Europe/Paris wall time or UTC.
enum ICalendarValue {
    /// A TEXT value (RFC 5545 §3.3.11): backslash, `;` and `,` escaped, every line break written `\n`; other
    /// control characters, which TEXT cannot hold, are dropped (a tab is kept).
    static func text(_ value: String) -> String {
        var escaped = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r", "\u{2028}", "\u{2029}", "\u{85}": escaped += "\\n"
            case "\n": if !previousWasCR { escaped += "\\n" }
            case "\t": escaped.unicodeScalars.append(scalar)
            default:
                if !Self.isControl(scalar) {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    /// A parameter value in double quotes (`CN="Dupont, Anne"`). A quoted parameter cannot hold `"` nor control
    /// characters: a `"` becomes `'` and a control character a space.
    static func quotedParameter(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" {
                quoted += "'"
            } else if Self.isControl(scalar) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                quoted += " "
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// A CAL-ADDRESS: `mailto:` and the address without blanks nor control characters.
    static func mailto(_ email: String) -> String {
        "mailto:" + String(String.UnicodeScalarView(email.unicodeScalars.filter { !Self.isControl($0) && $0 != " " }))
    }

    /// A local DATE-TIME to go with `TZID=Europe/Paris`: `20270329T090000`.
    static func parisDateTime(_ date: Date) -> String {
        Self.dateTime(ParisTime.localComponents(of: date))
    }

    /// A UTC DATE-TIME: `20270301T080000Z`.
    static func utcDateTime(_ date: Date) -> String {
        Self.dateTime(ParisTime.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date))
            + "Z"
    }

    private static func dateTime(_ components: DateComponents) -> String {
        let date = Self.digits(components.year ?? 0, 4) + Self.digits(components.month ?? 0, 2)
            + Self.digits(components.day ?? 0, 2)
        let time = Self.digits(components.hour ?? 0, 2) + Self.digits(components.minute ?? 0, 2)
            + Self.digits(components.second ?? 0, 2)
        return date + "T" + time
    }

    /// `value` in decimal, zero-padded to `width` digits.
    static func digits(_ value: Int, _ width: Int) -> String {
        let decimal = String(value)
        return String(repeating: "0", count: max(0, width - decimal.count)) + decimal
    }

    /// C0 controls, DEL and C1 controls.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
