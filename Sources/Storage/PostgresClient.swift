public import Logging
public import ServiceLifecycle
import Synchronization

/// A pool of PostgreSQL connections, shared by the tasks of a service.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresConfiguration(connectionString: url), logger: logger)
/// let rows = try await client.query("SELECT id FROM tenders WHERE buyer = \(siret)")
/// try await client.withTransaction(isolation: .serializable, retry: .onSerializationFailure()) { tx in … }
/// ```
///
/// The pool opens connections lazily, up to ``PostgresConfiguration/Options/poolSize``. A caller that finds
/// every connection busy waits up to ``PostgresConfiguration/Options/acquireTimeout``, then fails with
/// ``PostgresError/Code/poolTimeout``. A connection that broke (its backend was terminated, the network
/// failed, it was left inside a transaction) is closed when it comes back and replaced on demand; an idle
/// connection is checked without blocking before it is lent, so one killed while idle is never handed out.
///
/// As a swift-service-lifecycle `Service`, ``run()`` keeps the pool until graceful shutdown and then closes
/// every connection. The pool also works without ``run()``; call ``close()`` when done.
public final class PostgresClient: Service, Sendable {
    typealias Pool = PoolStateMachine<PostgresConnection>

    struct State {
        var pool: Pool
        var waiters: [Int: CheckedContinuation<Pool.Lease, any Error>] = [:]
        var nextWaiterID = 0
        var listeners: [Int: PostgresListener] = [:]
        var nextListenerID = 0
    }

    /// The configuration the pool connects with.
    public let configuration: PostgresConfiguration
    let logger: Logger
    let state: Mutex<State>

    /// Creates a pool. No connection is opened until one is needed.
    ///
    /// - Parameters:
    ///   - configuration: Where to connect, and the pool options.
    ///   - logger: Where the pool and its connections log, at `.info` and below.
    public init(configuration: PostgresConfiguration, logger: Logger = Logger(label: "passerelle.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(pool: Pool(maxConnections: configuration.options.poolSize)))
    }

    /// Keeps the pool until graceful shutdown (or cancellation), then closes every connection.
    ///
    /// - Throws: Nothing in practice; the signature is the `Service` requirement.
    public func run() async throws {
        try? await gracefulShutdown()
        await self.close()
    }

    /// Closes the pool: waiting callers fail with ``PostgresError/Code/poolClosed``, idle connections and
    /// listeners close now, and leased connections close as soon as they are returned.
    public func close() async {
        let (idle, waiters, listeners) = self.state.withLock { state in
            let (idle, waiterIDs) = state.pool.close()
            let waiters = waiterIDs.compactMap { state.waiters.removeValue(forKey: $0) }
            let listeners = Array(state.listeners.values)
            state.listeners.removeAll()
            return (idle, waiters, listeners)
        }
        for waiter in waiters {
            waiter.resume(throwing: Self.closedError())
        }
        for listener in listeners {
            listener.stop()
        }
        for connection in idle {
            await connection.close()
        }
    }

    /// Runs `body` with a connection borrowed from the pool, and returns the connection afterwards.
    ///
    /// - Parameters:
    ///   - isolation: The caller's isolation, inherited automatically; `body` runs on it.
    ///   - body: The work. The connection must not be used after `body` returns.
    /// - Returns: What `body` returned.
    /// - Throws: ``PostgresError`` (``PostgresError/Code/poolTimeout``, ``PostgresError/Code/poolClosed``, or a
    ///   connect failure), `CancellationError`, or what `body` threw.
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let connection = try await self.leaseConnection()
        defer { self.release(connection) }
        // Nonisolated code in `body` runs on the connection's thread, so its statements call libpq directly.
        return try await withTaskExecutorPreference(connection.executor, isolation: isolation) {
            SendingResult(try await body(connection))
        }.value
    }

    /// Runs `body` in a transaction on a pooled connection: it commits when `body` returns and rolls back
    /// when it throws.
    ///
    /// - Parameters:
    ///   - isolation: The isolation level. Default `READ COMMITTED`.
    ///   - retry: Whether to re-run `body` after a serialization failure (`40001`) or deadlock (`40P01`).
    ///   - settings: Parameters set for this transaction only (`SET LOCAL`), sent with `BEGIN`.
    ///   - actor: The caller's isolation, inherited automatically; `body` runs on it.
    ///   - body: The work.
    /// - Returns: What `body` returned.
    /// - Throws: As ``withConnection(isolation:_:)`` and
    ///   ``PostgresConnection/withTransaction(isolation:retry:settings:actor:_:)``.
    public func withTransaction<Result>(
        isolation: PostgresIsolationLevel = .readCommitted,
        retry: PostgresTransactionRetry = .never,
        settings: [PostgresLocalSetting] = [],
        actor: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> sending Result
    ) async throws -> sending Result {
        let connection = try await self.leaseConnection()
        defer { self.release(connection) }
        // Nonisolated code in `body` runs on the connection's thread, so its statements call libpq directly.
        return try await withTaskExecutorPreference(connection.executor, isolation: actor) {
            SendingResult(try await connection.withTransaction(isolation: isolation, retry: retry, settings: settings, actor: actor, body))
        }.value
    }

    /// Runs one statement on a pooled connection and returns its rows.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The rows.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        let connection = try await self.leaseConnection()
        defer { self.release(connection) }
        return try await connection.query(query)
    }

    /// Runs one statement on a pooled connection and returns the number of rows it affected.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The affected row count, or 0 for commands that report none.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await self.query(query).affectedRows ?? 0
    }

    /// Bulk-inserts rows with `COPY … FROM STDIN` on a pooled connection.
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
    ) async throws -> Int where Rows.Element == [(any PostgresEncodable)?] {
        let connection = try await self.leaseConnection()
        defer { self.release(connection) }
        return try await connection.copyIn(schema: schema, table: table, columns: columns, rows: rows)
    }

    static func closedError() -> PostgresError {
        PostgresError(.poolClosed, operation: "acquire connection", message: "the client is closed")
    }
}

/// Carries a `sending` (disconnected) result through `withTaskExecutorPreference`, whose result type lacks the
/// `sending` annotation.
private struct SendingResult<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: sending Value) {
        self.value = value
    }
}
