/// A small XML writer for the documents the partners read: elements and attributes in order, text escaped, and
/// output in ISO-8859-1 (every character outside Latin-1 becomes a character reference, which keeps it intact).
public struct XMLWriter: Sendable {
    private var text = ""
    private var open: [String] = []

    public init() {}

    public mutating func start(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], empty: Bool = false) {
        self.indent()
        self.text += "<\(name)"
        for (key, value) in attributes { self.text += " \(key)=\"\(Self.escape(value, quotes: true))\"" }
        if empty {
            self.text += "/>\n"
        } else {
            self.text += ">\n"
            self.open.append(name)
        }
    }

    public mutating func element(_ name: String, _ value: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        self.indent()
        self.text += "<\(name)"
        for (key, value) in attributes { self.text += " \(key)=\"\(Self.escape(value, quotes: true))\"" }
        self.text += ">\(Self.escape(value, quotes: false))</\(name)>\n"
    }

    public mutating func end() {
        let name = self.open.removeLast()
        self.indent()
        self.text += "</\(name)>\n"
    }

    /// The document in ISO-8859-1 with its declaration.
    public func latin1() -> [UInt8] {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".utf8)
        for scalar in self.text.unicodeScalars {
            if scalar.value < 0x100 {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: Array("&#x\(String(scalar.value, radix: 16, uppercase: true));".utf8))
            }
        }
        return bytes
    }

    private mutating func indent() {
        self.text += String(repeating: "  ", count: self.open.count)
    }

    static func escape(_ value: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "\t", "\n", "\r": result += "&#\(character.value);"
            default:
                // XML 1.0 forbids the other control characters outright.
                result.unicodeScalars.append(character.value < 0x20 ? "\u{FFFD}" : character)
            }
        }
        return result
    }
}
