import Foundation

/// Where and how to connect to PostgreSQL, plus the pool settings.
///
/// libpq itself parses the connection string (`PQconninfoParse`), so every form it accepts works: a
/// `postgres://` or `postgresql://` URI, `key=value` pairs, or the empty string. Keywords that are not
/// written are taken by libpq from the standard `PG*` environment variables (`PGHOST`, `PGPORT`, `PGUSER`,
/// `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, …), the service file and `~/.pgpass`, at connect time.
///
/// ``description`` never shows the password.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// Pool and connection settings that are not part of the connection string.
    public struct Options: Sendable {
        /// The most connections the pool opens at once. Default 5.
        public var poolSize = 5
        /// How long a caller waits for a free pooled connection before ``PostgresError/Code/poolTimeout``.
        /// Default 10 s.
        public var acquireTimeout: Duration = .seconds(10)
        /// The libpq `connect_timeout`, rounded up to whole seconds (libpq waits at least 2 s per host). When
        /// `nil` (the default), the string's `connect_timeout` or `PGCONNECT_TIMEOUT` applies, else 10 s.
        public var connectTimeout: Duration?
        /// The `application_name` of every connection (shown in `pg_stat_activity`). When `nil`, the string's
        /// value or `PGAPPNAME` applies, else `passerelle`.
        public var applicationName: String?

        /// Creates the default options.
        public init() {}
    }

    /// One keyword and its value.
    struct Parameter: Hashable, Sendable {
        var key: String
        var value: String
    }

    /// The keywords written in the connection string or set since, in order.
    private(set) var parameters: [Parameter]
    /// Pool and connection settings.
    public var options = Options()

    /// Parses a connection string with libpq.
    ///
    /// - Parameter connectionString: A `postgres://` or `postgresql://` URI, `key=value` pairs, or `""` to use
    ///   only the `PG*` environment variables and libpq's defaults.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidConnectionString``; its message never
    ///   contains the password.
    public init(connectionString: String) throws(PostgresError) {
        self.parameters = try LibPQ.parse(connectionString).get().map { Parameter(key: $0.key, value: $0.value) }
    }

    /// A configuration that takes everything from the `PG*` environment variables and libpq's defaults.
    ///
    /// - Returns: A configuration with no explicit keyword.
    public static func environment() -> PostgresConfiguration {
        PostgresConfiguration(parameters: [])
    }

    /// Creates a configuration from its usual parts.
    ///
    /// - Parameters:
    ///   - host: The host name, IP address or Unix-socket directory.
    ///   - port: The port. Default 5432.
    ///   - user: The role to log in as.
    ///   - password: The password, or `nil` to let libpq use `PGPASSWORD` or `~/.pgpass`.
    ///   - database: The database name.
    public init(host: String, port: Int = 5432, user: String, password: String?, database: String) {
        self.init(parameters: [])
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    private init(parameters: [Parameter]) {
        self.parameters = parameters
    }

    /// The value of a libpq keyword written explicitly (for example `sslmode`), or `nil`.
    ///
    /// Setting `nil` removes the keyword, so libpq falls back to the environment and its defaults. Unknown
    /// keywords are refused by libpq when connecting.
    ///
    /// - Parameter keyword: A libpq connection keyword.
    public subscript(parameter keyword: String) -> String? {
        get { self.parameters.last { $0.key == keyword }?.value }
        set {
            self.parameters.removeAll { $0.key == keyword }
            if let newValue {
                self.parameters.append(Parameter(key: keyword, value: newValue))
            }
        }
    }

    /// The explicit `host`.
    public var host: String? {
        get { self[parameter: "host"] }
        set { self[parameter: "host"] = newValue }
    }

    /// The explicit `port`.
    public var port: Int? {
        get { self[parameter: "port"].flatMap { Int($0) } }
        set { self[parameter: "port"] = newValue.map { String($0) } }
    }

    /// The explicit `user`.
    public var user: String? {
        get { self[parameter: "user"] }
        set { self[parameter: "user"] = newValue }
    }

    /// The explicit `password`. Never printed.
    public var password: String? {
        get { self[parameter: "password"] }
        set { self[parameter: "password"] = newValue }
    }

    /// The explicit database name (`dbname`).
    public var database: String? {
        get { self[parameter: "dbname"] }
        set { self[parameter: "dbname"] = newValue }
    }

    /// The keyword/value pairs given to `PQconnectdbParams`: the explicit ones plus `connect_timeout`,
    /// `application_name` and `client_encoding=UTF8` (results are decoded as UTF-8).
    func connectParameters(extra: [Parameter] = []) -> [(key: String, value: String)] {
        var merged = self
        if let timeout = self.options.connectTimeout {
            let seconds = timeout.components.seconds + (timeout.components.attoseconds > 0 ? 1 : 0)
            merged[parameter: "connect_timeout"] = String(max(1, seconds))
        } else if merged[parameter: "connect_timeout"] == nil,
            ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil
        {
            merged[parameter: "connect_timeout"] = "10"
        }
        if let name = self.options.applicationName {
            merged[parameter: "application_name"] = name
        }
        merged[parameter: "fallback_application_name"] = "passerelle"
        merged[parameter: "client_encoding"] = "UTF8"
        for parameter in extra where merged[parameter: parameter.key] == nil {
            merged[parameter: parameter.key] = parameter.value
        }
        return merged.parameters.map { ($0.key, $0.value) }
    }

    /// The effective host, port, user and database (explicit, else libpq's environment-derived defaults),
    /// then the other explicit keywords. The password shows as `***`.
    public var description: String {
        let defaults = LibPQ.defaults()
        var shown: [String] = []
        for key in ["host", "hostaddr", "port", "user", "dbname"] {
            if let value = self[parameter: key] ?? defaults[key], !value.isEmpty {
                shown.append("\(key)=\(value)")
            }
        }
        for parameter in self.parameters where !["host", "hostaddr", "port", "user", "dbname"].contains(parameter.key) {
            shown.append(
                parameter.key.contains("password") ? "\(parameter.key)=***" : "\(parameter.key)=\(parameter.value)")
        }
        shown.append("pool=\(self.options.poolSize)")
        return "PostgresConfiguration(\(shown.joined(separator: " ")))"
    }
}
