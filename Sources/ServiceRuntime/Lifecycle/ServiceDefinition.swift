public import Storage

/// What a service author writes: the name, the migrations of its schema, its handlers, and optionally
/// HTTP routes on the service's listener.
public struct ServiceDefinition: Sendable {
    /// The bounded context name (`procurement`): its contracts' context, its schema, its broker user
    /// `svc-<name>`, its retry exchange `<name>.retry`.
    public var name: String
    /// The service's own migrations, versions ≥ 100 (1–99 are the runtime's).
    public var migrations: [PostgresMigration]
    /// The handlers, by message type.
    public var handlers: ServiceHandlers
    /// Adds the service's own routes to its HTTP listener, each with its access rule; the host gives access
    /// to transactions.
    public var routes: (@Sendable (ServiceRoutes, ServiceHost) -> Void)?
    /// Background loops of the service (a delivery worker, a timer sweeper). Each runs once the consumers
    /// and the relay run, and is cancelled first on a graceful stop, before the outbox flush; a loop that
    /// throws is logged and started again after a second.
    public var workers: [Worker]

    /// A named background loop; see ``ServiceDefinition/workers``.
    public struct Worker: Sendable {
        /// The name used in logs.
        public var name: String
        /// The loop; it should return or throw `CancellationError` when its task is cancelled.
        public var run: @Sendable (ServiceHost) async throws -> Void

        /// Creates a worker.
        public init(_ name: String, run: @escaping @Sendable (ServiceHost) async throws -> Void) {
            self.name = name
            self.run = run
        }
    }

    /// Creates a definition.
    public init(
        name: String,
        migrations: [PostgresMigration] = [],
        handlers: ServiceHandlers = ServiceHandlers(),
        routes: (@Sendable (ServiceRoutes, ServiceHost) -> Void)? = nil,
        workers: [Worker] = []
    ) {
        self.name = name
        self.migrations = migrations
        self.handlers = handlers
        self.routes = routes
        self.workers = workers
    }
}
