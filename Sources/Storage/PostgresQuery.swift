/// A SQL statement whose interpolated values become bind parameters.
///
/// ```swift
/// let rows = try await client.query("SELECT id, title FROM \(unescaped: schema).tenders WHERE buyer = \(siret)")
/// ```
///
/// Each `\(value)` becomes `$1`, `$2`, … and travels separately from the SQL text, so a value can never
/// change the statement. Only `\(unescaped:)` and `\(identifier:)` splice text into the SQL; use them for
/// names, never for data. ``description`` shows the SQL and the number of bindings, never their values.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL text, with `$n` placeholders.
    public var sql: String
    /// The values of the placeholders.
    public var binds: PostgresBindings

    /// Creates a query from SQL text and bindings assembled by hand.
    ///
    /// - Parameters:
    ///   - sql: The SQL text, with `$1` … `$n` placeholders matching `binds`. It is sent as is.
    ///   - binds: The values of the placeholders.
    public init(unsafeSQL sql: String, binds: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.binds = binds
    }

    /// Creates a query without parameters.
    ///
    /// - Parameter value: The SQL text.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// Creates a query from an interpolated string.
    ///
    /// - Parameter stringInterpolation: The collected SQL and bindings.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The SQL text and the number of bindings (never their values).
    public var description: String {
        self.binds.count == 0 ? self.sql : "\(self.sql) [\(self.binds.count) bindings]"
    }

    /// Collects the SQL text and bindings of an interpolated ``PostgresQuery``.
    public struct StringInterpolation: StringInterpolationProtocol {
        /// The SQL so far.
        public private(set) var sql: String
        /// The bindings so far.
        public private(set) var binds: PostgresBindings

        /// Creates an empty interpolation.
        ///
        /// - Parameters:
        ///   - literalCapacity: The expected length of the literal segments.
        ///   - interpolationCount: The number of interpolations.
        public init(literalCapacity: Int, interpolationCount: Int) {
            self.sql = ""
            self.sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            self.binds = PostgresBindings()
        }

        /// Appends SQL text.
        ///
        /// - Parameter literal: The literal segment.
        public mutating func appendLiteral(_ literal: String) {
            self.sql += literal
        }

        /// Binds a value as the next `$n` parameter.
        ///
        /// - Parameter value: The value.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            self.binds.append(value)
            self.sql += "$\(self.binds.count)"
        }

        /// Binds a value, or `NULL` typed as `Value`, as the next `$n` parameter.
        ///
        /// - Parameter value: The value, or `nil`.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            self.binds.append(value)
            self.sql += "$\(self.binds.count)"
        }

        /// Splices text into the SQL unchanged.
        ///
        /// - Parameter text: SQL text you control, such as a schema name validated with ``PostgresIdentifier``.
        ///
        /// > Warning: Never pass data here: it is not escaped.
        public mutating func appendInterpolation(unescaped text: String) {
            self.sql += text
        }

        /// Splices a double-quoted identifier into the SQL.
        ///
        /// - Parameter identifier: The schema, table, column or channel name.
        public mutating func appendInterpolation(identifier: PostgresIdentifier) {
            self.sql += identifier.quoted
        }
    }
}
