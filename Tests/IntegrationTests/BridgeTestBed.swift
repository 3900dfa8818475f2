import Bridge
import Contracts
import Foundation
import JSONSchema
import Messaging
import PasserelleOps
import Synchronization
import Testing
import Topology

/// One bridge test's private world on both brokers: a hub vhost with its users (``TopologyTestBed``), and on
/// the partners' node a vhost of its own with the hub's account there, as `scripts/infra` sets up for the
/// prefecture, all removed afterwards. The test plays the partner as the partners' node administrator.
struct BridgeTestBed: Sendable, TestBedCleanUp {
    static let partner = "prefecture"

    let topology: TopologyTestBed
    let partnerVHost: String
    let account: String
    let accountPassword: String
    let partnerClient: ManagementClient
    let home: URL
    let contracts: ContractHub

    static var partnerAMQPPort: Int { Int(IntegrationEnvironment.environment["PASSERELLE_PARTNER_AMQP_PORT"] ?? "") ?? 5682 }
    static var partnerAMQPSPort: Int { Int(IntegrationEnvironment.environment["PASSERELLE_PARTNER_AMQPS_PORT"] ?? "") ?? 5681 }
    static var partnerRabbitmqctl: String {
        IntegrationEnvironment.environment["PASSERELLE_PARTNER_RABBITMQCTL"] ?? IntegrationEnvironment.home + "/bin/partner-rabbitmqctl"
    }

    init(_ name: String) throws {
        self.topology = try TopologyTestBed(name)
        let suffix = UUID().uuidString.lowercased().prefix(8)
        self.partnerVHost = "test.partner.\(name).\(suffix)"
        self.account = "t\(suffix)-hub"
        self.accountPassword = UUID().uuidString
        self.partnerClient = try ManagementClient(
            baseURL: IntegrationEnvironment.environment["PASSERELLE_PARTNER_MANAGEMENT_URL"] ?? "http://localhost:15682",
            username: "guest", password: "guest", timeout: .seconds(30))
        self.home = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bridge-\(suffix)")
        let loaded = ContractLoader(root: TopologyTestBed.contractsURL).load()
        self.contracts = loaded.hub
    }

    /// The topology settings naming this bed's partner broker.
    func settingsYAML(serverName: String? = nil, binding: String = "ce", prefetch: Int = 500) -> String {
        let tls = "{ca: \(IntegrationEnvironment.tlsDirectory)/ca.pem\(serverName.map { ", serverName: \($0)" } ?? "")}"
        return """
            partners: [prefecture, treasury]
            bridges:
              prefecture:
                url: amqps://localhost:\(Self.partnerAMQPSPort)/\(self.partnerVHost)
                user: \(self.account)
                tls: \(tls)
                cloudEvents: \(binding)
                prefetch: \(prefetch)

            """
    }

    /// Creates both sides (hub topology, partner vhost, account and bridge objects) and returns the bridge's
    /// configuration.
    func setUp(serverName: String? = nil, binding: String = "ce", prefetch: Int = 500) async throws -> BridgeConfiguration {
        let extra = self.settingsYAML(serverName: serverName, binding: binding, prefetch: prefetch)
        // Only the prefecture's part of the hub's topology: the whole hub takes seconds to apply on a loaded run.
        try await self.topology.apply(try self.topology.session(desired: Self.prefectureOnly(try self.topology.desired(extra))))
        let vhost = ManagementClient.segment(self.partnerVHost)
        try await self.partnerClient.send("PUT", "/api/vhosts/\(vhost)")
        try await self.partnerClient.send(
            "PUT", "/api/users/\(ManagementClient.segment(self.account))",
            body: try JSONSerialization.data(withJSONObject: ["password": self.accountPassword, "tags": ""]))
        let names = "^(prefecture\\.commands|prefecture\\.events|bridge\\.prefecture\\..*)$"
        try await self.partnerClient.send(
            "PUT", "/api/permissions/\(vhost)/\(ManagementClient.segment(self.account))",
            body: try JSONSerialization.data(withJSONObject: ["configure": names, "write": names, "read": names]))
        try await self.partnerClient.send(
            "PUT", "/api/permissions/\(vhost)/guest",
            body: try JSONSerialization.data(withJSONObject: ["configure": ".*", "write": ".*", "read": ".*"]))
        let configuration = try self.configuration(serverName: serverName, binding: binding, prefetch: prefetch)
        if serverName == nil {
            _ = try await PartnerTopology(partner: Self.partner, hub: self.contracts)
                .apply(on: configuration.partnerBroker, logger: IntegrationEnvironment.logger)
        }
        return configuration
    }

    /// The objects of `topology` the prefecture's bridge uses on the hub: its exchanges, its queues (with their
    /// retry and parking queues and policies), the quarantine, the unroutable exchange and queue, its user.
    static func prefectureOnly(_ topology: BrokerTopology) -> BrokerTopology {
        func ours(_ name: String) -> Bool {
            name.hasPrefix("prefecture.") || name.hasPrefix("bridge.prefecture.") || name == "passerelle.unroutable"
        }
        var subset = topology
        subset.exchanges = topology.exchanges.filter { ours($0.name) }
        subset.queues = topology.queues.filter { ours($0.name) }
        subset.bindings = topology.bindings.filter { ours($0.source) && ours($0.destination) }
        subset.policies = topology.policies.filter { policy in subset.queues.contains { policy.pattern.contains($0.name.replacingOccurrences(of: ".", with: "\\.")) } }
        subset.users = topology.users.filter { $0.context == "prefecture" }
        subset.permissions = topology.permissions.filter { permission in subset.users.contains { $0.name == permission.user } }
        subset.topicPermissions = topology.topicPermissions.filter { permission in subset.users.contains { $0.name == permission.user } }
        subset.services = topology.services.filter { $0.context == "prefecture" }
        return subset
    }

    func configuration(serverName: String? = nil, binding: String = "ce", prefetch: Int = 500) throws -> BridgeConfiguration {
        let settings = try self.topology.settings(self.settingsYAML(serverName: serverName, binding: binding, prefetch: prefetch))
        let environment = [
            "PASSERELLE_AMQP_URL": IntegrationEnvironment.amqpURL,
            "PASSERELLE_HOME": self.home.path,
            SecretStore.variable(for: Self.partner): try self.topology.secretStore.password(for: Self.partner),
            SecretStore.variable(for: self.account): self.accountPassword,
        ]
        return try BridgeConfiguration(partner: Self.partner, settings: settings, environment: environment)
    }

    /// Both directions, running until the returned task is cancelled.
    func start(_ configuration: BridgeConfiguration) throws -> (links: [BridgeLink], task: Task<Void, Never>) {
        let links = try PartnerBridges.links(
            configurations: [configuration], hub: self.contracts, stateFolder: nil, logger: IntegrationEnvironment.logger)
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                for link in links {
                    group.addTask { await link.run() }
                }
            }
        }
        return (links, task)
    }

    /// The partner's vhost as its administrator, over plain AMQP.
    func partnerAMQP(_ name: String) throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: "amqp://guest:guest@localhost:\(Self.partnerAMQPPort)/")
        configuration.virtualHost = self.partnerVHost
        configuration.connectionName = "test \(name)"
        return configuration
    }

    func hubAMQP(_ name: String) throws -> AMQPConfiguration {
        try self.topology.amqp(name)
    }

    /// Declares a queue on `configuration`'s vhost bound to `exchange` with `keys`.
    func declareQueue(_ name: String, exchange: String, keys: [String], on configuration: AMQPConfiguration) async throws {
        try await withConnection("declare \(name)", configuration: configuration) { connection in
            try await connection.declareQueue(AMQPQueueSpec.quorum(name))
            for key in keys {
                try await connection.bindQueue(AMQPBinding(source: exchange, destination: name, routingKey: key))
            }
        }
    }

    /// An example payload of `type` from the contract, with `MP2026_014` replaced by `numero`.
    func example(_ type: String, numero: String? = nil) -> [UInt8] {
        var text = self.contracts.messages[type]!.examples[0].payload.jsonString()
        if let numero { text = text.replacingOccurrences(of: "MP2026_014", with: numero) }
        return Array(text.utf8)
    }

    /// A CloudEvent of `type` in `binding`'s headers, with a trace context.
    static func message(
        _ type: String, id: String, body: [UInt8], exchange: String, binding: CloudEventsHeaderBinding,
        traceparent: String = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    ) -> AMQPOutboundMessage {
        var event = CloudEvent(id: id, source: "/passerelle/test", type: type, data: body, datacontenttype: "application/json", time: Date())
        event.traceparent = traceparent
        event.subject = "subject-\(id)"
        return AMQPOutboundMessage(
            exchange: exchange, routingKey: type, body: body, properties: CloudEventAMQPMapping.properties(for: event, binding: binding))
    }

    func cleanUp() async {
        await self.topology.cleanUp()
        _ = try? await self.partnerClient.send("DELETE", "/api/vhosts/\(ManagementClient.segment(self.partnerVHost))", accepting: [404])
        _ = try? await self.partnerClient.send("DELETE", "/api/users/\(ManagementClient.segment(self.account))", accepting: [404])
        try? FileManager.default.removeItem(at: self.home)
    }
}

/// Collects deliveries of a queue (acknowledging them) until stopped.
final class Collector: Sendable {
    private final class Received: Sendable {
        let list = Mutex<[AMQPDelivery]>([])
    }

    private let received = Received()
    private let task: Task<Void, Never>

    init(queue: String, configuration: AMQPConfiguration, prefetch: Int = 1000) async throws {
        let connection = try await AMQPConnection.connect(configuration, logger: IntegrationEnvironment.logger)
        let consumer = try await connection.consume(queue: queue, prefetch: prefetch)
        let received = self.received
        self.task = Task {
            do {
                for try await delivery in consumer {
                    received.list.withLock { $0.append(delivery) }
                    try? delivery.ack()
                }
            } catch {}
            await connection.close()
        }
    }

    var deliveries: [AMQPDelivery] { self.received.list.withLock { $0 } }
    var count: Int { self.received.list.withLock { $0.count } }
    var ids: [String] { self.deliveries.map { $0.properties.messageID ?? "" } }

    func stop() async {
        self.task.cancel()
        await self.task.value
    }
}

extension BridgeTestBed {
    /// Runs the partners' node's `rabbitmqctl` (`stop_app`, `start_app`).
    static func partnerRabbitmqctl(_ arguments: String...) async throws {
        try await IntegrationEnvironment.run(tool: Self.partnerRabbitmqctl, arguments)
    }

    /// Publishes `count` outbound commands at the hub and `count` partner events with distinct business keys.
    func publishBothWays(_ count: Int) async throws {
        let transmit = self.example("prefecture.act.transmit.v1")
        try await withConnection("publish hub", configuration: try self.hubAMQP("publish hub")) { connection in
            let publisher = try await connection.makePublisher(window: 2000)
            let messages = (0..<count).map {
                BridgeTestBed.message(
                    "prefecture.act.transmit.v1", id: "out-\($0)", body: transmit, exchange: "prefecture.commands", binding: .amqp)
            }
            for result in await publisher.publish(messages) { _ = try result.get() }
        }
        try await withConnection("publish partner", configuration: try self.partnerAMQP("publish partner")) { connection in
            let publisher = try await connection.makePublisher(window: 2000)
            let messages = (0..<count).map {
                BridgeTestBed.message(
                    "prefecture.act.acknowledged.v1", id: "in-\($0)", body: self.example("prefecture.act.acknowledged.v1", numero: "T\($0)"),
                    exchange: "prefecture.events", binding: .ce)
            }
            for result in await publisher.publish(messages) { _ = try result.get() }
        }
    }
}
