import CLibPQ
import Foundation
import Logging

// The libpq boundary (style rule 3): every `PQ*` call of the Storage module is in this file, its status is
// checked on the next line, and no libpq type leaves it. libpq's cleanup rules are quoted next to the calls.

/// Connection-string helpers that need no connection.
enum LibPQ {
    /// The keyword/value pairs written in `connectionString` (`PQconninfoParse`): a `postgres://` or
    /// `postgresql://` URI, or `key=value` pairs. Only explicitly written keywords are returned; libpq adds
    /// the `PG*` environment variables and its defaults when it connects.
    static func parse(_ connectionString: String) -> Result<[(key: String, value: String)], PostgresError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(connectionString, &errorMessage)
        guard let options else {
            // libpq: on failure *errmsg is a malloc'd string to release with PQfreemem, or NULL when libpq ran
            // out of memory. Its text may quote a raw fragment of the string, so written passwords are removed.
            guard let errorMessage else {
                return .failure(PostgresError(.outOfMemory, operation: "parse connection string", message: ""))
            }
            let message = String(cString: errorMessage)
            PQfreemem(errorMessage)
            let secrets = PostgresRedaction.passwords(in: connectionString)
            return .failure(
                PostgresError(
                    .invalidConnectionString, operation: "parse connection string", message: message,
                    secrets: secrets))
        }
        // libpq: the array returned by PQconninfoParse must be released with PQconninfoFree.
        defer { PQconninfoFree(options) }
        return .success(Self.pairs(options))
    }

    /// What libpq would use for every keyword not given explicitly (`PQconndefaults`): the `PG*` environment
    /// variables, the service file and the built-in defaults.
    static func defaults() -> [String: String] {
        // libpq: PQconndefaults returns NULL when out of memory; the array must be freed with PQconninfoFree.
        guard let options = PQconndefaults() else { return [:] }
        defer { PQconninfoFree(options) }
        return Dictionary(Self.pairs(options), uniquingKeysWith: { first, _ in first })
    }

    /// The options that have a value, in libpq's order. The array ends with a NULL keyword.
    private static func pairs(_ options: UnsafeMutablePointer<PQconninfoOption>) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                pairs.append((String(cString: keyword), String(cString: value)))
            }
            option += 1
        }
        return pairs
    }

    /// Maps a failed connection's libpq message to a code.
    static func classifyConnectFailure(_ message: String) -> PostgresError.Code {
        let lowered = message.lowercased()
        if lowered.contains("timeout expired") {
            return .timedOut
        }
        let authenticationHints = ["authentication failed", "no password supplied", "pg_hba.conf"]
        if authenticationHints.contains(where: { lowered.contains($0) }) {
            return .authenticationFailed
        }
        return .connectionFailed
    }
}

/// Where a connection stands with respect to transactions (`PQtransactionStatus`).
enum LibPQTransactionState: UInt8, Sendable {
    case idle
    case active
    case inTransaction
    case failedTransaction
    case unknown
}

/// Owns one `PGconn` and finishes it when released.
///
/// Not `Sendable`: libpq forbids using a connection from two threads at once, so each instance is created,
/// used and released on the single thread of its ``PostgresWorker`` (or of a listener).
final class LibPQConnection {
    private let handle: OpaquePointer
    /// Set when the connection was left in a state this layer cannot recover (for example an unexpected
    /// `COPY`); the pool then discards it.
    private(set) var isPoisoned = false
    /// Receives the server's notices; must outlive the handle.
    private var noticeSink: NoticeSink?
    /// The statements prepared on this connection.
    private var statements = PreparedStatementCache()

    private init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        // libpq: PQfinish closes the connection and frees the PGconn, even when the connection attempt failed;
        // the pointer must not be used afterwards.
        PQfinish(self.handle)
    }

    /// Opens a connection with `PQconnectdbParams` (blocking, bounded by `connect_timeout`).
    static func connect(
        _ parameters: [(key: String, value: String)],
        logger: Logger? = nil
    ) -> Result<LibPQConnection, PostgresError> {
        let keywords = parameters.map { strdup($0.key) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywords.map { $0.map { UnsafePointer($0) } } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } } + [nil]
        // expand_dbname = 0: the pairs were already parsed by PQconninfoParse.
        guard let handle = PQconnectdbParams(keywordArray, valueArray, 0) else {
            // libpq returns NULL only when it cannot allocate the PGconn object.
            return .failure(PostgresError(.outOfMemory, operation: "connect", message: "libpq returned no connection"))
        }
        let connection = LibPQConnection(handle)  // finishes the handle on every path from here
        connection.routeNotices(to: logger)
        guard PQstatus(handle) == CONNECTION_OK else {
            // Connection errors name host, port, user and database but never the password.
            let message = connection.errorMessage
            return .failure(
                PostgresError(LibPQ.classifyConnectFailure(message), operation: "connect", message: message))
        }
        return .success(connection)
    }

    /// Sends the server's notices (`NOTICE`, `WARNING`) to `logger` at debug level instead of libpq's default,
    /// standard error; drops them when `logger` is `nil`.
    private func routeNotices(to logger: Logger?) {
        let sink = NoticeSink(logger: logger)
        self.noticeSink = sink
        // libpq: the processor and its argument must stay valid for the life of the PGconn; `sink` is a stored
        // property, released only after PQfinish in deinit. The previous processor returned is libpq's default.
        _ = PQsetNoticeProcessor(
            self.handle,
            { argument, message in
                guard let argument, let message else { return }
                let sink = Unmanaged<NoticeSink>.fromOpaque(argument).takeUnretainedValue()
                sink.logger?.debug("PostgreSQL notice", metadata: ["postgres.notice": "\(String(cString: message))"])
            },
            Unmanaged.passUnretained(sink).toOpaque())
    }

    /// Whether the connection is usable: `PQstatus` is `CONNECTION_OK` and nothing poisoned it.
    var isHealthy: Bool { PQstatus(self.handle) == CONNECTION_OK && !self.isPoisoned }
    /// The socket descriptor (`PQsocket`), or -1.
    var socket: Int32 { PQsocket(self.handle) }
    /// The server process serving this connection (`PQbackendPID`).
    var backendPID: Int { Int(PQbackendPID(self.handle)) }
    /// The server version as an integer (`PQserverVersion`), for example `150018`.
    var serverVersion: Int { Int(PQserverVersion(self.handle)) }
    /// The database name (`PQdb`).
    var database: String { PQdb(self.handle).map { String(cString: $0) } ?? "" }
    /// The role name (`PQuser`).
    var user: String { PQuser(self.handle).map { String(cString: $0) } ?? "" }
    /// libpq's last error message (`PQerrorMessage`).
    var errorMessage: String { PQerrorMessage(self.handle).map { String(cString: $0) } ?? "" }

    /// The transaction state (`PQtransactionStatus`).
    var transactionState: LibPQTransactionState {
        switch PQtransactionStatus(self.handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .failedTransaction
        default: .unknown
        }
    }

    /// Runs one statement with its parameters in text format with their type OIDs, results in binary format.
    ///
    /// A statement seen before on this connection is prepared once (`PQprepare`) and then run by name
    /// (`PQexecPrepared`); others run unnamed (`PQexecParams`). See ``PreparedStatementCache``.
    func execute(_ sql: String, binds: PostgresBindings) -> Result<PostgresRows, PostgresError> {
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        for value in binds.values {
            guard let value else {
                offsets.append(-1)
                continue
            }
            offsets.append(buffer.count)
            buffer.append(contentsOf: value)
            buffer.append(0)  // text-format values are C strings
        }
        let types: [Oid] = binds.types.map { Oid($0.rawValue) }
        let key = PreparedStatementCache.Key(sql: sql, types: types.map { UInt32($0) })
        let outcome = self.run(sql, key: key, plan: self.statements.plan(for: key), types: types, buffer: buffer, offsets: offsets)
        guard case .failure(let error) = outcome.result, outcome.named, Self.invalidatesStatement(error) else {
            return outcome.result
        }
        self.statements.forget(key)
        // Outside a transaction nothing was spoiled (both errors come before the statement ran): prepare it
        // afresh and run it again, once. Inside one, the transaction is aborted and the error stands.
        guard error.code == .queryFailed, self.transactionState == .idle else { return outcome.result }
        return self.run(sql, key: key, plan: self.statements.plan(for: key), types: types, buffer: buffer, offsets: offsets).result
    }

    private func run(
        _ sql: String, key: PreparedStatementCache.Key, plan: PreparedStatementCache.Plan, types: [Oid],
        buffer: [UInt8], offsets: [Int]
    ) -> (result: Result<PostgresRows, PostgresError>, named: Bool) {
        if case .prepare(let name) = plan {
            // libpq: PQprepare returns a PGresult to check and PQclear like any other (NULL on a send failure).
            let prepared = self.consume(PQprepare(self.handle, name, sql, Int32(types.count), types), operation: "prepare", sql: sql)
            if case .failure(let error) = prepared {
                return (.failure(error), false)
            }
            if let evicted = self.statements.prepared(key, name: name) {
                // A statement is not transactional: closing it works inside a transaction too. A failure only
                // leaves the statement on the server until the connection closes.
                _ = self.consume(
                    PQexec(self.handle, "DEALLOCATE \(PostgresIdentifier.quote(evicted))"), operation: "deallocate",
                    sql: "DEALLOCATE")
            }
        }
        let result = buffer.withUnsafeBytes { raw -> OpaquePointer? in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset < 0 ? nil : raw.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
            }
            switch plan {
            case .unnamed:
                return PQexecParams(self.handle, sql, Int32(types.count), types, pointers, nil, nil, 1)
            case .prepare(let name), .execute(let name):
                return PQexecPrepared(self.handle, name, Int32(types.count), pointers, nil, nil, 1)
            }
        }
        return (self.consume(result, operation: "query", sql: sql), plan != .unnamed)
    }

    /// Errors after which a prepared statement should be prepared afresh: it is gone from the server
    /// (`26000`, for example after `DEALLOCATE ALL`) or its cached plan no longer fits the tables (`0A000`).
    private static func invalidatesStatement(_ error: PostgresError) -> Bool {
        guard let state = error.sqlState?.rawValue else { return error.code == .connectionClosed }
        return state == "26000" || state == "0A000"
    }

    /// Runs one or more statements separated by semicolons with `PQexec` (simple query protocol, no parameters).
    func executeScript(_ sql: String) -> Result<PostgresRows, PostgresError> {
        self.consume(PQexec(self.handle, sql), operation: "execute script", sql: sql)
    }

    /// Starts `COPY … FROM STDIN`.
    func beginCopy(_ sql: String) -> Result<Void, PostgresError> {
        guard let result = PQexec(self.handle, sql) else {
            return .failure(self.connectionError(operation: "copy", sql: sql))
        }
        // libpq: every PGresult must be freed with PQclear.
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else {
            return .failure(self.resultError(result, operation: "copy", sql: sql))
        }
        return .success(())
    }

    /// Sends one chunk of `COPY` data (`PQputCopyData`, which in blocking mode returns 1 or -1).
    func putCopyData(_ bytes: [UInt8]) -> Result<Void, PostgresError> {
        let status = bytes.withUnsafeBytes { raw in
            PQputCopyData(self.handle, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        guard status == 1 else {
            return .failure(self.connectionError(operation: "copy", sql: nil))
        }
        return .success(())
    }

    /// Ends `COPY` (`PQputCopyEnd`), aborting it when `abortReason` is given, and collects the final result.
    ///
    /// - Returns: The number of rows copied.
    func endCopy(abortReason: String?) -> Result<Int, PostgresError> {
        let status = PQputCopyEnd(self.handle, abortReason)
        var outcome: Result<Int, PostgresError> = .failure(self.connectionError(operation: "copy", sql: nil))
        // libpq: after PQputCopyEnd, call PQgetResult until it returns NULL; each result must be PQclear'ed.
        while let result = PQgetResult(self.handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                outcome = .success(Int(String(cString: PQcmdTuples(result))) ?? 0)
            } else {
                outcome = .failure(self.resultError(result, operation: "copy", sql: nil))
            }
            PQclear(result)
        }
        if status != 1, case .success = outcome {
            return .failure(self.connectionError(operation: "copy", sql: nil))
        }
        return outcome
    }

    /// Reads whatever the server sent (`PQconsumeInput`); `false` when the connection failed.
    func consumeInput() -> Bool {
        PQconsumeInput(self.handle) == 1
    }

    /// Reads whatever an idle connection received and reports whether it is still alive.
    ///
    /// A terminated backend sends a `FATAL` message and then closes the socket; libpq treats the message of an
    /// idle connection as a notice and only notices the end of file on a later read, so this reads until the
    /// socket has nothing more (at most a few rounds).
    func absorbIdleInput() -> Bool {
        for _ in 0..<8 {
            var descriptor = pollfd(fd: self.socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { break }
            guard PQconsumeInput(self.handle) == 1 else { return false }
            _ = self.takeNotifications()  // parses the buffered messages; notices go to the notice processor
            guard self.isHealthy else { return false }
        }
        return self.isHealthy
    }

    /// The notifications received so far (`PQnotifies`).
    func takeNotifications() -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(self.handle) {
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    backendPID: Int(notify.pointee.be_pid)))
            // libpq: the PGnotify returned by PQnotifies must be freed with PQfreemem.
            PQfreemem(notify)
        }
        return notifications
    }

    /// Computes a SCRAM-SHA-256 verifier for `password` on the client (`PQencryptPasswordConn`), so the
    /// plain password never reaches the server or its logs.
    func scramVerifier(password: String, user: String) -> Result<String, PostgresError> {
        guard let encrypted = PQencryptPasswordConn(self.handle, password, user, "scram-sha-256") else {
            return .failure(PostgresError(.queryFailed, operation: "encrypt password", message: self.errorMessage))
        }
        // libpq: the result is malloc'd and must be freed with PQfreemem.
        defer { PQfreemem(encrypted) }
        return .success(String(cString: encrypted))
    }

    /// A token that cancels the running statement from another thread.
    func makeCancelToken() -> LibPQCancelToken? {
        // libpq: PQgetCancel returns NULL if the connection is not open; the object is freed with PQfreeCancel.
        PQgetCancel(self.handle).map(LibPQCancelToken.init)
    }

    private func consume(
        _ result: OpaquePointer?,
        operation: String,
        sql: String
    ) -> Result<PostgresRows, PostgresError> {
        guard let result else {
            // libpq: a NULL result means out of memory or that the command could not be sent at all.
            return .failure(self.connectionError(operation: operation, sql: sql))
        }
        // libpq: every PGresult must be freed with PQclear.
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return .success(Self.rows(from: result))
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            self.isPoisoned = true
            let message = "COPY is only supported through copyIn(table:columns:rows:)"
            return .failure(PostgresError(.unsupported, operation: operation, message: message))
        default:
            return .failure(self.resultError(result, operation: operation, sql: sql))
        }
    }

    /// Copies a successful result out of libpq.
    private static func rows(from result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<Int32(columnCount)).map { index in
            PostgresColumn(
                name: PQfname(result, index).map { String(cString: $0) } ?? "",
                dataType: PostgresDataType(PQftype(result, index)))
        }
        var lengths: [Int32] = []
        lengths.reserveCapacity(rowCount * columnCount)
        var total = 0
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                let length = PQgetisnull(result, row, column) == 1 ? -1 : PQgetlength(result, row, column)
                lengths.append(length)
                total += Int(max(0, length))
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        var offsets: [Int] = []
        offsets.reserveCapacity(lengths.count)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                offsets.append(bytes.count)
                let length = Int(lengths[Int(row) * columnCount + Int(column)])
                if length > 0, let value = PQgetvalue(result, row, column) {
                    bytes.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
                }
            }
        }
        let storage = PostgresRowStorage(
            columns: columns, rowCount: rowCount, bytes: bytes, offsets: offsets, lengths: lengths)
        let tag = PQcmdStatus(result).map { String(cString: $0) } ?? ""
        let affected = PQcmdTuples(result).flatMap { Int(String(cString: $0)) }
        return PostgresRows(storage: storage, commandTag: tag, affectedRows: affected)
    }

    /// The error of a failed result, with the server's fields (`PQresultErrorField`) when it has them.
    private func resultError(_ result: OpaquePointer, operation: String, sql: String?) -> PostgresError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) }
        }
        let code: PostgresError.Code = self.isHealthy ? .queryFailed : .connectionClosed
        guard let sqlState = field("C") else {
            // A client-side failure (for example a lost connection): libpq wrote a message but no SQLSTATE.
            let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? self.errorMessage
            var error = PostgresError(code, operation: operation, message: message)
            error.query = sql
            return error
        }
        var error = PostgresError(code, operation: operation, message: "")
        error.serverFields = PostgresError.ServerFields(
            sqlState: PostgresSQLState(rawValue: sqlState), severity: field("V") ?? field("S") ?? "ERROR",
            message: field("M") ?? "", detail: field("D"), hint: field("H"), constraint: field("n"),
            schema: field("s"), table: field("t"), column: field("c"))
        error.query = sql
        return error
    }

    /// An error from `PQerrorMessage`, when libpq produced no result to inspect.
    private func connectionError(operation: String, sql: String?) -> PostgresError {
        let code: PostgresError.Code = self.isHealthy ? .queryFailed : .connectionClosed
        var error = PostgresError(code, operation: operation, message: self.errorMessage)
        error.query = sql
        return error
    }
}

/// The logger that receives a connection's notices.
private final class NoticeSink {
    let logger: Logger?

    init(logger: Logger?) {
        self.logger = logger
    }
}

/// Cancels the statement running on a connection, from any thread (`PQcancel`).
///
/// `@unchecked Sendable` is sound because libpq documents `PQcancel` as safe to call from any thread (even a
/// signal handler) with a `PGcancel` that is not being freed, and the object is only freed in `deinit`.
final class LibPQCancelToken: @unchecked Sendable {
    private let cancel: OpaquePointer

    init(_ cancel: OpaquePointer) {
        self.cancel = cancel
    }

    deinit {
        // libpq: a PGcancel from PQgetCancel must be freed with PQfreeCancel.
        PQfreeCancel(self.cancel)
    }

    /// Asks the server to cancel the running statement. Blocking: it opens a short connection to the server.
    ///
    /// - Returns: Whether the request was sent (the statement may have finished anyway).
    @discardableResult
    func send() -> Bool {
        var message = [CChar](repeating: 0, count: 256)
        return PQcancel(self.cancel, &message, Int32(message.count)) == 1
    }
}
