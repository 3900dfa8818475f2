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

        /// The code's name, for example `authenticationFailed`.
        public var description: String { String(describing: self.base) }
    }

    /// What went wrong.
    public var code: Code
    /// The operation that failed, for example `connect`.
    public var operation: String
    /// libpq's error message on one line, with every password replaced by `***`.
    public var message: String
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
    /// A one-line summary that is safe to log: it never contains a password.
    public var description: String {
        if self.message.isEmpty {
            return "PostgresError(\(self.code)) during \(self.operation)"
        }
        return "PostgresError(\(self.code)) during \(self.operation): \(self.message)"
    }
}

extension PostgresError: CustomDebugStringConvertible {
    /// Everything the error holds, including where it was thrown. Still free of passwords.
    public var debugDescription: String {
        "\(self.description) [\(self.file):\(self.line)]"
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
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            result = result.replacing(secret, with: "***")
        }
        let keyValue = /(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)/.ignoresCase()
        result = result.replacing(keyValue) { match in "\(match.output.1)***" }
        let uriPassword = /([A-Za-z][A-Za-z0-9+.\-]*:\/\/[^\s:\/@]*):[^\s@]*@/
        result = result.replacing(uriPassword) { match in "\(match.output.1):***@" }
        return result.split(whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
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
