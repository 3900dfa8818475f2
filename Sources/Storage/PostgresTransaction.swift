/// A transaction in progress, handed to the body of `withTransaction`.
///
/// Every statement runs on the transaction's connection. Do not keep the value after the body returns.
public struct PostgresTransaction: Sendable {
    /// The connection the transaction runs on.
    public let connection: PostgresConnection
    /// Which attempt this is, from 1; above 1 when a serialization failure made the transaction start over.
    public let attempt: Int

    /// Runs one statement and returns its rows.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The rows.
    /// - Throws: ``PostgresError``, as ``PostgresConnection/query(_:)`` does.
    public func query(_ query: PostgresQuery) async throws(PostgresError) -> PostgresRows {
        try await self.connection.query(query)
    }

    /// Runs one statement and returns the number of rows it affected.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The affected row count.
    /// - Throws: ``PostgresError``, as ``PostgresConnection/query(_:)`` does.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws(PostgresError) -> Int {
        try await self.connection.execute(query)
    }

    /// Bulk-inserts rows with `COPY … FROM STDIN`, inside the transaction.
    ///
    /// - Parameters:
    ///   - schema: The table's schema, or `nil` to follow `search_path`.
    ///   - table: The table name.
    ///   - columns: The column names, in the order of each row's values.
    ///   - rows: The rows; each must have one value per column (`nil` is `NULL`).
    /// - Returns: The number of rows inserted.
    /// - Throws: ``PostgresError``, as ``PostgresConnection/copyIn(schema:table:columns:rows:)`` does.
    public func copyIn<Rows: Sequence>(
        schema: String? = nil,
        table: String,
        columns: [String],
        rows: Rows
    ) async throws(PostgresError) -> Int where Rows.Element == [(any PostgresEncodable)?] {
        try await self.connection.copyIn(schema: schema, table: table, columns: columns, rows: rows)
    }
}

/// The isolation level of a transaction.
public struct PostgresIsolationLevel: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case readCommitted
        case repeatableRead
        case serializable
    }

    private let base: Base

    /// `READ COMMITTED`, PostgreSQL's default: each statement sees the data committed before it began.
    public static var readCommitted: Self { Self(base: .readCommitted) }
    /// `REPEATABLE READ`: the whole transaction sees one snapshot; concurrent updates fail with `40001`.
    public static var repeatableRead: Self { Self(base: .repeatableRead) }
    /// `SERIALIZABLE`: as if transactions ran one after another; conflicts fail with `40001`.
    public static var serializable: Self { Self(base: .serializable) }

    /// The SQL name, for example `REPEATABLE READ`.
    public var description: String {
        switch self.base {
        case .readCommitted: "READ COMMITTED"
        case .repeatableRead: "REPEATABLE READ"
        case .serializable: "SERIALIZABLE"
        }
    }
}

/// Whether a transaction that failed with a serialization failure (`40001`) or a deadlock (`40P01`) is run
/// again.
public struct PostgresTransactionRetry: Hashable, Sendable {
    /// The most times the body runs, including the first. 1 means no retry.
    public let maxAttempts: Int

    /// Never re-run: the first failure is thrown.
    public static var never: Self { Self(maxAttempts: 1) }

    /// Re-runs the whole body after `40001` or `40P01`, up to `maxAttempts` runs in all, with a short
    /// randomized pause between runs. The body must be safe to repeat (no side effects outside the database).
    ///
    /// - Parameter maxAttempts: The most runs, including the first. Values below 1 count as 1.
    /// - Returns: The policy.
    public static func onSerializationFailure(maxAttempts: Int = 5) -> Self {
        Self(maxAttempts: max(1, maxAttempts))
    }

    /// Whether `error` after run number `attempt` calls for another run.
    func shouldRetry(_ error: any Error, afterAttempt attempt: Int) -> Bool {
        guard attempt < self.maxAttempts, let error = error as? PostgresError else { return false }
        return error.isTransientTransactionFailure && error.code == .queryFailed
    }

    /// The pause before run `attempt + 1`: 5 ms doubled per attempt, capped at 200 ms, with full jitter.
    func delay(afterAttempt attempt: Int) -> Duration {
        let ceiling = min(200, 5 << min(attempt, 6))
        return .milliseconds(Int.random(in: 1...ceiling))
    }
}
