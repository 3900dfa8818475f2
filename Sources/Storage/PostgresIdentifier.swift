/// A PostgreSQL identifier (schema, table, column, role or channel name) that is safe to splice into SQL.
///
/// ``quoted`` is always double-quoted, so the name keeps its case and cannot end the identifier early.
public struct PostgresIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The name as given.
    public let name: String

    /// Checks that `name` can be an identifier: not empty, at most 63 bytes of UTF-8 (longer names would be
    /// silently truncated by the server), no NUL character.
    ///
    /// - Parameter name: The name.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidIdentifier``.
    public init(_ name: String) throws(PostgresError) {
        guard !name.isEmpty, name.utf8.count <= 63, !name.utf8.contains(0) else {
            throw PostgresError(
                .invalidIdentifier, operation: "validate identifier",
                message: "identifiers are 1 to 63 bytes without NUL; got \(name.utf8.count) bytes")
        }
        self.name = name
    }

    /// Checks that `name` follows Passerelle's rule for service schema and role names: a lowercase ASCII
    /// letter, then lowercase letters, digits or underscores, at most 63 in all. Such names never need
    /// quoting, so they read the same in SQL, logs and `psql`.
    ///
    /// - Parameter name: The name.
    /// - Returns: The identifier.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidIdentifier``, naming the rule.
    public static func serviceName(_ name: String) throws(PostgresError) -> PostgresIdentifier {
        let bytes = Array(name.utf8)
        let isLower = { (byte: UInt8) in (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard let first = bytes.first, isLower(first), bytes.count <= 63,
            bytes.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "_") })
        else {
            throw PostgresError(
                .invalidIdentifier, operation: "validate identifier",
                message: "service names are [a-z][a-z0-9_]* with at most 63 characters: \"\(name)\"")
        }
        return try PostgresIdentifier(name)
    }

    /// The name in double quotes, with every `"` doubled: `"my ""odd"" name"`.
    public var quoted: String {
        Self.quote(self.name)
    }

    /// The quoted name.
    public var description: String { self.quoted }

    /// Double-quotes a name, doubling every `"` inside it.
    ///
    /// - Parameter name: The name.
    /// - Returns: The quoted identifier.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// Single-quotes a string literal, doubling every `'` (for the few statements that take no parameters,
    /// such as `CREATE ROLE … PASSWORD`). Valid with `standard_conforming_strings` on, the default since 9.1.
    static func quoteLiteral(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }
}
