/// Makes text storable in a PostgreSQL `text` or `jsonb` value whatever a sender put in it: PostgreSQL
/// refuses U+0000 in both, and a B-tree index refuses a key over about 2,700 bytes.
///
/// Invalid UTF-8 never gets this far: the AMQP layer repairs it (U+FFFD) in property strings and header
/// names, and keeps a header value that is not UTF-8 as a byte array (stored in base64).
public enum StorableText {
    /// How U+0000 is written in a stored value: the six characters of its JSON escape.
    public static let escapedNUL = "\\u0000"
    /// The longest header value (string or bytes) stored, in bytes: longer ones are truncated.
    public static let maxValueBytes = 65_536
    /// The longest name stored (message id and type, exchange, routing key, property strings): an AMQP
    /// short string's limit, well under the index limit.
    public static let maxNameBytes = 255
    /// The deepest nesting of header tables and arrays stored: anything deeper is replaced by a note.
    public static let maxNesting = 16

    /// What was done to one value to store it.
    public struct Change: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// U+0000 was written as ``StorableText/escapedNUL``.
        public static let escapedNUL = Change(rawValue: 1)
        /// The value was cut to the byte limit.
        public static let truncated = Change(rawValue: 2)
        /// Tables or arrays nested deeper than ``StorableText/maxNesting`` were replaced by a note.
        public static let nestingCut = Change(rawValue: 4)
        /// A header whose name clashed, once escaped, with another's was left out.
        public static let dropped = Change(rawValue: 8)

        /// `NUL escaped, truncated to 255 bytes`.
        public func describe(limit: Int) -> String {
            var parts: [String] = []
            if self.contains(.escapedNUL) { parts.append("NUL escaped") }
            if self.contains(.truncated) { parts.append("truncated to \(limit) bytes") }
            if self.contains(.nestingCut) { parts.append("nesting over \(StorableText.maxNesting) levels cut") }
            if self.contains(.dropped) { parts.append("left out (its escaped name clashes with another header)") }
            return parts.joined(separator: ", ")
        }
    }

    /// `text` with U+0000 escaped, then cut to at most `limit` UTF-8 bytes (on a scalar boundary).
    /// Idempotent: a storable text comes back unchanged, with no change.
    public static func storable(_ text: String, limit: Int) -> (text: String, change: Change) {
        var change: Change = []
        var result = text
        // By scalars, not characters: a NUL followed by a combining mark is one character.
        if text.utf8.contains(0) {
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if scalar == "\u{0}" {
                    scalars.append(contentsOf: Self.escapedNUL.unicodeScalars)
                } else {
                    scalars.append(scalar)
                }
            }
            result = String(scalars)
            change.insert(.escapedNUL)
        }
        if result.utf8.count > limit {
            var scalars = String.UnicodeScalarView()
            var bytes = 0
            for scalar in result.unicodeScalars {
                let size = UTF8.width(scalar)
                if bytes + size > limit { break }
                scalars.append(scalar)
                bytes += size
            }
            result = String(scalars)
            change.insert(.truncated)
        }
        return (result, change)
    }

    /// ``storable(_:limit:)`` for an optional text.
    public static func storable(_ text: String?, limit: Int) -> (text: String?, change: Change) {
        guard let text else { return (nil, []) }
        let (result, change) = Self.storable(text, limit: limit)
        return (result, change)
    }

    /// A readable name for a note: escaped and cut to 64 bytes.
    static func label(_ text: String) -> String {
        Self.storable(text, limit: 64).text
    }
}
