import ContractMessaging
import ContractTypes
import Contracts
import Foundation
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

/// The notifications service on the in-memory broker with a database of its own and a fake mail transport.
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

    let database: String
    let broker: InMemoryBroker
    let mail: FakeMailTransport
    let settings: NotificationsSettings
    let harness: ServiceHarness
    var host: ServiceHost { self.harness.host }
    var catalog: MessageCatalog { Self.loaded.catalog }

    private init(
        database: String, broker: InMemoryBroker, settings: NotificationsSettings, harness: ServiceHarness,
        mail: FakeMailTransport
    ) {
        self.mail = mail
        self.database = database
        self.broker = broker
        self.settings = settings
        self.harness = harness
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
        var configuration = ServiceConfiguration(amqp: AMQPConfiguration(), postgres: Self.postgres(database: database))
        configuration.consumer.inProcessRetries = [.milliseconds(20)]
        configuration.relay.pollInterval = .milliseconds(50)
        configuration.shutdownTimeout = .seconds(10)
        let bed = try await Self.launch(database: database, broker: broker, settings: settings, configuration: configuration)
        return bed
    }

    private static func launch(
        database: String, broker: InMemoryBroker, settings: NotificationsSettings, configuration: ServiceConfiguration
    ) async throws -> NotificationsTestBed {
        let mail = FakeMailTransport()
        var logger = Logger(label: "notifications.tests")
        logger.logLevel = .warning
        let host = try ServiceHost(
            definition: NotificationsService.definition(settings: settings, transport: mail, logger: logger),
            configuration: configuration, catalog: Self.loaded.catalog, topology: Self.loaded.topology, logger: logger,
            transport: { broker.transport() })
        let harness = try await ServiceHarness.start(host)
        return NotificationsTestBed(database: database, broker: broker, settings: settings, harness: harness, mail: mail)
    }

    /// Publishes a payload as its producer would (validated against its contract first).
    @discardableResult
    func publish(_ type: String, _ payload: [String: Any], id: String = UUID().uuidString.lowercased()) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: payload)
        try self.catalog.validate(try JSONValue(parsing: data), as: type)
        let event = CloudEvent(id: id, source: "/test/\(type.split(separator: ".")[0])", type: type, data: Array(data))
        let exchange = try #require(self.catalog.entries[type]).exchange
        _ = try self.broker.publish(
            AMQPOutboundMessage(
                exchange: exchange, routingKey: type, body: event.data,
                properties: CloudEventAMQPMapping.properties(for: event)))
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
