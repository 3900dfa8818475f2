import ContractMessaging
import Contracts
import Foundation
import Identity
import Logging
import Mailer
import Messaging
import NotificationsService
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import Topology

@testable import PasserelleCLI

/// The first vertical slice on the real servers: a vhost with the real contracts' topology, a database,
/// the procurement and notifications services in this process, and an SMTP sink of its own.
struct SliceTestBed: Sendable {
    let topologyBed: TopologyTestBed
    let database: String
    let catalog: MessageCatalog
    let topology: BrokerTopology
    let sink: SliceSMTPSink
    let claims: URL
    /// The PostgreSQL roles of procurement and notifications in ``database``: each connects as its login role.
    let roles: TestServiceRoles
    /// The identity provider both services trust (its keys in a folder of their own).
    let identity: DevelopmentIdentityProvider

    static func make(_ name: String) async throws -> SliceTestBed {
        let parts = try await RuntimeTestBed.provision(
            prefix: "slice", name: name, contracts: TopologyTestBed.contractsURL, services: ["procurement", "notifications"])
        let claims = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-claims-\(UUID().uuidString.prefix(8))")
        let identity = try DevelopmentIdentityProvider.createIfMissing(
            in: FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-identity-\(UUID().uuidString.prefix(8))"))
        return SliceTestBed(
            topologyBed: parts.topologyBed, database: parts.database, catalog: parts.catalog, topology: parts.topology,
            sink: try SliceSMTPSink.start(), claims: claims, roles: parts.roles, identity: identity)
    }

    private func configuration(_ service: String) throws -> ServiceConfiguration {
        var configuration = ServiceConfiguration(
            amqp: try self.topologyBed.amqp(service, as: service), postgres: RuntimeTestBed.postgres(database: self.database))
        try self.roles.connect(&configuration, as: service)
        configuration.identity = IdentityConfiguration(
            verifier: .init(
                issuer: self.identity.issuer, audience: DevelopmentIdentityProvider.defaultAudience,
                keySet: .file(self.identity.keySetURL.path)))
        configuration.operatorUsers = [try self.topologyBed.amqp("operator").username]
        configuration.consumer.inProcessRetries = [.milliseconds(20), .milliseconds(40)]
        configuration.shutdownTimeout = .seconds(10)
        configuration.relay.pollInterval = .milliseconds(100)
        configuration.postgres.options.poolSize = 8
        return configuration
    }

    func procurement(clock: ProcurementClock = ProcurementClock()) async throws -> ServiceHarness {
        let settings = ProcurementSettings(
            masterKey: MasterKey.generate(), publicURL: "http://127.0.0.1", clock: clock, claimRoots: [self.claims.path])
        let host = try ServiceHost(
            definition: ProcurementService.definition(settings: settings), configuration: try self.configuration("procurement"),
            catalog: self.catalog, topology: self.topology, logger: IntegrationEnvironment.logger)
        return try await ServiceHarness.start(host, timeout: .seconds(60))
    }

    /// The notifications service, sending to this bed's sink; retries after 1 s, 2 s, 4 s… so an outage
    /// of tens of seconds is ridden out within the test.
    func notifications() async throws -> ServiceHarness {
        var settings = NotificationsSettings(from: MailAddress("no-reply@passerelle.test", name: "Passerelle"))
        settings.retrySchedule = [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8), .seconds(8), .seconds(8), .seconds(8)]
        settings.retryJitter = 0.1
        settings.pollInterval = .milliseconds(100)
        let transport = try SMTPMailer(
            configuration: SMTPMailer.Configuration(url: self.sink.url), logger: IntegrationEnvironment.logger)
        let host = try ServiceHost(
            definition: NotificationsService.definition(settings: settings, transport: transport, logger: IntegrationEnvironment.logger),
            configuration: try self.configuration("notifications"), catalog: self.catalog, topology: self.topology,
            logger: IntegrationEnvironment.logger)
        return try await ServiceHarness.start(host, timeout: .seconds(60))
    }

    /// The demo's environment against these services.
    func demo(procurement: ServiceHarness, notifications: ServiceHarness, biddingSeconds: Int) async throws -> DemoScenario {
        let identity = DemoIdentity(provider: self.identity)
        return DemoScenario(
            environment: .init(
                identity: identity, operatorToken: try await identity.operatorToken(),
                procurementURL: "http://127.0.0.1:\(try await procurement.host.httpPort())",
                notificationsURL: "http://127.0.0.1:\(try await notifications.host.httpPort())",
                amqp: try self.topologyBed.amqp("demo"), catalog: self.catalog, claims: self.claims,
                biddingSeconds: biddingSeconds, progress: { _ in }))
    }

    /// Publishes a raw JSON payload as the admin user, with the given message id.
    func publish(_ type: String, _ payload: [String: Any], id: String) async throws {
        var logger = Logger(label: "slice")
        logger.logLevel = .warning
        let connection = try await AMQPConnection.connect(try self.topologyBed.amqp("slice-publisher"), logger: logger)
        let publisher = TypedPublisher(publisher: try await connection.makePublisher(), catalog: self.catalog, source: "/test/slice")
        var envelope = TypedPublisher.Envelope()
        envelope.id = id
        _ = try await publisher.publish(type: type, payload: Array(try JSONSerialization.data(withJSONObject: payload)), envelope: envelope)
        await connection.close()
    }

    func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await RuntimeTestBed.query(query, database: self.database)
    }

    func count(_ sql: String) async throws -> Int {
        try await RuntimeTestBed.count(sql, database: self.database)
    }

    func cleanUp() async {
        self.sink.shutdown()
        await self.topologyBed.cleanUp()
        await RuntimeTestBed.drop(database: self.database)
        await self.roles.drop(admin: RuntimeTestBed.postgres(database: nil))
        try? FileManager.default.removeItem(at: self.claims)
        try? FileManager.default.removeItem(at: self.identity.directory)
    }
}

func withSliceTestBed(_ name: String, _ body: (SliceTestBed) async throws -> Void) async throws {
    try await withCleanUp(try await SliceTestBed.make(name), body)
}
