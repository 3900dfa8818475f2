import Foundation
import Messaging
import PasserelleOps
import Storage
import Topology

/// The private resources of one ``ServiceTestBed``: a database with the service's PostgreSQL roles (prefixed:
/// roles are global), and on RabbitMQ a vhost, service users with their own prefix (users are global too) and
/// a secrets folder.
struct TestWorld: Sendable {
    let service: String
    let vhost: String
    let userPrefix: String
    /// The prefix of this world's PostgreSQL role names, `t<suffix>_`.
    let rolePrefix: String
    let secrets: SecretStore
    let environment: [String: String]

    init(service: String, suffix: String, environment: [String: String]) throws {
        self.service = service
        self.vhost = "test.\(service).\(suffix)"
        self.userPrefix = "t\(suffix)-svc-"
        self.rolePrefix = "t\(suffix)_"
        self.secrets = SecretStore(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-test-bed-\(suffix)"),
            environment: [:])
        self.environment = environment
    }

    var settings: TopologySettings {
        get throws { try TopologySettings(yaml: "vhost: \(self.vhost)\nuserPrefix: \(self.userPrefix)\n") }
    }

    /// The administrator's connection: the broker of `PASSERELLE_AMQP_URL` (default guest on localhost).
    func guest() throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: self.environment["PASSERELLE_AMQP_URL"] ?? "amqp://guest:guest@localhost:5672/%2F")
        configuration.virtualHost = self.vhost
        configuration.connectionName = "test bed \(self.service)"
        return configuration
    }

    /// The service's own broker user in this vhost, as the topology apply created it.
    func serviceUser(_ context: String) throws -> AMQPConfiguration {
        var configuration = try self.guest()
        configuration.username = self.userPrefix + context
        configuration.password = try self.secrets.password(for: context)
        configuration.connectionName = "passerelle \(context) (test bed)"
        return configuration
    }

    func management() throws -> ManagementClient {
        try ManagementClient(
            baseURL: self.environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? "http://localhost:15672",
            username: self.environment["PASSERELLE_MANAGEMENT_USER"] ?? "guest",
            password: self.environment["PASSERELLE_MANAGEMENT_PASSWORD"] ?? "guest", timeout: .seconds(30))
    }

    func applyTopology(_ topology: BrokerTopology) async throws {
        let session = TopologySession(
            settings: try self.settings, desired: topology, client: try self.management(), amqp: try self.guest())
        _ = try await session.apply(options: .init(), secrets: self.secrets)
    }

    /// Deletes the vhost, the apply record, this world's users and its secrets.
    func removeBroker() async {
        guard let client = try? self.management() else { return }
        let broker = TopologyBroker(client: client, vhost: self.vhost)
        try? await broker.deleteVHost()
        try? await broker.deleteRecord()
        if let users: [BrokerDefinitions.User] = try? await client.get("/api/users") {
            for user in users where user.name.hasPrefix(self.userPrefix) {
                try? await broker.deleteUser(user.name)
            }
        }
        try? FileManager.default.removeItem(at: self.secrets.directory)
    }

    func postgres(database: String?) -> PostgresConfiguration {
        var configuration = PostgresConfiguration(
            host: self.environment["PGHOST"] ?? "127.0.0.1", port: Int(self.environment["PGPORT"] ?? "5432") ?? 5432,
            user: self.environment["PGUSER"] ?? "postgres", password: self.environment["PGPASSWORD"],
            database: database ?? self.environment["PGDATABASE"] ?? "postgres")
        configuration.options.poolSize = 4
        return configuration
    }

    func createDatabase() async throws -> String {
        let name = "tb_\(self.service)_\(self.userPrefix.dropFirst().prefix(8))"
        let admin = PostgresClient(configuration: self.postgres(database: nil))
        defer { Task { await admin.close() } }
        _ = try await admin.execute("CREATE DATABASE \(unescaped: name)")
        return name
    }

    func dropDatabase(_ name: String) async {
        let admin = PostgresClient(configuration: self.postgres(database: nil))
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
        await admin.close()
    }
}
