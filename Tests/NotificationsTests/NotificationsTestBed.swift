import ContractMessaging
import ContractTypes
import Contracts
import Foundation
import Identity
import JSONSchema
import Logging
import Mailer
import Messaging
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import Topology

@testable import NotificationsService

/// Whether the service tests run: the same rule as Tests/IntegrationTests (a broker URL in the environment, or
/// `PASSERELLE_REQUIRE_INTEGRATION=1`). They use the real local PostgreSQL and the in-memory broker.
enum ServiceTestGate {
    static let environment = ProcessInfo.processInfo.environment
    static var isConfigured: Bool {
        environment["PASSERELLE_AMQP_URL"] != nil || environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }
}

/// The notifications service on the in-memory broker with a database of its own, a fake mail transport and a
/// development identity provider of its own (``token(_:email:roles:siren:siret:)`` mints bearer tokens the
/// service accepts). Events are published with the validated `user_id` of their real sender.
final class NotificationsTestBed: Sendable {
    static let contractsURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")
    static let loaded: (catalog: MessageCatalog, topology: BrokerTopology) = {
        let loaded = ContractLoader(root: contractsURL).load()
        let catalog = try! MessageCatalog(hub: loaded.hub)
        let topology = try! TopologyDerivation(settings: TopologySettings()).derive(from: loaded.hub)
        return (catalog, topology)
    }()

    /// The broker user the service runs as, and the operator's (the CLI's) user.
    static let serviceUser = "svc-notifications"
    static let operatorUser = "passerelle-cli"

    let database: String
    let broker: InMemoryBroker
    let mail: FakeMailTransport
    let settings: NotificationsSettings
    let harness: ServiceHarness
    let identity: DevelopmentIdentityProvider
    var host: ServiceHost { self.harness.host }
    var catalog: MessageCatalog { Self.loaded.catalog }

    private init(
        database: String, broker: InMemoryBroker, settings: NotificationsSettings, harness: ServiceHarness,
        mail: FakeMailTransport, identity: DevelopmentIdentityProvider
    ) {
        self.mail = mail
        self.database = database
        self.broker = broker
        self.settings = settings
        self.harness = harness
        self.identity = identity
    }

    /// A bearer token for a person, signed by the bed's provider.
    func token(
        _ subject: String, email: String? = nil, roles: [String] = [], siren: String? = nil, siret: String? = nil
    ) async throws -> String {
        try await self.identity.issue(subject: subject, email: email, roles: roles, siren: siren, siret: siret)
    }

    /// An HTTP client on the service's listener.
    func http() async throws -> HTTPClient {
        HTTPClient(base: "http://127.0.0.1:\(try await self.host.httpPort())")
    }

    static func postgres(database: String?) -> PostgresConfiguration {
        let env = ServiceTestGate.environment
        var configuration = PostgresConfiguration(
            host: env["PGHOST"] ?? "127.0.0.1", port: Int(env["PGPORT"] ?? "5432") ?? 5432,
            user: env["PGUSER"] ?? "postgres", password: env["PGPASSWORD"] ?? "passerelle",
            database: database ?? env["PGDATABASE"] ?? "postgres")
        configuration.options.poolSize = 4
        return configuration
    }

    static func start(_ configure: (inout NotificationsSettings) -> Void = { _ in }) async throws -> NotificationsTestBed {
        let database = "notify_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = PostgresClient(configuration: Self.postgres(database: nil))
        _ = try await admin.execute("CREATE DATABASE \(unescaped: database)")
        await admin.close()
        var settings = NotificationsSettings(from: MailAddress("no-reply@passerelle.example", name: "Passerelle"))
        settings.retrySchedule = [.milliseconds(50), .milliseconds(100), .milliseconds(150)]
        settings.pollInterval = .milliseconds(50)
        settings.digestInterval = .seconds(3600)
        configure(&settings)
        let broker = InMemoryBroker(topology: Self.loaded.topology)
        let identity = try DevelopmentIdentityProvider.createIfMissing(
            in: FileManager.default.temporaryDirectory.appendingPathComponent("\(database)-identity"))
        var amqp = AMQPConfiguration()
        amqp.username = Self.serviceUser
        var configuration = ServiceConfiguration(amqp: amqp, postgres: Self.postgres(database: database))
        configuration.identity = IdentityConfiguration(
            verifier: .init(
                issuer: identity.issuer, audience: DevelopmentIdentityProvider.defaultAudience,
                keySet: .file(identity.keySetURL.path)))
        configuration.operatorUsers = [Self.operatorUser]
        configuration.consumer.inProcessRetries = [.milliseconds(20)]
        configuration.relay.pollInterval = .milliseconds(50)
        configuration.shutdownTimeout = .seconds(10)
        let bed = try await Self.launch(
            database: database, broker: broker, settings: settings, configuration: configuration, identity: identity)
        return bed
    }

    private static func launch(
        database: String, broker: InMemoryBroker, settings: NotificationsSettings, configuration: ServiceConfiguration,
        identity: DevelopmentIdentityProvider
    ) async throws -> NotificationsTestBed {
        let mail = FakeMailTransport()
        var logger = Logger(label: "notifications.tests")
        logger.logLevel = .warning
        let host = try ServiceHost(
            definition: NotificationsService.definition(settings: settings, transport: mail, logger: logger),
            configuration: configuration, catalog: Self.loaded.catalog, topology: Self.loaded.topology, logger: logger,
            transport: { broker.transport(user: Self.serviceUser) })
        let harness = try await ServiceHarness.start(host)
        return NotificationsTestBed(
            database: database, broker: broker, settings: settings, harness: harness, mail: mail, identity: identity)
    }

    /// Publishes a payload as its producer would (validated against its contract first), with the validated
    /// `user_id` of that producer: the service user of the type's context (`svc-procurement`), or the operator
    /// for the service's own commands.
    @discardableResult
    func publish(_ type: String, _ payload: [String: Any], id: String = UUID().uuidString.lowercased()) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: payload)
        try self.catalog.validate(try JSONValue(parsing: data), as: type)
        let context = String(type.split(separator: ".")[0])
        let event = CloudEvent(id: id, source: "/test/\(context)", type: type, data: Array(data))
        let exchange = try #require(self.catalog.entries[type]).exchange
        var properties = CloudEventAMQPMapping.properties(for: event)
        properties.userID = context == NotificationsService.name ? Self.operatorUser : "svc-\(context)"
        _ = try self.broker.publish(
            AMQPOutboundMessage(exchange: exchange, routingKey: type, body: event.data, properties: properties))
        return id
    }

    /// The messages the service published of one type, decoded.
    func published<Message: Decodable>(_ type: Message.Type, _ routingKey: String) throws -> [Message] {
        try self.broker.publishLog.filter { $0.routingKey == routingKey }.map {
            try ContractCoding.makeDecoder().decode(Message.self, from: Data($0.body))
        }
    }

    func query(_ query: PostgresQuery) async throws -> PostgresRows {
        let client = PostgresClient(configuration: Self.postgres(database: self.database))
        do {
            let rows = try await client.query(query)
            await client.close()
            return rows
        } catch {
            await client.close()
            throw error
        }
    }

    func count(_ sql: String) async throws -> Int {
        let rows = try await self.query(PostgresQuery(unsafeSQL: sql))
        return Int(try rows[0].decode(Int64.self, at: 0))
    }

    /// Polls until `condition` holds (or 10 s pass), then returns it.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    func stop() async throws {
        try? FileManager.default.removeItem(at: self.identity.directory)
        try await self.harness.stop()
        let admin = PostgresClient(configuration: Self.postgres(database: nil))
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unescaped: self.database) WITH (FORCE)")
        await admin.close()
    }
}

/// Runs `body` against a fresh test bed and always stops it.
func withTestBed(
    _ configure: (inout NotificationsSettings) -> Void = { _ in }, _ body: (NotificationsTestBed) async throws -> Void
) async throws {
    let bed = try await NotificationsTestBed.start(configure)
    do {
        try await body(bed)
    } catch {
        try? await bed.stop()
        throw error
    }
    try await bed.stop()
}
