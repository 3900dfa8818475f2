extension PostgresError {
    /// The fields of a PostgreSQL error report (`PQresultErrorField`).
    ///
    /// ``message``, ``detail`` and ``hint`` come from the server and can quote row values (a unique
    /// violation's detail names the duplicate key), so ``PostgresError/description`` leaves them out.
    public struct ServerFields: Sendable, Hashable {
        /// The SQLSTATE code, for example `23505` for a unique violation.
        public var sqlState: PostgresSQLState
        /// The severity, not localized: `ERROR`, `FATAL` or `PANIC`.
        public var severity: String
        /// The primary, human-readable message.
        public var message: String
        /// The optional secondary message with more detail.
        public var detail: String?
        /// The optional suggestion for fixing the problem.
        public var hint: String?
        /// The name of the violated constraint, if the error is about one.
        public var constraint: String?
        /// The schema of the object the error is about, if any.
        public var schema: String?
        /// The table the error is about, if any.
        public var table: String?
        /// The table column the error is about, if any.
        public var column: String?

        /// Creates server fields from their parts.
        ///
        /// - Parameters:
        ///   - sqlState: The SQLSTATE code.
        ///   - severity: The non-localized severity.
        ///   - message: The primary message.
        ///   - detail: The secondary message.
        ///   - hint: The suggestion.
        ///   - constraint: The constraint name.
        ///   - schema: The schema name.
        ///   - table: The table name.
        ///   - column: The column name.
        public init(
            sqlState: PostgresSQLState,
            severity: String = "ERROR",
            message: String,
            detail: String? = nil,
            hint: String? = nil,
            constraint: String? = nil,
            schema: String? = nil,
            table: String? = nil,
            column: String? = nil
        ) {
            self.sqlState = sqlState
            self.severity = severity
            self.message = message
            self.detail = detail
            self.hint = hint
            self.constraint = constraint
            self.schema = schema
            self.table = table
            self.column = column
        }
    }

    /// The SQLSTATE of the server error, or `nil` when the error did not come from the server.
    public var sqlState: PostgresSQLState? { self.serverFields?.sqlState }

    /// Whether re-running the whole transaction may succeed: a serialization failure (`40001`) or a
    /// detected deadlock (`40P01`).
    public var isTransientTransactionFailure: Bool {
        self.sqlState == .serializationFailure || self.sqlState == .deadlockDetected
    }
}

/// A five-character SQLSTATE code, with constants for the ones Passerelle acts on.
///
/// The full list is in the PostgreSQL manual, appendix A "PostgreSQL Error Codes".
public struct PostgresSQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code, for example `23505`.
    public var rawValue: String

    /// Creates a code from its five characters.
    ///
    /// - Parameter rawValue: The SQLSTATE, for example `40001`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `23505`: a unique constraint was violated.
    public static var uniqueViolation: Self { Self(rawValue: "23505") }
    /// `23503`: a foreign key constraint was violated.
    public static var foreignKeyViolation: Self { Self(rawValue: "23503") }
    /// `23502`: a `NOT NULL` constraint was violated.
    public static var notNullViolation: Self { Self(rawValue: "23502") }
    /// `23514`: a check constraint was violated.
    public static var checkViolation: Self { Self(rawValue: "23514") }
    /// `40001`: the transaction could not be serialized; re-run it.
    public static var serializationFailure: Self { Self(rawValue: "40001") }
    /// `40P01`: the transaction was chosen as a deadlock victim; re-run it.
    public static var deadlockDetected: Self { Self(rawValue: "40P01") }
    /// `42501`: the role lacks a privilege.
    public static var insufficientPrivilege: Self { Self(rawValue: "42501") }
    /// `42P01`: the table does not exist.
    public static var undefinedTable: Self { Self(rawValue: "42P01") }
    /// `42601`: syntax error.
    public static var syntaxError: Self { Self(rawValue: "42601") }
    /// `57014`: the statement was cancelled (for example because its task was cancelled).
    public static var queryCanceled: Self { Self(rawValue: "57014") }
    /// `57P01`: the backend was terminated by an administrator (`pg_terminate_backend`).
    public static var adminShutdown: Self { Self(rawValue: "57P01") }

    /// The code itself.
    public var description: String { self.rawValue }
}
