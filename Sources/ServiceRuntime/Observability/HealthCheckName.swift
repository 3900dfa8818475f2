/// The names of the checks in a ``HealthReport``.
public enum HealthCheckName {
    /// Liveness: the process answers.
    public static let process = "process"
    /// Readiness: the broker connection is open.
    public static let broker = "broker"
    /// Readiness: the consumers are consuming.
    public static let consumers = "consumers"
    /// Readiness: the database migrations are applied.
    public static let migrations = "migrations"
    /// Readiness: the outbox lag is under the threshold.
    public static let outbox = "outbox"
    /// Readiness: the service is not shutting down.
    public static let shutdown = "shutdown"
}
