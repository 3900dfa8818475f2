public import ContractMessaging
import Contracts
public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import JSONSchema
import Logging
import Messaging
import PasserelleOps
public import Identity
public import ServiceRuntime
import Storage
import Synchronization
import Topology

/// A service running for a test, on the in-memory broker or on the real RabbitMQ, with a PostgreSQL
/// database of its own; everything is removed afterwards.
///
/// ```swift
/// try await ServiceTestBed.run(LibraryService.definition(), broker: .inMemory) { bed in
///     try await bed.send(RecordCreate(recordId: id, title: "First"))
///     #expect(try await bed.published(RecordCreated.self, count: 1).map(\.recordId) == [id])
///     #expect(try await bed.count("SELECT count(*) FROM records") == 1)
/// }
/// ```
///
/// The servers are those of `scripts/infra` (`eval "$(scripts/infra env)"`): `PASSERELLE_AMQP_URL`,
/// `PASSERELLE_AMQP_MANAGEMENT_URL` and the `PG*` variables. On RabbitMQ the bed makes its own vhost and
/// service users and applies the topology derived from the contracts, as `passerelle topology apply` does. In
/// its database it provisions the service's PostgreSQL roles as `passerelle db provision` does (with a prefix of
/// their own, see ``TestServiceRoles``), and the service connects with its login role and migrates as the
/// owner role, on either broker: a test passes only if those rights suffice.
public struct ServiceTestBed: Sendable {
    public enum Broker: String, Sendable {
        /// ``InMemoryBroker``: no RabbitMQ, the same runtime.
        case inMemory
        /// The RabbitMQ of `scripts/infra`.
        case rabbitMQ
    }

    /// Whether the servers are there to run on: the environment names a broker, or
    /// `PASSERELLE_REQUIRE_INTEGRATION=1` (then missing servers fail the test instead of skipping it).
    public static var serversConfigured: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["PASSERELLE_AMQP_URL"] != nil || environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }

    /// The running service (a new one after ``restart(with:)``).
    public var host: ServiceHost { self.running.host }
    let running: RunningHost
    public let catalog: MessageCatalog
    /// The identity provider the service trusts in this bed: mint tokens with ``token(subject:email:roles:siren:siret:ttl:)``.
    public let identity: DevelopmentIdentityProvider
    let hub: ContractHub
    /// Publishes a message as a sender.
    let route: @Sendable (AMQPOutboundMessage, Sender) async throws -> Void
    let tap: EventTap

    /// Runs `definition` for `body`, then stops it and removes its vhost, users and database.
    ///
    /// - Parameters:
    ///   - contracts: The contracts folder; default `$PASSERELLE_CONTRACTS`, else `contracts` in the current
    ///     directory (where `swift test` runs).
    ///   - configure: Changes to the service configuration (retries, batch size…).
    public static func run(
        _ definition: ServiceDefinition, broker: Broker, contracts: URL? = nil,
        configure: (inout ServiceConfiguration) -> Void = { _ in },
        _ body: (ServiceTestBed) async throws -> Void
    ) async throws {
        let environment = ProcessInfo.processInfo.environment
        let folder = contracts ?? URL(fileURLWithPath: environment["PASSERELLE_CONTRACTS"] ?? "contracts")
        let loaded = ContractLoader(root: folder).load()
        if let error = loaded.errors.first { throw error }
        let catalog = try MessageCatalog(hub: loaded.hub)
        let suffix = String(UUID().uuidString.lowercased().prefix(8))
        let world = try TestWorld(service: definition.name, suffix: suffix, environment: environment)
        let topology = try TopologyDerivation(settings: world.settings).derive(from: loaded.hub)
        let database = try await world.createDatabase()
        var cleanups: [@Sendable () async -> Void] = [{ await world.dropDatabase(database) }]
        do {
            let roles = try await TestServiceRoles.provision(
                services: [definition.name], database: database, admin: world.postgres(database: nil),
                prefix: world.rolePrefix)
            // Dropped after the database (cleanups run in reverse order), which holds their privileges.
            cleanups.insert({ await roles.drop(admin: world.postgres(database: nil)) }, at: 0)
            var configuration = ServiceConfiguration(amqp: try world.guest(), postgres: world.postgres(database: database))
            try roles.connect(&configuration, as: definition.name)
            configuration.consumer.inProcessRetries = [.milliseconds(20), .milliseconds(40)]
            configuration.relay.pollInterval = .milliseconds(100)
            configuration.shutdownTimeout = .seconds(10)
            let identity = try DevelopmentIdentityProvider.createIfMissing(in: world.secrets.directory.appendingPathComponent("identity"))
            let operatorUser = try world.guest().username
            configuration.identity = IdentityConfiguration(
                verifier: .init(
                    issuer: identity.issuer, audience: DevelopmentIdentityProvider.defaultAudience,
                    keySet: .file(identity.keySetURL.path)))
            configuration.operatorUsers = [operatorUser]
            configure(&configuration)
            let logger = Logger(label: "passerelle.test-bed")
            let bed: ServiceTestBed
            switch broker {
            case .inMemory:
                let memory = InMemoryBroker(topology: topology)
                // The service's own user, as on RabbitMQ: distinct from the operator's.
                configuration.amqp.username = world.userPrefix + definition.name
                let serviceUser = configuration.amqp.username
                let configured = configuration
                let running = RunningHost { definition in
                    try ServiceHost(
                        definition: definition, configuration: configured, catalog: catalog, topology: topology,
                        logger: logger, transport: { memory.transport(user: serviceUser) })
                }
                let prefix = world.userPrefix
                bed = ServiceTestBed(
                    running: running, catalog: catalog, identity: identity, hub: loaded.hub,
                    route: { message, sender in
                        var message = message
                        if message.properties.userID == nil {
                            switch sender {
                            case .owner, .operator: message.properties.userID = operatorUser
                            case .service(let context): message.properties.userID = prefix + context
                            case .unauthenticated: break
                            }
                        }
                        _ = try memory.publish(message)
                    },
                    tap: EventTap { memory.publishLog })
            case .rabbitMQ:
                cleanups.append { await world.removeBroker() }
                try await world.applyTopology(topology)
                configuration.amqp = try world.serviceUser(definition.name)
                let configured = configuration
                let running = RunningHost { definition in
                    try ServiceHost(
                        definition: definition, configuration: configured, catalog: catalog, topology: topology, logger: logger)
                }
                let connection = try await AMQPConnection.connect(try world.guest(), logger: logger)
                cleanups.append { await connection.close() }
                let senders = SenderConnections(world: world, operator: try await connection.makePublisher(), logger: logger)
                cleanups.append { await senders.close() }
                let tap = try await EventTap.listen(
                    on: connection, exchanges: Set(topology.exchanges.map(\.name).filter { $0.hasSuffix(".events") }),
                    queue: "test-bed.tap.\(suffix)")
                bed = ServiceTestBed(
                    running: running, catalog: catalog, identity: identity, hub: loaded.hub,
                    route: { message, sender in
                        let publisher = try await senders.publisher(for: sender)
                        for result in await publisher.publish([message]) { _ = try result.get() }
                    }, tap: tap)
            }
            try await bed.running.start(definition)
            do {
                try await body(bed)
                try await bed.running.stop()
            } catch {
                try? await bed.running.stop()
                throw error
            }
        } catch {
            for cleanup in cleanups.reversed() { await cleanup() }
            throw error
        }
        for cleanup in cleanups.reversed() { await cleanup() }
    }

    /// Stops the service gracefully and starts it again on the same database and broker, as a process restart
    /// would: nothing in memory survives, `definition` (a fresh one, e.g. with a clock moved forward) replaces the
    /// old one.
    public func restart(with definition: ServiceDefinition) async throws {
        try await self.running.stop()
        try await self.running.start(definition)
    }

    /// Who publishes a message the bed sends.
    public enum Sender: Sendable, Hashable {
        /// The real sender of the type: the service user of the context that owns it (an event of
        /// `procurement` comes from the procurement service), or the operator for the service's own commands.
        case owner
        /// The operator: the CLI's broker user.
        case `operator`
        /// The service user of a context.
        case service(String)
        /// A connection that sets no `user_id` (a client that does not say who it is).
        case unauthenticated
    }

    /// Sends a message as its sender would: validated against its contract, to its exchange, published by
    /// the broker user of `sender` (RabbitMQ stamps and validates the `user_id`).
    ///
    /// - Parameters:
    ///   - actorToken: The token of the person the command is made for (``ActorToken/header``).
    ///   - sender: Who publishes it; by default the owner of its type.
    ///   - properties: Last changes to the AMQP properties (a forged `user_id`, a hostile header…).
    public func send<Message: ContractMessage>(
        _ message: Message, actorToken: String? = nil, as sender: Sender = .owner,
        properties change: (inout AMQPProperties) -> Void = { _ in }
    ) async throws {
        let (event, exchange) = try self.catalog.makeEvent(message, envelope: TypedPublisher.Envelope(), source: "/test/sender")
        var properties = CloudEventAMQPMapping.properties(for: event)
        if let actorToken { properties.headers[ActorToken.header] = .string(actorToken) }
        change(&properties)
        let owner = String(Message.messageType.prefix { $0 != "." })
        let resolved: Sender = sender == .owner ? (owner == self.host.definition.name ? .operator : .service(owner)) : sender
        try await self.route(
            AMQPOutboundMessage(exchange: exchange, routingKey: event.type, body: event.data, properties: properties), resolved)
    }

    /// The messages of `type` published so far, once at least `count` arrived and the outbox is empty (so
    /// a duplicate would show); throws after `timeout`.
    public func published<Message: ContractMessage>(
        _ type: Message.Type, count: Int, timeout: Duration = .seconds(20)
    ) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let bodies = self.tap.bodies(Message.messageType)
            if bodies.count >= count, try await self.host.outboxDue() == 0 {
                try await Task.sleep(for: .milliseconds(300))
                return try self.tap.bodies(Message.messageType).map {
                    try ContractCoding.makeDecoder().decode(Message.self, from: Data($0))
                }
            }
            guard ContinuousClock.now < deadline else {
                throw ServiceRuntimeError(.shuttingDown, "\(bodies.count) of \(count) \(Message.messageType) after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// An example of the contracts (the first, or the one called `name`) as a value, to send or to start from.
    public func example<Message: ContractMessage>(_ type: Message.Type, named name: String? = nil) throws -> Message {
        guard let example = self.hub.messages[Message.messageType]?.examples.first(where: { name == nil || $0.name == name })
        else {
            throw ServiceRuntimeError(.invalidMessage, "no example \(name ?? "") of \(Message.messageType) in the contracts")
        }
        return try ContractCoding.makeDecoder().decode(Message.self, from: Data(example.payload.jsonString().utf8))
    }

    /// Waits until `condition` holds; throws after `timeout`.
    public func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                throw ServiceRuntimeError(.shuttingDown, "the condition did not hold within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// `GET path` on the service's HTTP listener: the status and the body.
    public func get(_ path: String) async throws -> (status: Int, body: Data) {
        let url = URL(string: "http://127.0.0.1:\(try await self.host.httpPort())\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// A single number from the service's own schema, e.g. `SELECT count(*) FROM records`.
    public func count(_ sql: String) async throws -> Int {
        try await self.host.withTransaction { transaction in
            let rows = try await transaction.query("\(unescaped: sql)")
            return try rows.first.map { Int(try $0.decode(Int64.self, at: 0)) } ?? 0
        }
    }
}

/// The bed's current service and its harness; ``ServiceTestBed/restart(with:)`` replaces both.
final class RunningHost: Sendable {
    private let make: @Sendable (ServiceDefinition) throws -> ServiceHost
    private let state = Mutex<(host: ServiceHost?, harness: ServiceHarness?)>((nil, nil))

    init(make: @escaping @Sendable (ServiceDefinition) throws -> ServiceHost) {
        self.make = make
    }

    var host: ServiceHost { self.state.withLock { $0.host }! }

    func start(_ definition: ServiceDefinition) async throws {
        let host = try self.make(definition)
        self.state.withLock { $0 = (host, nil) }
        let harness = try await ServiceHarness.start(host)
        self.state.withLock { $0.harness = harness }
    }

    func stop() async throws {
        let harness = self.state.withLock { state -> ServiceHarness? in
            defer { state.harness = nil }
            return state.harness
        }
        try await harness?.stop()
    }
}
