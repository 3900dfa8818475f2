/// A JSON text that could not be parsed.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset where the problem was found.
    public var offset: Int
    /// What was wrong, e.g. `expected ':' after object key`.
    public var reason: String

    /// Creates a parse error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `invalid JSON at byte N: reason`; never contains the document itself.
    public var description: String { "invalid JSON at byte \(self.offset): \(self.reason)" }
}
