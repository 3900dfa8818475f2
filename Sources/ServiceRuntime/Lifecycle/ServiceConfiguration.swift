import Foundation
public import Messaging
public import Storage
import Topology

/// How a service runs: where the broker and the database are, and the runtime's tuning.
public struct ServiceConfiguration: Sendable {
    /// The broker: the service's own user (`svc-<name>`) and the platform vhost.
    public var amqp: AMQPConfiguration
    /// The database; the service works in the schema named after it.
    public var postgres: PostgresConfiguration
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
    /// - `PASSERELLE_PG_URL` or the `PG*` variables;
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
        let postgres: PostgresConfiguration
        if let url = env["PASSERELLE_PG_URL"] {
            postgres = try PostgresConfiguration(connectionString: url)
        } else {
            postgres = PostgresConfiguration.environment()
        }
        var configuration = ServiceConfiguration(amqp: amqp, postgres: postgres)
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

    private static func secret(service: String, env: [String: String]) throws -> String {
        let home = env["PASSERELLE_HOME"] ?? ".passerelle"
        let store = SecretStore(directory: URL(fileURLWithPath: home).appendingPathComponent("secrets"), environment: env)
        guard let password = store.existingPassword(for: service) else {
            let path = store.directory.appendingPathComponent(service).path
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "no broker password for svc-\(service): set \(SecretStore.variable(for: service)) or run `passerelle topology apply` (writes \(path))")
        }
        return password
    }
}
