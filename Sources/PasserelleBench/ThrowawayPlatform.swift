import ContractMessaging
import Contracts
import Foundation
import Messaging
import PasserelleCLI
import PasserelleOps
import Storage
import Topology

/// A benchmark's private platform: a vhost with the topology of some contracts applied, its service users
/// (passwords in a temporary secrets folder) and a database of its own. ``remove()`` deletes all of it.
struct ThrowawayPlatform: Sendable {
    let vhost: String
    let database: String
    let secrets: URL
    let topologySettings: TopologySettings
    let catalog: MessageCatalog
    let topology: BrokerTopology
    let store: SecretStore
    let session: TopologySession
    let admin: PostgresClient
    let basePostgres: PostgresConfiguration
    let baseAMQP: AMQPConfiguration

    static func create(
        name: String, contracts: URL, amqp: AMQPConfiguration, management: ManagementClient, postgres: PostgresConfiguration,
        progress: @Sendable (String) -> Void
    ) async throws -> ThrowawayPlatform {
        let suffix = UUID().uuidString.lowercased().prefix(8)
        let vhost = "passerelle-bench-\(name)-\(suffix)"
        let database = "bench_\(name)_\(suffix)"
        let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-\(suffix)")
        let topologySettings = try TopologySettings(yaml: "vhost: \(vhost)\nuserPrefix: bench\(suffix)-svc-\n")
        let loaded = ContractLoader(root: contracts).load()
        if let error = loaded.errors.first {
            throw error
        }
        let topology = try TopologyDerivation(settings: topologySettings).derive(from: loaded.hub)
        let store = SecretStore(directory: secrets, environment: [:])
        let session = TopologySession(settings: topologySettings, desired: topology, client: management, amqp: amqp)
        let admin = PostgresClient(configuration: postgres)
        progress("vhost \(vhost), database \(database)")
        let platform = ThrowawayPlatform(
            vhost: vhost, database: database, secrets: secrets, topologySettings: topologySettings,
            catalog: try MessageCatalog(hub: loaded.hub), topology: topology, store: store, session: session, admin: admin,
            basePostgres: postgres, baseAMQP: amqp)
        do {
            _ = try await session.apply(options: .init(prune: false, force: false, migrate: false), secrets: store)
            _ = try await admin.execute("CREATE DATABASE \(unescaped: database)")
        } catch {
            await platform.remove()
            throw error
        }
        return platform
    }

    /// The platform's database, as the admin user.
    func postgres(poolSize: Int = 4) -> PostgresConfiguration {
        var configuration = PostgresConfiguration(
            host: self.basePostgres.host ?? "127.0.0.1", port: self.basePostgres.port ?? 5432,
            user: self.basePostgres.user ?? "postgres", password: self.basePostgres.password, database: self.database)
        configuration.options.poolSize = poolSize
        return configuration
    }

    /// The vhost as the admin user (`service` nil) or as a service's own user.
    func amqp(service: String?, connectionName: String) throws -> AMQPConfiguration {
        var amqp = self.baseAMQP
        amqp.virtualHost = self.vhost
        amqp.connectionName = connectionName
        if let service {
            amqp.username = self.topologySettings.userPrefix + service
            amqp.password = try self.store.password(for: service)
        }
        return amqp
    }

    /// Deletes the vhost, its users, the database and the secrets.
    func remove() async {
        try? await self.session.broker.deleteVHost()
        try? await self.session.broker.deleteRecord()
        for user in self.session.desired.users {
            try? await self.session.broker.deleteUser(user.name)
        }
        _ = try? await self.admin.execute("DROP DATABASE IF EXISTS \(unescaped: self.database) WITH (FORCE)")
        await self.admin.close()
        try? FileManager.default.removeItem(at: self.secrets)
    }
}
