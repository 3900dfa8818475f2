import CLibPQ
import Foundation

/// What a PostgreSQL server reported about itself and the session a probe opened.
public struct PostgresServerInfo: Sendable, Codable, Hashable {
    /// The server version in the usual form, for example `15.18` (or `9.6.24` before PostgreSQL 10).
    public var serverVersion: String
    /// The server version as an integer (`PQserverVersion`), for example `150018`.
    public var serverVersionNumber: Int
    /// The database the session connected to (`PQdb`).
    public var database: String
    /// The role the session authenticated as (`PQuser`).
    public var user: String

    /// Creates server information from its parts.
    ///
    /// - Parameters:
    ///   - serverVersion: The version in the usual form, for example `15.18`.
    ///   - serverVersionNumber: The version as an integer, for example `150018`.
    ///   - database: The database name.
    ///   - user: The role name.
    public init(serverVersion: String, serverVersionNumber: Int, database: String, user: String) {
        self.serverVersion = serverVersion
        self.serverVersionNumber = serverVersionNumber
        self.database = database
        self.user = user
    }

    /// Formats a `PQserverVersion` number: `150018` becomes `15.18`, `90624` becomes `9.6.24`.
    static func versionString(_ number: Int) -> String {
        if number >= 100_000 {
            return "\(number / 10_000).\(number % 10_000)"
        }
        return "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }
}

/// Checks that a PostgreSQL server accepts a login, without keeping a connection.
///
/// This is the minimal entry point `passerelle doctor` needs; the connection pool comes later.
public enum PostgresProbe {
    /// Opens a connection, reads the server version, database and user, and closes it again.
    ///
    /// The blocking libpq calls run on a dedicated `Thread`, so the cooperative thread pool never blocks.
    ///
    /// - Parameters:
    ///   - connectionString: Anything libpq accepts: a `postgres://` or `postgresql://` URI, a
    ///     `key=value` string, or `""` to use only the `PG*` environment variables (`PGHOST`, `PGPORT`,
    ///     `PGUSER`, `PGPASSWORD`, `PGDATABASE`, …).
    ///   - timeout: The libpq `connect_timeout`, rounded up to whole seconds (libpq waits at least 2 s,
    ///     and applies it to each host it tries). It overrides any `connect_timeout` in the string.
    /// - Returns: The server version, database and user of the session.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidConnectionString``,
    ///   ``PostgresError/Code/authenticationFailed``, ``PostgresError/Code/timedOut``,
    ///   ``PostgresError/Code/connectionFailed`` or ``PostgresError/Code/outOfMemory``. Its message never
    ///   contains a password.
    ///
    /// > Note: Cancelling the calling task does not interrupt the attempt; it ends within `timeout`.
    public static func check(
        connectionString: String,
        timeout: Duration = .seconds(5)
    ) async throws(PostgresError) -> PostgresServerInfo {
        let seconds = max(1, Int(timeout.components.seconds) + (timeout.components.attoseconds > 0 ? 1 : 0))
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<ProbeResult, Never>) in
            let thread = Thread {
                continuation.resume(returning: Self.probe(connectionString: connectionString, timeoutSeconds: seconds))
            }
            thread.name = "passerelle.postgres-probe"
            thread.start()
        }
        return try result.get()
    }

    private typealias ProbeResult = Result<PostgresServerInfo, PostgresError>

    /// The blocking part of ``check(connectionString:timeout:)``. Runs on the probe thread only.
    private static func probe(connectionString: String, timeoutSeconds: Int) -> ProbeResult {
        if !connectionString.isEmpty, case .failure(let error) = Self.parse(connectionString) {
            return .failure(error)
        }

        var parameters: [(String, String)] = []
        if !connectionString.isEmpty {
            // With expand_dbname = 1, libpq expands a URI or key=value string given as dbname.
            parameters.append(("dbname", connectionString))
        }
        // Listed after dbname: libpq keeps the last value of a repeated keyword, so these win.
        parameters.append(("connect_timeout", String(timeoutSeconds)))
        parameters.append(("fallback_application_name", "passerelle"))

        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywords.map { $0.map { UnsafePointer($0) } } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } } + [nil]

        guard let connection = PQconnectdbParams(keywordArray, valueArray, 1) else {
            // libpq returns NULL only when it cannot allocate the PGconn object.
            return .failure(PostgresError(.outOfMemory, operation: "connect", message: "libpq returned no connection"))
        }
        // libpq: "you should call PQfinish ... even if the server connection attempt fails". The handle does.
        let handle = PostgresConnectionHandle(connection)

        guard PQstatus(handle.connection) == CONNECTION_OK else {
            // Connection errors name the host, port, user and database but never the password, so only the
            // pattern-based redaction applies: replacing a short password everywhere would garble the text.
            let message = String(cString: PQerrorMessage(handle.connection))
            return .failure(PostgresError(Self.classify(message), operation: "connect", message: message))
        }
        let versionNumber = Int(PQserverVersion(handle.connection))
        let database = PQdb(handle.connection).map { String(cString: $0) } ?? ""
        let user = PQuser(handle.connection).map { String(cString: $0) } ?? ""
        return .success(
            PostgresServerInfo(
                serverVersion: PostgresServerInfo.versionString(versionNumber),
                serverVersionNumber: versionNumber,
                database: database,
                user: user
            )
        )
    }

    /// Checks that libpq can parse `connectionString` (`PQconninfoParse`), before any connection attempt.
    ///
    /// libpq's parse errors may quote a raw fragment of the string (for example a bad percent-encoded
    /// token in a URI password), so every password written in the string is removed from the message.
    private static func parse(_ connectionString: String) -> Result<Void, PostgresError> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let options = PQconninfoParse(connectionString, &errorMessage)
        guard let options else {
            // libpq: on failure *errmsg is a malloc'd string to release with PQfreemem, or NULL when
            // libpq ran out of memory.
            guard let errorMessage else {
                return .failure(PostgresError(.outOfMemory, operation: "parse connection string", message: ""))
            }
            let message = String(cString: errorMessage)
            PQfreemem(errorMessage)
            return .failure(
                PostgresError(
                    .invalidConnectionString,
                    operation: "parse connection string",
                    message: message,
                    secrets: PostgresRedaction.passwords(in: connectionString)
                )
            )
        }
        // libpq: the array returned by PQconninfoParse must be released with PQconninfoFree.
        PQconninfoFree(options)
        return .success(())
    }

    /// Maps a failed connection's libpq message to a code.
    private static func classify(_ message: String) -> PostgresError.Code {
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

/// Owns one `PGconn` and finishes it when released.
///
/// Not `Sendable`: it is created, used and released on the probe thread only.
private final class PostgresConnectionHandle {
    let connection: OpaquePointer

    init(_ connection: OpaquePointer) {
        self.connection = connection
    }

    deinit {
        // libpq: PQfinish closes the connection and frees the PGconn; the pointer must not be used after.
        PQfinish(self.connection)
    }
}
