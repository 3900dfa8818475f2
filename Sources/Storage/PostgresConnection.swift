import Foundation
public import Logging
import Synchronization

/// One PostgreSQL session, confined to its own thread.
///
/// Every libpq call for the connection runs on a dedicated `Thread` (see ``PostgresWorker``); the async
/// methods queue a job there and suspend, so Swift's cooperative thread pool never blocks on the network.
/// Statements run one at a time, in the order they were submitted. Code already running on that thread (the
/// bodies of ``PostgresClient/withConnection(isolation:_:)`` and ``PostgresClient/withTransaction(isolation:retry:settings:actor:_:)``,
/// which prefer the connection's thread as their task executor) calls libpq directly, without switching threads.
///
/// Most code borrows connections from a ``PostgresClient`` instead of opening them directly.
///
/// Cancelling the calling task cancels its statement on the server (`PQcancel`, SQLSTATE `57014`), or skips
/// it with ``PostgresError/Code/cancelled`` if it had not started. The cancel request is sent only while that
/// statement is still the running one, but PostgreSQL cancels whatever runs when the request arrives, so a
/// statement that starts in the same instant can rarely be hit instead (a libpq limitation).
public final class PostgresConnection: Sendable {
    private let worker: PostgresWorker
    private let health: Health
    private let cancelToken: LibPQCancelToken?
    private let socket: Int32
    /// The server process serving this session (`pg_backend_pid()`).
    public let backendPID: Int
    /// The server version as an integer, for example `150018`.
    public let serverVersion: Int
    let logger: Logger

    private init(worker: PostgresWorker, info: OpenedInfo, logger: Logger) {
        self.worker = worker
        self.health = info.health
        self.cancelToken = info.cancelToken
        self.socket = info.socket
        self.backendPID = info.backendPID
        self.serverVersion = info.serverVersion
        var logger = logger
        logger[metadataKey: LogKey.backendPID] = "\(info.backendPID)"
        self.logger = logger
    }

    deinit {
        self.worker.shutdown()
    }

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - configuration: Where and how to connect (the pool options are ignored).
    ///   - logger: Where the connection logs, at `.debug` and below.
    /// - Returns: The open connection.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/connectionFailed``,
    ///   ``PostgresError/Code/authenticationFailed``, ``PostgresError/Code/timedOut`` or
    ///   ``PostgresError/Code/outOfMemory``.
    ///
    /// > Note: Cancelling the calling task does not interrupt the attempt; it ends within `connect_timeout`.
    public static func connect(
        configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "passerelle.postgres")
    ) async throws(PostgresError) -> PostgresConnection {
        let worker = PostgresWorker(name: "postgres \(configuration.host ?? "")")
        let parameters = configuration.connectParameters()
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<OpenedInfo, PostgresError>, Never>) in
            worker.submit { context in
                switch LibPQConnection.connect(parameters, logger: logger) {
                case .success(let connection):
                    context.connection = connection
                    let info = OpenedInfo(
                        health: Health(), cancelToken: connection.makeCancelToken(), socket: connection.socket,
                        backendPID: connection.backendPID, serverVersion: connection.serverVersion)
                    continuation.resume(returning: .success(info))
                case .failure(let error):
                    context.stop()
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        let connection = PostgresConnection(worker: worker, info: try result.get(), logger: logger)
        connection.logger.debug("PostgreSQL connection opened")
        return connection
    }

    /// Runs one statement and returns its rows.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The rows (empty for statements that return none), with the command tag.
    /// - Throws: ``PostgresError``: ``PostgresError/Code/queryFailed`` with the server's SQLSTATE and fields,
    ///   ``PostgresError/Code/connectionClosed``, ``PostgresError/Code/invalidBind`` or
    ///   ``PostgresError/Code/cancelled``.
    public func query(_ query: PostgresQuery) async throws(PostgresError) -> PostgresRows {
        if let error = query.binds.encodingError {
            throw error
        }
        return try await self.perform("query") { connection in
            connection.execute(query.sql, binds: query.binds)
        }
    }

    /// Runs one statement and returns the number of rows it affected.
    ///
    /// - Parameter query: The statement; interpolated values are sent as bind parameters.
    /// - Returns: The affected row count the server reported, or 0 for commands that report none.
    /// - Throws: ``PostgresError``, as ``query(_:)`` does.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws(PostgresError) -> Int {
        try await self.query(query).affectedRows ?? 0
    }

    /// Runs SQL that may hold several statements (simple query protocol, no parameters), such as a migration.
    func executeScript(_ sql: String, cancellable: Bool = true) async throws(PostgresError) {
        _ = try await self.perform("execute script", cancellable: cancellable) { connection in
            connection.executeScript(sql)
        }
    }

    /// Closes the connection (`PQfinish`) after the statements already queued, and ends its thread.
    public func close() async {
        self.health.isOpen.store(false, ordering: .sequentiallyConsistent)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = self.worker.submit { context in
                context.stop()
                continuation.resume()
            }
            if !accepted {
                continuation.resume()
            }
        }
        self.logger.debug("PostgreSQL connection closed")
    }

    /// Whether the connection is open and was healthy after its last statement.
    public var isUsable: Bool {
        self.health.isOpen.load(ordering: .sequentiallyConsistent)
            && self.health.isHealthy.load(ordering: .sequentiallyConsistent)
    }

    /// Whether a pool can lend the connection again: usable and outside any transaction.
    var isReusable: Bool {
        self.isUsable
            && self.health.transactionState.load(ordering: .sequentiallyConsistent)
                == LibPQTransactionState.idle.rawValue
    }

    /// The transaction state after the last statement.
    var transactionState: LibPQTransactionState {
        LibPQTransactionState(rawValue: self.health.transactionState.load(ordering: .sequentiallyConsistent))
            ?? .unknown
    }

    /// Checks, without blocking, that an idle connection is still alive: if the server sent something while it
    /// sat idle (typically the `FATAL` of `pg_terminate_backend` followed by end of file), libpq reads it on
    /// the worker thread and the connection reports whether it survived.
    func checkAlive() async -> Bool {
        guard self.isUsable else { return false }
        var descriptor = pollfd(fd: self.socket, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) != 0 else { return true }
        let alive = try? await self.perform("check", cancellable: false) { connection in
            .success(connection.absorbIdleInput())
        }
        return alive ?? false
    }

    /// The connection's worker, as a `TaskExecutor`: a task that prefers it runs its nonisolated code on the
    /// connection's thread, where statements call libpq directly without switching threads.
    var executor: PostgresWorker { self.worker }

    /// Runs `body` on the worker thread with the libpq connection and waits for its result.
    ///
    /// When the caller already runs on the worker thread (a task that prefers ``executor``), `body` runs
    /// right away, without queueing a job and suspending.
    func perform<T: Sendable>(
        _ operation: String,
        cancellable: Bool = true,
        _ body: @escaping @Sendable (LibPQConnection) -> Result<T, PostgresError>
    ) async throws(PostgresError) -> T {
        let health = self.health
        let jobID = health.nextJobID.add(1, ordering: .sequentiallyConsistent).newValue
        let worker = self.worker
        let result: Result<T, PostgresError>
        if worker.isCurrentThread {
            result = await withTaskCancellationHandler {
                Self.runJob(
                    worker.currentContext(), health: health, jobID: jobID, operation: operation,
                    cancellable: cancellable, body)
            } onCancel: {
                guard cancellable else { return }
                self.cancel(jobID: jobID)
            }
        } else {
            result = await withTaskCancellationHandler {
                await withCheckedContinuation {
                    (continuation: CheckedContinuation<Result<T, PostgresError>, Never>) in
                    let accepted = worker.submit { context in
                        continuation.resume(
                            returning: Self.runJob(
                                context, health: health, jobID: jobID, operation: operation,
                                cancellable: cancellable, body))
                    }
                    if !accepted {
                        continuation.resume(returning: .failure(Self.closedError(operation)))
                    }
                }
            } onCancel: {
                guard cancellable else { return }
                self.cancel(jobID: jobID)
            }
        }
        return try result.get()
    }

    /// Runs one job on the worker thread: skips it when closed or cancelled before it started.
    private static func runJob<T>(
        _ context: PostgresWorkerContext,
        health: Health,
        jobID: UInt64,
        operation: String,
        cancellable: Bool,
        _ body: (LibPQConnection) -> Result<T, PostgresError>
    ) -> Result<T, PostgresError> {
        health.runningJob.store(jobID, ordering: .sequentiallyConsistent)
        defer { health.runningJob.store(0, ordering: .sequentiallyConsistent) }
        guard let connection = context.connection else {
            return .failure(Self.closedError(operation))
        }
        if cancellable, health.cancelledJob.load(ordering: .sequentiallyConsistent) == jobID {
            return .failure(PostgresError(.cancelled, operation: operation, message: ""))
        }
        let result = body(connection)
        health.record(connection)
        return result
    }

    /// Cancels job `jobID`: it is skipped if it has not started, or cancelled on the server if it is running.
    private func cancel(jobID: UInt64) {
        self.health.cancelledJob.store(jobID, ordering: .sequentiallyConsistent)
        guard let token = self.cancelToken,
            self.health.runningJob.load(ordering: .sequentiallyConsistent) == jobID
        else { return }
        let health = self.health
        // PQcancel opens a connection to the server, so it runs on its own short-lived thread.
        Thread.detachNewThread {
            if health.runningJob.load(ordering: .sequentiallyConsistent) == jobID {
                token.send()
            }
        }
    }

    private static func closedError(_ operation: String) -> PostgresError {
        PostgresError(.connectionClosed, operation: operation, message: "the connection is closed")
    }
}

extension PostgresConnection {
    /// What the worker reports once connected.
    private struct OpenedInfo: Sendable {
        var health: Health
        var cancelToken: LibPQCancelToken?
        var socket: Int32
        var backendPID: Int
        var serverVersion: Int
    }

    /// The connection's state as seen from outside its thread, updated after every job.
    final class Health: Sendable {
        let isOpen = Atomic<Bool>(true)
        let isHealthy = Atomic<Bool>(true)
        let transactionState = Atomic<UInt8>(LibPQTransactionState.idle.rawValue)
        let nextJobID = Atomic<UInt64>(0)
        let runningJob = Atomic<UInt64>(0)
        let cancelledJob = Atomic<UInt64>(0)

        /// Records the state libpq reports; called on the worker thread after each job.
        func record(_ connection: LibPQConnection) {
            self.isHealthy.store(connection.isHealthy, ordering: .sequentiallyConsistent)
            self.transactionState.store(connection.transactionState.rawValue, ordering: .sequentiallyConsistent)
        }
    }
}

extension PostgresConnection {
    /// Closes the connection without waiting (used by the pool when it discards a connection).
    func closeInBackground() {
        self.health.isOpen.store(false, ordering: .sequentiallyConsistent)
        self.worker.shutdown()
    }
}
