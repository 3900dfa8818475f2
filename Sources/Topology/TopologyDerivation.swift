import Contracts

/// Derives the desired broker topology from the contracts and the settings (messaging §5). Pure: no I/O.
///
/// - one durable topic exchange `<context>.events` per context that owns events, with the alternate
///   exchange `passerelle.unroutable`, and a direct `<context>.commands` where the context owns commands;
/// - one consumer queue per `x-passerelle-queue` name, bound once per received message type;
/// - per consuming context, a direct `<context>.retry` exchange; per consumer queue, one retry queue per
///   delay level (TTL, dead-lettered back to the queue) and the parking queues `.dlq` and `.invalid`;
/// - one policy per generated quorum queue carrying all its keys (only one policy applies to a queue);
/// - one user per service with least privilege (``TopologyDerivation+Permissions.swift``), and per partner the
///   bridge's user and quarantine (``TopologyDerivation+Bridges.swift``).
public struct TopologyDerivation: Sendable {
    public var settings: TopologySettings

    public init(settings: TopologySettings) {
        self.settings = settings
    }

    /// Computes the desired topology.
    ///
    /// - Parameters:
    ///   - hub: The loaded contracts.
    ///   - vhost: The vhost; `nil` takes the one from the settings.
    /// - Returns: The desired state.
    /// - Throws: ``TopologyError`` when two operations give one queue different settings or owners.
    public func derive(from hub: ContractHub, vhost: String? = nil) throws(TopologyError) -> BrokerTopology {
        var topology = BrokerTopology(vhost: vhost ?? self.settings.vhost)
        let messages = hub.sortedMessages
        self.addExchanges(for: messages, to: &topology)
        let consumers = try self.consumerQueues(for: messages)
        self.addUnroutable(to: &topology)
        for context in Set(consumers.map(\.context)).sorted() {
            topology.exchanges.append(ExchangeSpec(name: Self.retryExchange(context), type: "direct"))
        }
        for queue in consumers {
            self.addConsumerQueue(queue, to: &topology)
        }
        let contexts = Set(hub.documents.keys).union(messages.map(\.owner)).sorted()
        topology.services = contexts.compactMap { context in
            let queues = consumers.filter { $0.context == context }
            guard !queues.isEmpty else { return nil }
            let user = self.isPartner(context, queues: queues) ? nil : self.userName(context)
            return BrokerTopology.Service(context: context, user: user, queues: queues.map(\.resolved))
        }
        for context in contexts {
            if self.isPartner(context, queues: consumers.filter { $0.context == context }) {
                self.addBridge(for: context, messages: messages, queues: consumers, to: &topology)
            } else {
                self.addUser(for: context, messages: messages, queues: consumers, to: &topology)
            }
        }
        topology.exchanges.sort { $0.name < $1.name }
        topology.queues.sort { $0.name < $1.name }
        topology.bindings.sort { $0.key < $1.key }
        topology.policies.sort { $0.name < $1.name }
        return topology
    }

    /// `<context>.retry`.
    public static func retryExchange(_ context: String) -> String { "\(context).retry" }

    /// The user name of a service, e.g. `svc-procurement`.
    public func userName(_ context: String) -> String { self.settings.userPrefix + context }

    func isPartner(_ context: String, queues: [PendingQueue]) -> Bool {
        if self.settings.partners.contains(context) { return true }
        return !queues.isEmpty && queues.allSatisfy { $0.name.hasPrefix("bridge.\(context).") }
    }

    private func addExchanges(for messages: [MessageContract], to topology: inout BrokerTopology) {
        var seen: Set<String> = []
        for message in messages where seen.insert(message.exchange).inserted {
            let topic = message.exchangeType == "topic"
            topology.exchanges.append(
                ExchangeSpec(
                    name: message.exchange, type: message.exchangeType,
                    arguments: topic ? ["alternate-exchange": .string(self.settings.unroutable)] : [:]
                ))
        }
    }

    private func addUnroutable(to topology: inout BrokerTopology) {
        let name = self.settings.unroutable
        topology.exchanges.append(ExchangeSpec(name: name, type: "fanout"))
        topology.queues.append(QueueSpec(name: name, arguments: ["x-queue-type": "classic"], role: .unroutable))
        topology.bindings.append(BindingSpec(source: name, destination: name, routingKey: ""))
    }
}

/// A consumer queue while the derivation collects its message types.
struct PendingQueue {
    var name: String
    var context: String
    var settings: TopologySettings.QueueOverrides
    var messages: [MessageContract] = []

    var resolved: BrokerTopology.ConsumerQueue {
        BrokerTopology.ConsumerQueue(
            name: self.name, type: self.settings.type ?? .quorum, deliveryLimit: self.settings.deliveryLimit ?? 5,
            prefetch: self.settings.prefetch ?? 50, retryLevels: self.settings.retryLevels ?? [],
            messageTypes: self.messages.map(\.type)
        )
    }
}
