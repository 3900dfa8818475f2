public import ContractMessaging
import Contracts
public import Foundation
public import Logging
import Messaging
import Hummingbird
public import Identity
import ServiceLifecycle
import UnixSignals
import Storage
import Synchronization
public import Topology

/// Runs a service: migrations, topology check, then a `ServiceGroup` of the PostgreSQL pool, the HTTP
/// listener and the runtime (consumers, outbox relay, housekeeping), until SIGTERM or SIGINT.
///
/// ```swift
/// let host = try ServiceHost.load(definition: definition, configuration: .environment(service: "procurement"),
///                                 contracts: URL(fileURLWithPath: "contracts"), logger: logger)
/// try await host.run()
/// ```
public final class ServiceHost: Sendable {
    /// The service.
    public let definition: ServiceDefinition
    /// How it runs.
    public let configuration: ServiceConfiguration
    /// Its metrics (served on `/metrics`).
    public let metrics: RuntimeMetrics
    /// Its readiness facts (served on `/health/ready`).
    public let health: HealthState
    /// The consumer queues it reads, from the derived topology.
    public let queues: [BrokerTopology.ConsumerQueue]

    let catalog: MessageCatalog
    let topology: BrokerTopology
    let service: BrokerTopology.Service
    let logger: Logger
    let client: PostgresClient
    let database: ServiceDatabase
    let makeTransport: @Sendable () async throws -> any RuntimeTransport
    /// Verifies the bearer tokens of the HTTP routes and the actor tokens of commands; `nil` without an
    /// identity configuration (every token is then refused).
    public let verifier: TokenVerifier?

    private struct State {
        var group: ServiceGroup?
        var stopRequested = false
        var started = false
        var http: ObservabilityServer?
    }

    private let state = Mutex(State())

    /// Creates a host.
    ///
    /// - Parameters:
    ///   - definition: The service.
    ///   - configuration: Where the broker and database are, and the tuning.
    ///   - catalog: The contracts' message catalog.
    ///   - topology: The derived broker topology (the service's queues, retry levels, prefetch).
    ///   - logger: The logger.
    ///   - transport: Makes the transport; default RabbitMQ through ``AMQPRuntimeTransport``. The test kit
    ///     passes its in-memory broker.
    /// - Throws: ``ServiceRuntimeError`` when the service is not in the topology, a handler is missing for
    ///   a message type its queues receive, or a handler's type reaches none of its queues.
    public init(
        definition: ServiceDefinition,
        configuration: ServiceConfiguration,
        catalog: MessageCatalog,
        topology: BrokerTopology,
        logger: Logger,
        transport: (@Sendable () async throws -> any RuntimeTransport)? = nil
    ) throws {
        guard let service = topology.services.first(where: { $0.context == definition.name }) else {
            throw ServiceRuntimeError(.invalidConfiguration, "service \(definition.name) is not a context of the contracts")
        }
        let received = Set(service.queues.flatMap(\.messageTypes))
        var definition = definition
        definition.handlers = definition.handlers.resolved(receiving: received)
        let handled = Set(definition.handlers.messageTypes)
        if let missing = received.subtracting(handled).sorted().first {
            throw ServiceRuntimeError(
                .handlerRegistration, "service \(definition.name) receives \(missing) (per its contracts) but registers no handler for it")
        }
        if let extra = handled.subtracting(received).sorted().first {
            throw ServiceRuntimeError(
                .handlerRegistration, "service \(definition.name) has a handler for \(extra), which none of its queues receives")
        }
        let verifier = configuration.identity.map { TokenVerifier(settings: $0.verifier) }
        definition.handlers.authorize(
            with: MessageAuthorization(
                ownContext: definition.name, ownUser: configuration.amqp.username,
                // The services' users, and the partners' bridge users (`svc-prefecture` publishes the prefecture's events).
                users: Dictionary(
                    topology.services.compactMap { service in service.user.map { (service.context, $0) } }
                        + topology.users.compactMap { user in user.context.map { ($0, user.name) } }
                ) { a, _ in a },
                operators: configuration.operatorUsers,
                declared: definition.handlers.senders.merging(
                    catalog.entries.mapValues { Set($0.senders) }.filter { !$0.value.isEmpty }) { $0.union($1) },
                verifier: verifier))
        let schema = try PostgresIdentifier(definition.name)
        var logger = logger
        logger[metadataKey: "service"] = "\(definition.name)"
        self.definition = definition
        self.configuration = configuration
        self.catalog = catalog
        self.topology = topology
        self.service = service
        self.queues = service.queues
        self.logger = logger
        self.metrics = RuntimeMetrics(service: definition.name)
        self.health = HealthState(maxOutboxLag: configuration.maxOutboxLag)
        self.verifier = verifier
        // Every relay worker and every consumer holds a connection while it works; keep two for the
        // gauges, housekeeping and the service's own transactions.
        var postgres = configuration.postgres
        postgres.options.poolSize = max(postgres.options.poolSize, configuration.relay.workers + service.queues.count + 4)
        self.client = PostgresClient(configuration: postgres, logger: logger)
        self.database = ServiceDatabase(client: self.client, schema: schema, source: "/passerelle/\(definition.name)", catalog: catalog)
        let amqp = configuration.amqp
        let transportLogger = logger
        // Room for every relay worker's whole round in flight at once: with a smaller window the workers
        // queue behind each other and throughput is capped at window ÷ confirm latency.
        let window = max(1000, configuration.relay.workers * configuration.relay.batchSize)
        self.makeTransport = transport ?? { try await AMQPRuntimeTransport.connect(amqp, window: window, logger: transportLogger) }
    }

    /// Creates a host from the contracts folder and the topology settings file.
    ///
    /// - Parameters:
    ///   - contracts: The `contracts/` folder.
    ///   - settings: `topology/passerelle.yaml`; `nil` uses the defaults.
    /// - Throws: ``ContractError``, ``TopologyError`` or ``ServiceRuntimeError``.
    public static func load(
        definition: ServiceDefinition, configuration: ServiceConfiguration, contracts: URL, settings: URL?,
        logger: Logger, transport: (@Sendable () async throws -> any RuntimeTransport)? = nil
    ) throws -> ServiceHost {
        let loaded = ContractLoader(root: contracts).load()
        if let error = loaded.errors.first {
            throw error
        }
        let catalog = try MessageCatalog(hub: loaded.hub)
        let topologySettings = try settings.map { url throws(TopologyError) in try TopologySettings(contentsOf: url) } ?? TopologySettings()
        let topology = try TopologyDerivation(settings: topologySettings).derive(from: loaded.hub)
        return try ServiceHost(
            definition: definition, configuration: configuration, catalog: catalog, topology: topology, logger: logger,
            transport: transport)
    }

    /// Runs the service until a graceful shutdown (SIGTERM, SIGINT, or ``stop()``), then returns.
    ///
    /// Before the group starts: pending migrations are applied (runtime tables, then the service's) and the
    /// broker topology is checked.
    ///
    /// - Parameter signals: Whether SIGTERM and SIGINT trigger the graceful shutdown. Default `true`.
    /// - Throws: ``ServiceRuntimeError``, ``PostgresError`` or ``AMQPError`` when starting fails.
    public func run(signals: Bool = true) async throws {
        do {
            try await self.prepareDatabase()
        } catch {
            await self.client.close()
            throw error
        }
        let transport: any RuntimeTransport
        do {
            transport = try await self.makeTransport()
        } catch {
            await self.client.close()
            throw error
        }
        do {
            if self.configuration.checkTopology {
                let needs = TopologyCheck.requirements(service: self.service, topology: self.topology)
                try await TopologyCheck.verify(queues: needs.queues, exchanges: needs.exchanges, transport: transport)
            }
        } catch {
            await transport.close()
            await self.client.close()
            throw error
        }
        let context = RuntimeContext(
            service: self.definition.name, schema: self.database.schema, configuration: self.configuration,
            client: self.client, transport: transport, catalog: self.catalog, handlers: self.definition.handlers,
            metrics: self.metrics, health: self.health, logger: self.logger)
        let core = RuntimeCore(context: context, queues: self.queues) { [weak self] in
            self?.state.withLock { $0.started = true }
        }
        let http = self.makeHTTPServer()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: self.client),
                    .init(service: http),
                    .init(service: core),
                    .init(service: WorkerGroup(host: self, workers: self.definition.workers, logger: self.logger)),
                ],
                gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
                logger: self.logger))
        let stopEarly = self.state.withLock { state -> Bool in
            state.group = group
            return state.stopRequested
        }
        if stopEarly {
            await group.triggerGracefulShutdown()
        }
        try await group.run()
        self.logger.info("service stopped")
    }

    /// Starts a graceful shutdown, as SIGTERM would.
    public func stop() async {
        let group = self.state.withLock { state -> ServiceGroup? in
            state.stopRequested = true
            return state.group
        }
        await group?.triggerGracefulShutdown()
    }

    /// Waits until the consumers and the relay run.
    ///
    /// - Throws: ``ServiceRuntimeError`` after `timeout`.
    public func waitUntilStarted(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !self.state.withLock({ $0.started }) {
            guard ContinuousClock.now < deadline else {
                throw ServiceRuntimeError(.shuttingDown, "service \(self.definition.name) did not start within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The port the HTTP listener is bound to; waits until it listens.
    ///
    /// - Throws: ``ServiceRuntimeError`` when the service is not running or the listener failed.
    public func httpPort() async throws -> Int {
        guard let server = self.state.withLock({ $0.http }) else {
            throw ServiceRuntimeError(.shuttingDown, "service \(self.definition.name) is not running")
        }
        return try await server.boundPort()
    }

    /// Runs `body` in a transaction on the service's schema; messages it publishes go to the outbox and are
    /// sent after the commit (for commands from the CLI or HTTP, and timers).
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (ServiceTransaction) async throws -> Result
    ) async throws -> Result {
        try await self.database.withTransaction(cause: nil, body)
    }

    /// The number of unsent outbox rows that are due.
    public func outboxDue() async throws -> Int {
        try await self.database.dueCount()
    }

    /// Deletes sent outbox rows and inbox rows older than their retention now (the runtime also does it
    /// every minute).
    ///
    /// - Returns: How many outbox and inbox rows were deleted.
    @discardableResult
    public func cleanUp() async throws -> (outbox: Int, inbox: Int) {
        try await Housekeeping.cleanUp(client: self.client, schema: self.database.schema, configuration: self.configuration)
    }

    /// Applies the pending migrations, as the schema's owner role when the configuration names one; a refusal
    /// of the server (no such role, not a member of it, no right to create the schema) becomes a configuration
    /// error that says how to provision the roles.
    private func prepareDatabase() async throws {
        let migrations = try RuntimeSchema.migrations(service: self.definition.migrations)
        let owner = self.configuration.postgresOwner
        let applied: [PostgresMigration]
        do {
            applied = try await PostgresMigrations(schema: self.definition.name, migrations: migrations, owner: owner)
                .apply(using: self.client)
        } catch let error as PostgresError
            where error.sqlState == .insufficientPrivilege || error.sqlState?.rawValue == "22023"
        {
            let user = self.configuration.postgres.user ?? "the configured user"
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "the migrations of \(self.definition.name) (as \(user)\(owner.map { ", role \($0)" } ?? "")) were refused: "
                    + "\(error); run `passerelle db provision --service \(self.definition.name)` with an administrator's "
                    + "PASSERELLE_PG_URL")
        }
        if !applied.isEmpty {
            self.logger.info("migrations applied", metadata: ["versions": "\(applied.map(\.version))"])
        }
        self.health.setMigrationsApplied(true)
    }

    /// The service's routes for its listener (`nil` when it has none).
    var serviceRoutes: ObservabilityServer.Routes? {
        guard let routes = self.definition.routes else { return nil }
        return { [unowned self] declared in routes(declared, self) }
    }

    /// Every route of the service's listener with its declared rule, for the route table and its test.
    ///
    /// - Throws: ``ServiceRuntimeError`` when a route has no rule (the listener would not start either).
    public func routeTable() throws -> [ServiceRoutes.Declaration] {
        try ObservabilityServer.makeRoutes(
            metrics: self.metrics, health: self.health, routes: self.serviceRoutes, verifier: self.verifier,
            limiter: RateLimiter()
        ).1.declarations
    }

    private func makeHTTPServer() -> ObservabilityServer {
        let http = ObservabilityServer.Configuration(host: self.configuration.http.host, port: self.configuration.http.port)
        let server = ObservabilityServer(
            configuration: http, metrics: self.metrics, health: self.health, logger: self.logger,
            routes: self.serviceRoutes, verifier: self.verifier)
        self.state.withLock { $0.http = server }
        return server
    }
}
