/// An error from PostgreSQL or from libpq.
///
/// ``message`` is libpq's own text (`PQerrorMessage`) with every password removed, so both it and
/// ``description`` are safe to log. ``debugDescription`` adds the source location.
public struct PostgresError: Error, Sendable {
    /// What went wrong, as an extensible set of codes: new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidConnectionString
            case connectionFailed
            case authenticationFailed
            case timedOut
            case outOfMemory
            case connectionClosed
            case queryFailed
            case transactionAborted
            case poolTimeout
            case poolClosed
            case typeMismatch
            case unexpectedNull
            case malformedValue
            case columnNotFound
            case invalidBind
            case invalidIdentifier
            case unsupported
            case invalidMigration
            case migrationChecksumMismatch
            case cancelled
        }

        private let base: Base

        /// libpq could not parse the connection string (neither a URI nor `key=value` pairs).
        public static var invalidConnectionString: Self { Self(base: .invalidConnectionString) }
        /// The server could not be reached, refused the connection, or rejected it for a reason other
        /// than authentication (for example an unknown database).
        public static var connectionFailed: Self { Self(base: .connectionFailed) }
        /// The server rejected the credentials, or needed a password that was not supplied.
        public static var authenticationFailed: Self { Self(base: .authenticationFailed) }
        /// The connection attempt took longer than its `connect_timeout`.
        public static var timedOut: Self { Self(base: .timedOut) }
        /// libpq could not allocate its connection object.
        public static var outOfMemory: Self { Self(base: .outOfMemory) }
        /// The connection was closed or lost (for example its backend was terminated) before or while the
        /// statement ran. The pool replaces such a connection.
        public static var connectionClosed: Self { Self(base: .connectionClosed) }
        /// The server rejected a statement; ``PostgresError/serverFields`` holds the SQLSTATE and details.
        public static var queryFailed: Self { Self(base: .queryFailed) }
        /// `COMMIT` rolled the transaction back instead, because a statement inside it had failed.
        public static var transactionAborted: Self { Self(base: .transactionAborted) }
        /// No pooled connection became free within the acquire timeout.
        public static var poolTimeout: Self { Self(base: .poolTimeout) }
        /// The client was closed, so it hands out no more connections.
        public static var poolClosed: Self { Self(base: .poolClosed) }
        /// A column's PostgreSQL type cannot be decoded as the requested Swift type.
        public static var typeMismatch: Self { Self(base: .typeMismatch) }
        /// A column holds SQL `NULL` but the requested Swift type is not optional.
        public static var unexpectedNull: Self { Self(base: .unexpectedNull) }
        /// A column's bytes are not a valid value of its type (or do not fit the Swift type).
        public static var malformedValue: Self { Self(base: .malformedValue) }
        /// No column has the requested name, or the index is out of range.
        public static var columnNotFound: Self { Self(base: .columnNotFound) }
        /// A bound value could not be encoded (for example a JSON encoding failure or a NUL character).
        public static var invalidBind: Self { Self(base: .invalidBind) }
        /// A schema, role, table or channel name is not an acceptable identifier.
        public static var invalidIdentifier: Self { Self(base: .invalidIdentifier) }
        /// The operation is not supported by this layer (for example `COPY` through `query`).
        public static var unsupported: Self { Self(base: .unsupported) }
        /// A migration file is unusable: bad name, duplicate version, or unreadable.
        public static var invalidMigration: Self { Self(base: .invalidMigration) }
        /// A migration that was already applied has been edited since: its checksum no longer matches.
        public static var migrationChecksumMismatch: Self { Self(base: .migrationChecksumMismatch) }
        /// The calling task was cancelled before the statement was sent. (A statement the server cancelled
        /// fails with ``queryFailed`` and SQLSTATE `57014` instead.)
        public static var cancelled: Self { Self(base: .cancelled) }

        /// The code's name, for example `authenticationFailed`.
        public var description: String { String(describing: self.base) }
    }

    /// What went wrong.
    public var code: Code
    /// The operation that failed, for example `connect`.
    public var operation: String
    /// libpq's error message on one line, with every password replaced by `***`.
    public var message: String
    /// What the server reported, when the server rejected a statement (``Code/queryFailed``).
    public var serverFields: ServerFields?
    /// The SQL text of the failing statement. Bound values are never part of it.
    public var query: String?
    /// The column being decoded, for ``Code/typeMismatch``, ``Code/unexpectedNull`` and ``Code/malformedValue``.
    public var column: String?
    /// The index of the column being decoded.
    public var columnIndex: Int?
    /// The PostgreSQL type of the column being decoded, for example `text`.
    public var postgresType: String?
    /// The Swift type the column was decoded as, for example `Int`.
    public var swiftType: String?
    /// The error that caused this one, if any (for example a `DecodingError` from a JSON column).
    public var underlying: (any Error)?
    /// The file that threw the error.
    public var file: String
    /// The line that threw the error.
    public var line: Int

    /// Creates an error, redacting passwords from `message`.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: The operation that failed, for example `connect`.
    ///   - message: The raw libpq message. Every `password=…` fragment, URI password and occurrence of
    ///     one of `secrets` is replaced by `***`.
    ///   - secrets: Passwords known to the caller (for example from the connection string), removed
    ///     wherever they appear in `message`.
    ///   - file: The file that throws; the default is the caller's.
    ///   - line: The line that throws; the default is the caller's.
    public init(
        _ code: Code,
        operation: String,
        message: String,
        secrets: [String] = [],
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.operation = operation
        self.message = PostgresRedaction.redact(message, secrets: secrets)
        self.file = file
        self.line = line
    }
}

extension PostgresError: CustomStringConvertible {
    /// A one-line summary that is safe to log: it never contains a password, a bound value or the server's
    /// message text (which can quote values); it names the SQLSTATE, constraint, column and types instead.
    public var description: String {
        var details: [String] = []
        if !self.message.isEmpty {
            details.append(self.message)
        }
        if let server = self.serverFields {
            details.append("SQLSTATE \(server.sqlState.rawValue)")
            if let constraint = server.constraint {
                details.append("constraint \"\(constraint)\"")
            }
        }
        if let column = self.column {
            details.append("column \"\(column)\"" + (self.columnIndex.map { " (index \($0))" } ?? ""))
        } else if let index = self.columnIndex {
            details.append("column index \(index)")
        }
        if let postgresType = self.postgresType, let swiftType = self.swiftType {
            details.append("PostgreSQL type \(postgresType), Swift type \(swiftType)")
        }
        let head = "PostgresError(\(self.code)) during \(self.operation)"
        return details.isEmpty ? head : "\(head): \(details.joined(separator: ", "))"
    }
}

extension PostgresError: CustomDebugStringConvertible {
    /// Everything the error holds, including the server's message, detail and hint, the SQL text and where
    /// it was thrown. Still free of passwords, but the server's detail may quote row values: do not log it
    /// where personal data must not go.
    public var debugDescription: String {
        var parts = [self.description]
        if let server = self.serverFields {
            parts.append("message: \(server.message)")
            server.detail.map { parts.append("detail: \($0)") }
            server.hint.map { parts.append("hint: \($0)") }
            server.table.map { parts.append("table: \($0)") }
        }
        self.query.map { parts.append("query: \($0)") }
        self.underlying.map { parts.append("underlying: \(String(reflecting: $0))") }
        parts.append("[\(self.file):\(self.line)]")
        return parts.joined(separator: "; ")
    }
}

/// Removes passwords from libpq messages and connection strings.
enum PostgresRedaction {
    /// Returns `text` on one line with passwords replaced by `***`.
    ///
    /// Removes `password=value` and `password='quoted value'` (the `key=value` form and URI query
    /// parameters), the password of any `scheme://user:password@host` URI, and every literal
    /// occurrence of one of `secrets`.
    static func redact(_ text: String, secrets: [String] = []) -> String {
        var result = text
        let keyValue = /(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)/.ignoresCase()
        result = result.replacing(keyValue) { match in "\(match.output.1)***" }
        let uriPassword = /([A-Za-z][A-Za-z0-9+.\-]*:\/\/[^\s:\/@]*):[^\s@]*@/
        result = result.replacing(uriPassword) { match in "\(match.output.1):***@" }
        // Literal secrets last, and only as whole tokens: a short password such as "p" must not mask the
        // "p" of "postgres" (the structural patterns above have already removed it where it was a password).
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            result = Self.replacingToken(secret, in: result)
        }
        return result.split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// Replaces every occurrence of `secret` that is not glued to a letter or digit on either side.
    static func replacingToken(_ secret: String, in text: String) -> String {
        var result = ""
        var rest = text[...]
        while let range = rest.firstRange(of: secret) {
            let before = range.lowerBound > rest.startIndex ? rest[rest.index(before: range.lowerBound)] : nil
            let after = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            let glued = (before.map { $0.isLetter || $0.isNumber } ?? false) || (after.map { $0.isLetter || $0.isNumber } ?? false)
            result += rest[..<range.lowerBound]
            result += glued ? String(rest[range]) : "***"
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// The passwords written in a connection string, as typed (before any URI percent-decoding).
    ///
    /// Used when libpq cannot parse the string: its message may then quote a raw fragment of it.
    static func passwords(in connectionString: String) -> [String] {
        var found: [String] = []
        let keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]*)/.ignoresCase()
        for match in connectionString.matches(of: keyValue) {
            let value = String(match.output.1)
            found.append(value)
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                found.append(String(value.dropFirst().dropLast()))
            }
        }
        let uriPassword = /:\/\/[^\s:\/@]*:([^\s@]*)@/
        for match in connectionString.matches(of: uriPassword) {
            found.append(String(match.output.1))
        }
        return found.filter { !$0.isEmpty }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        let start = self.firstIndex { !$0.isWhitespace } ?? self.endIndex
        let end = self.lastIndex { !$0.isWhitespace }.map { self.index(after: $0) } ?? start
        return self[start..<end]
    }
}
