public import Hummingbird
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
    /// Adds the service's own routes to its HTTP listener; the host gives access to transactions.
    public var routes: (@Sendable (Router<BasicRequestContext>, ServiceHost) -> Void)?

    /// Creates a definition.
    public init(
        name: String,
        migrations: [PostgresMigration] = [],
        handlers: ServiceHandlers = ServiceHandlers(),
        routes: (@Sendable (Router<BasicRequestContext>, ServiceHost) -> Void)? = nil
    ) {
        self.name = name
        self.migrations = migrations
        self.handlers = handlers
        self.routes = routes
    }
}
