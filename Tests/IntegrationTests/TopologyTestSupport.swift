import Contracts
import Foundation
import Messaging
import PasserelleOps
import Testing
import Topology

/// One topology test's private world: its own vhost, its own user prefix (users are global), its own
/// secrets folder, all removed afterwards.
struct TopologyTestBed: Sendable {
    static let contractsURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")

    let vhost: String
    let userPrefix: String
    let secrets: URL
    let client: ManagementClient

    init(_ name: String) throws {
        let suffix = UUID().uuidString.lowercased().prefix(8)
        self.vhost = "test.topology.\(name).\(suffix)"
        self.userPrefix = "t\(suffix)-svc-"
        self.secrets = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-secrets-\(suffix)")
        let environment = IntegrationEnvironment.environment
        self.client = try ManagementClient(
            baseURL: environment["PASSERELLE_AMQP_MANAGEMENT_URL"] ?? "http://localhost:15672",
            username: environment["PASSERELLE_MANAGEMENT_USER"] ?? "guest",
            password: environment["PASSERELLE_MANAGEMENT_PASSWORD"] ?? "guest",
            timeout: .seconds(30))
    }

    var broker: TopologyBroker { TopologyBroker(client: self.client, vhost: self.vhost) }
    var secretStore: SecretStore { SecretStore(directory: self.secrets, environment: [:]) }

    /// The settings: this bed's vhost and user prefix, plus `extra` YAML.
    func settings(_ extra: String = "") throws -> TopologySettings {
        try TopologySettings(yaml: "vhost: \(self.vhost)\nuserPrefix: \(self.userPrefix)\n" + extra)
    }

    /// The desired topology from the real contracts.
    func desired(_ extra: String = "") throws -> BrokerTopology {
        let loaded = ContractLoader(root: Self.contractsURL).load()
        #expect(loaded.errors.isEmpty)
        return try TopologyDerivation(settings: self.settings(extra)).derive(from: loaded.hub)
    }

    func session(_ extra: String = "") throws -> TopologySession {
        TopologySession(
            settings: try self.settings(extra), desired: try self.desired(extra), client: self.client,
            amqp: try self.amqp("topology"))
    }

    func session(desired: BrokerTopology) throws -> TopologySession {
        TopologySession(
            settings: try self.settings(), desired: desired, client: self.client, amqp: try self.amqp("topology"))
    }

    @discardableResult
    func apply(_ session: TopologySession, prune: Bool = false, force: Bool = false, migrate: Bool = false) async throws
        -> TopologyApplier.Report
    {
        try await session.apply(
            options: .init(prune: prune, force: force, migrate: migrate), secrets: self.secretStore
        ).report
    }

    /// An AMQP configuration for this vhost as guest, or as the service user of `context`.
    func amqp(_ name: String, as context: String? = nil) throws -> AMQPConfiguration {
        var configuration = try IntegrationEnvironment.configuration(vhost: self.vhost, name: name)
        if let context {
            configuration.username = self.userPrefix + context
            configuration.password = try self.secretStore.password(for: context)
        }
        return configuration
    }

    /// Deletes the vhost, the users, the apply record and the secrets.
    func cleanUp() async {
        let broker = self.broker
        try? await broker.deleteVHost()
        try? await broker.deleteRecord()
        if let users: [BrokerDefinitions.User] = try? await self.client.get("/api/users") {
            for user in users where user.name.hasPrefix(self.userPrefix) {
                try? await broker.deleteUser(user.name)
            }
        }
        try? FileManager.default.removeItem(at: self.secrets)
    }
}

/// Runs `body` with a fresh test bed and always cleans up.
func withTopologyTestBed(_ name: String, _ body: (TopologyTestBed) async throws -> Void) async throws {
    try await withCleanUp(try TopologyTestBed(name), body)
}

/// Publishes `count` small persistent messages and waits for every confirm.
func publishMessages(
    _ count: Int, exchange: String, routingKey: String, configuration: AMQPConfiguration
) async throws {
    try await withConnection("publish \(count)", configuration: configuration) { connection in
        let publisher = try await connection.makePublisher()
        let messages = (0..<count).map { index in
            AMQPOutboundMessage(
                exchange: exchange, routingKey: routingKey, body: Array("message \(index)".utf8),
                properties: AMQPProperties(messageID: "m-\(index)"))
        }
        for result in await publisher.publish(messages) {
            _ = try result.get()
        }
    }
}

/// Consumes and acknowledges messages from `queue` until `count` distinct message ids arrived (or the time
/// limit of 60 s passes). Returns the ids seen, in delivery order.
func drainMessages(_ queue: String, expecting count: Int, configuration: AMQPConfiguration) async throws -> [String] {
    try await withConnection("drain \(queue)", configuration: configuration) { connection in
        let consumer = try await connection.consume(queue: queue, prefetch: 500)
        var ids: [String] = []
        let collected = try await withThrowingTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var seen: [String] = []
                for try await delivery in consumer {
                    seen.append(delivery.properties.messageID ?? "")
                    try delivery.ack()
                    if seen.count >= count { break }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        ids = collected ?? []
        await consumer.cancel()
        return ids
    }
}
