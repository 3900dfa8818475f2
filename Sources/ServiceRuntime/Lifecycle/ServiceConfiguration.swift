import Foundation
public import Messaging
public import Storage
import Topology

/// How a service runs: where the broker and the database are, and the runtime's tuning.
public struct ServiceConfiguration: Sendable {
    /// The broker: the service's own user (`svc-<name>`) and the platform vhost.
    public var amqp: AMQPConfiguration
    /// The database; the service works in the schema named after it, as its own login role (`svc_<name>`).
    public var postgres: PostgresConfiguration
    /// The NOLOGIN role that owns the service's schema (`<name>_owner`, see `PostgresServiceRole`): migrations
    /// run under `SET LOCAL ROLE` to it, so the login role needs no right to create anything. `nil` (the
    /// default of ``init(amqp:postgres:)``) runs them as the connected role, for example a superuser in tests.
    public var postgresOwner: String?
    /// The HTTP listener (`/metrics`, `/health/live`, `/health/ready`, the service's own routes).
    public var http = HTTP()
    /// The consumer pipeline.
    public var consumer = Consumer()
    /// The outbox relay.
    public var relay = Relay()
    /// How long inbox rows are kept (duplicates older than this are no longer detected). Default 7 days.
    public var inboxRetention: Duration = .seconds(7 * 24 * 3600)
    /// How long sent outbox rows are kept for inspection. Default 1 hour.
    public var sentOutboxRetention: Duration = .seconds(3600)
    /// How long a graceful stop may take in all (in-flight handlers, then the outbox flush). Default 30 s.
    public var shutdownTimeout: Duration = .seconds(30)
    /// Readiness fails when the oldest unsent outbox row is older than this. Default 30 s.
    public var maxOutboxLag: Duration = .seconds(30)
    /// Whether to check the broker topology before starting. Default `true`.
    public var checkTopology = true
    /// How bearer tokens and actor tokens are verified; `nil` refuses every token (routes that need one answer
    /// 401, commands carrying one are refused). Set by ``ServiceMain`` from ``IdentityConfiguration/environment(_:)``.
    public var identity: IdentityConfiguration?
    /// The broker users of the hub's operators (the CLI's user): they may send any message type, and their
    /// commands without an actor token act with operator authority. Set by ``ServiceMain`` from
    /// `PASSERELLE_OPERATOR_USERS` (default: the user of `PASSERELLE_AMQP_URL`).
    public var operatorUsers: Set<String> = []

    /// The HTTP listener settings.
    public struct HTTP: Sendable {
        /// The address to bind. Default `127.0.0.1`.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one. Default 0.
        public var port = 0
        /// Creates the default settings.
        public init() {}
    }

    /// The consumer pipeline settings.
    public struct Consumer: Sendable {
        /// The most unacknowledged deliveries per queue (`basic.qos`). `nil` uses the topology's prefetch.
        public var prefetch: Int?
        /// How many deliveries one transaction may handle (1 = one transaction per message).
        public var batchSize = 1
        /// The pauses of the in-process retries of a transient failure, before the broker delay levels
        /// (each jittered by ±25 %). Default 50 ms, 200 ms, 800 ms.
        public var inProcessRetries: [Duration] = [.milliseconds(50), .milliseconds(200), .milliseconds(800)]
        /// The circuit breaker.
        public var breaker = CircuitBreaker.Settings()
        /// Creates the default settings.
        public init() {}
    }

    /// The outbox relay settings.
    public struct Relay: Sendable {
        /// Rows read and published per round. Default 1000.
        public var batchSize = 1000
        /// Concurrent relay workers, each on its own share of the partitions (their publishes overlap).
        /// Default 3.
        public var workers = 3
        /// How often the relay looks for due rows when no notification came. Default 500 ms.
        public var pollInterval: Duration = .milliseconds(500)
        /// The longest pause after a failed publish of a row (doubling from 1 s). Default 5 minutes.
        public var maxBackoff: Duration = .seconds(300)
        /// Creates the default settings.
        public init() {}
    }

    /// Creates a configuration.
    public init(amqp: AMQPConfiguration, postgres: PostgresConfiguration) {
        self.amqp = amqp
        self.postgres = postgres
    }

    /// Reads the configuration of service `name` from the environment:
    ///
    /// - `PASSERELLE_AMQP_URL` (the broker; the user is replaced by `svc-<name>` with the password from
    ///   `PASSERELLE_SECRET_<NAME>` or `$PASSERELLE_HOME/secrets/<name>` unless `PASSERELLE_<NAME>_AMQP_URL`
    ///   gives the whole URL), and `PASSERELLE_VHOST` (default `passerelle`);
    /// - `PASSERELLE_PG_URL` or the `PG*` variables for the host, port and database; the user is replaced by
    ///   `svc_<name>` with the password from `PASSERELLE_SECRET_PG_<NAME>` or `$PASSERELLE_HOME/secrets/pg-<name>`
    ///   (written by `passerelle db provision`) unless `PASSERELLE_<NAME>_PG_URL` gives the whole URL;
    ///   `PASSERELLE_<NAME>_PG_OWNER` names the role migrations run as (default `<name>_owner`; empty for the
    ///   connected role);
    /// - `PASSERELLE_<NAME>_HTTP_PORT` (default 0), `PASSERELLE_<NAME>_HTTP_HOST` (default `127.0.0.1`),
    ///   `PASSERELLE_<NAME>_BATCH` (default 1).
    ///
    /// - Throws: ``ServiceRuntimeError`` naming the variable that is invalid.
    public static func environment(service name: String) throws -> ServiceConfiguration {
        let env = ProcessInfo.processInfo.environment
        let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
        var amqp: AMQPConfiguration
        if let url = env["PASSERELLE_\(upper)_AMQP_URL"] {
            amqp = try AMQPConfiguration(url: url)
        } else {
            amqp = try AMQPConfiguration(url: env["PASSERELLE_AMQP_URL"] ?? "amqp://localhost:5672/%2F")
            amqp.virtualHost = env["PASSERELLE_VHOST"] ?? "passerelle"
            amqp.username = "svc-\(name)"
            amqp.password = try Self.secret(service: name, env: env)
        }
        amqp.connectionName = "passerelle \(name)"
        var postgres: PostgresConfiguration
        if let url = env["PASSERELLE_\(upper)_PG_URL"] {
            postgres = try PostgresConfiguration(connectionString: url)
        } else {
            postgres = try env["PASSERELLE_PG_URL"].map { url throws(PostgresError) in try PostgresConfiguration(connectionString: url) }
                ?? PostgresConfiguration.environment()
            postgres.user = Self.postgresLogin(service: name)
            postgres.password = try Self.postgresSecret(service: name, env: env)
        }
        postgres.options.applicationName = "passerelle \(name)"
        var configuration = ServiceConfiguration(amqp: amqp, postgres: postgres)
        let owner = env["PASSERELLE_\(upper)_PG_OWNER"] ?? PostgresServiceRole.Names.defaultOwner(service: name)
        configuration.postgresOwner = owner.isEmpty ? nil : owner
        if let text = env["PASSERELLE_\(upper)_HTTP_PORT"] {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ServiceRuntimeError(.invalidConfiguration, "PASSERELLE_\(upper)_HTTP_PORT must be a port number 0–65535, got \(text)")
            }
            configuration.http.port = port
        }
        if let host = env["PASSERELLE_\(upper)_HTTP_HOST"], !host.isEmpty {
            configuration.http.host = host
        }
        if let text = env["PASSERELLE_\(upper)_BATCH"] {
            guard let batch = Int(text), (1...1000).contains(batch) else {
                throw ServiceRuntimeError(.invalidConfiguration, "PASSERELLE_\(upper)_BATCH must be 1–1000, got \(text)")
            }
            configuration.consumer.batchSize = batch
        }
        return configuration
    }

    /// The PostgreSQL role service `name` logs in as: the user of `PASSERELLE_<NAME>_PG_URL` when it names one,
    /// else `svc_<name>`. `passerelle doctor` checks that it is not a superuser.
    ///
    /// - Parameters:
    ///   - name: The service.
    ///   - environment: The process environment.
    /// - Returns: The role name, or `nil` when the whole URL names no user (libpq then takes `PGUSER`).
    public static func postgresUser(service name: String, environment: [String: String]) -> String? {
        let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
        guard let url = environment["PASSERELLE_\(upper)_PG_URL"] else {
            return Self.postgresLogin(service: name)
        }
        return (try? PostgresConfiguration(connectionString: url))?.user ?? environment["PGUSER"]
    }

    /// `svc_<name>`, the login role `passerelle db provision` creates for service `name`.
    static func postgresLogin(service name: String) -> String {
        PostgresServiceRole.Names.defaultLogin(service: name)
    }

    /// `pg-<name>`: the secret holding the password of service `name`'s PostgreSQL login role, read from
    /// `PASSERELLE_SECRET_PG_<NAME>` or `$PASSERELLE_HOME/secrets/pg-<name>`.
    public static func postgresSecretName(service name: String) -> String { "pg-\(name)" }

    private static func postgresSecret(service: String, env: [String: String]) throws -> String {
        let store = Self.secretStore(env: env)
        let secret = Self.postgresSecretName(service: service)
        guard let password = store.existingPassword(for: secret) else {
            let path = store.directory.appendingPathComponent(secret).path
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "no PostgreSQL password for \(Self.postgresLogin(service: service)): set \(SecretStore.variable(for: secret)) "
                    + "or run `passerelle db provision --service \(service)` (writes \(path)), or give the whole URL in "
                    + "PASSERELLE_\(service.uppercased().replacingOccurrences(of: "-", with: "_"))_PG_URL")
        }
        return password
    }

    private static func secretStore(env: [String: String]) -> SecretStore {
        let home = env["PASSERELLE_HOME"] ?? ".passerelle"
        return SecretStore(directory: URL(fileURLWithPath: home).appendingPathComponent("secrets"), environment: env)
    }

    private static func secret(service: String, env: [String: String]) throws -> String {
        let store = Self.secretStore(env: env)
        guard let password = store.existingPassword(for: service) else {
            let path = store.directory.appendingPathComponent(service).path
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "no broker password for svc-\(service): set \(SecretStore.variable(for: service)) or run `passerelle topology apply` (writes \(path))")
        }
        return password
    }
}
