import ContractMessaging
import Contracts
import Foundation
import Logging
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import Topology


/// A vhost with the sample topology (samples/contracts: feeder → alpha → beta) applied, and a database of
/// its own with the least-privilege roles of alpha and beta, for the runtime's integration tests.
struct RuntimeTestBed: Sendable {
    static let samplesURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("samples/contracts")

    let topologyBed: TopologyTestBed
    let database: String
    let catalog: MessageCatalog
    let topology: BrokerTopology
    /// The services' PostgreSQL roles in ``database``: each service connects as its login role.
    let roles: TestServiceRoles

    var vhost: String { self.topologyBed.vhost }

    static func make(_ name: String) async throws -> RuntimeTestBed {
        let parts = try await Self.provision(prefix: "rt", name: name, contracts: Self.samplesURL, services: ["alpha", "beta"])
        return RuntimeTestBed(
            topologyBed: parts.topologyBed, database: parts.database, catalog: parts.catalog, topology: parts.topology,
            roles: parts.roles)
    }

    /// A vhost `<prefix>-<name>…` with the topology derived from `contracts` applied, and a new database
    /// `<prefix>_<name>_<random>` with the PostgreSQL roles of `services` (as `passerelle db provision` makes
    /// them, prefixed): what every bed that runs services on the real servers starts from.
    static func provision(
        prefix: String, name: String, contracts: URL, services: [String]
    ) async throws -> (
        topologyBed: TopologyTestBed, database: String, catalog: MessageCatalog, topology: BrokerTopology,
        roles: TestServiceRoles
    ) {
        let topologyBed = try TopologyTestBed("\(prefix)-\(name)")
        let loaded = ContractLoader(root: contracts).load()
        #expect(loaded.errors.isEmpty)
        let topology = try TopologyDerivation(settings: topologyBed.settings()).derive(from: loaded.hub)
        try await topologyBed.apply(try topologyBed.session(desired: topology))
        let database = "\(prefix)_\(name.replacingOccurrences(of: "-", with: "_"))_\(UUID().uuidString.lowercased().prefix(8))"
        let admin = PostgresClient(configuration: Self.postgres(database: nil))
        _ = try await admin.execute("CREATE DATABASE \(unescaped: database)")
        await admin.close()
        let roles: TestServiceRoles
        do {
            roles = try await TestServiceRoles.provision(services: services, database: database, admin: Self.postgres(database: nil))
        } catch {
            await Self.drop(database: database)
            await topologyBed.cleanUp()
            throw error
        }
        return (topologyBed, database, try MessageCatalog(hub: loaded.hub), topology, roles)
    }

    static func postgres(database: String?) -> PostgresConfiguration {
        let environment = IntegrationEnvironment.environment
        var configuration = PostgresConfiguration(
            host: environment["PGHOST"] ?? "127.0.0.1", port: Int(environment["PGPORT"] ?? "5432") ?? 5432,
            user: environment["PGUSER"] ?? "postgres", password: environment["PGPASSWORD"],
            database: database ?? environment["PGDATABASE"] ?? "postgres")
        configuration.options.poolSize = 4
        return configuration
    }

    /// The configuration of a sample service: its own broker user, its own login role in this bed's database.
    func configuration(_ service: String) throws -> ServiceConfiguration {
        var configuration = ServiceConfiguration(
            amqp: try self.topologyBed.amqp(service, as: service), postgres: Self.postgres(database: self.database))
        try self.roles.connect(&configuration, as: service)
        // The tests publish as the administrator of the environment (the CLI's user): an operator.
        configuration.operatorUsers = [try self.topologyBed.amqp("operator").username]
        configuration.consumer.inProcessRetries = [.milliseconds(20), .milliseconds(40)]
        configuration.shutdownTimeout = .seconds(10)
        configuration.relay.pollInterval = .milliseconds(200)
        return configuration
    }

    /// Properties of a message the test publishes on the in-memory broker as the operator would (on RabbitMQ
    /// the broker stamps the validated `user_id`; the in-memory broker takes the test's word).
    func asOperator(_ properties: AMQPProperties) throws -> AMQPProperties {
        var properties = properties
        properties.userID = try self.topologyBed.amqp("operator").username
        return properties
    }

    func host(
        _ definition: ServiceDefinition, configure: (inout ServiceConfiguration) -> Void = { _ in }
    ) throws -> ServiceHost {
        var configuration = try self.configuration(definition.name)
        configure(&configuration)
        return try ServiceHost(
            definition: definition, configuration: configuration, catalog: self.catalog, topology: self.topology,
            logger: IntegrationEnvironment.logger)
    }

    /// Publishes items as the feeder (the admin user), with confirms.
    func submit(_ items: [ItemSubmitted], ids: [String]? = nil) async throws {
        try await withConnection("feeder", configuration: try self.topologyBed.amqp("feeder")) { connection in
            let raw = try await connection.makePublisher()
            let publisher = TypedPublisher(publisher: raw, catalog: self.catalog, source: "/test/feeder")
            var index = 0
            while index < items.count {
                let slice = items[index..<min(index + 500, items.count)]
                let messages = try slice.enumerated().map { offset, item in
                    try publisher.prepare(
                        item, envelope: TypedPublisher.Envelope(id: ids?[index + offset] ?? UUID().uuidString.lowercased()))
                }
                for result in await raw.publish(messages) {
                    _ = try result.get()
                }
                index += slice.count
            }
        }
    }

    /// Runs one query on this bed's database.
    func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await Self.query(query, database: self.database)
    }

    func count(_ sql: String) async throws -> Int {
        try await Self.count(sql, database: self.database)
    }

    func cleanUp() async {
        await self.topologyBed.cleanUp()
        await Self.drop(database: self.database)
        await self.roles.drop(admin: Self.postgres(database: nil))
    }

    /// Runs one query on a test database.
    static func query(_ query: PostgresQuery, database: String) async throws -> PostgresRows {
        let client = PostgresClient(configuration: Self.postgres(database: database))
        defer { Task { await client.close() } }
        return try await client.query(query)
    }

    /// The first column of the first row as an integer (-1 when there is none or it is NULL).
    static func count(_ sql: String, database: String) async throws -> Int {
        let rows = try await Self.query(PostgresQuery(unsafeSQL: sql), database: database)
        guard let row = rows.first, !row.isNull(at: 0) else { return -1 }
        return Int(try row.decode(Int64.self, at: 0))
    }

    /// Drops a test database, whoever is connected to it.
    static func drop(database: String) async {
        let admin = PostgresClient(configuration: Self.postgres(database: nil))
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)")
        await admin.close()
    }
}

func withRuntimeTestBed(_ name: String, _ body: (RuntimeTestBed) async throws -> Void) async throws {
    try await withCleanUp(try await RuntimeTestBed.make(name), body)
}

/// A test's resources (vhost, users, database, files) that must go whatever the test did.
protocol TestBedCleanUp {
    /// Removes everything the bed created.
    func cleanUp() async
}

extension RuntimeTestBed: TestBedCleanUp {}
extension SliceTestBed: TestBedCleanUp {}
extension TopologyTestBed: TestBedCleanUp {}

/// Runs `body` with `bed`, then cleans the bed up, also when `body` throws.
func withCleanUp<Bed: TestBedCleanUp>(_ bed: Bed, _ body: (Bed) async throws -> Void) async throws {
    do {
        try await body(bed)
    } catch {
        await bed.cleanUp()
        throw error
    }
    await bed.cleanUp()
}
