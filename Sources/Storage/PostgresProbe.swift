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
        // libpq parses the string (PQconninfoParse) before any attempt; "" leaves everything to PG* variables.
        let configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(connectionString: connectionString)
        } catch {
            return .failure(error)
        }
        var options = configuration
        // Given explicitly, so it wins over any connect_timeout in the string.
        options.options.connectTimeout = .seconds(timeoutSeconds)
        return LibPQConnection.connect(options.connectParameters()).map { connection in
            let versionNumber = connection.serverVersion
            return PostgresServerInfo(
                serverVersion: PostgresServerInfo.versionString(versionNumber),
                serverVersionNumber: versionNumber,
                database: connection.database,
                user: connection.user
            )
        }
    }
}
