import Messaging
import Synchronization
public import Topology

extension InMemoryBroker {
    /// Creates a broker holding a derived (or exported) topology: its exchanges, queues, bindings and
    /// policies.
    ///
    /// A queue's dead-letter exchange and routing key, message TTL and delivery limit come from the policy
    /// that applies to it (the highest priority among those whose `pattern` matches its name) and from its
    /// `x-dead-letter-exchange`, `x-dead-letter-routing-key`, `x-message-ttl` and `x-delivery-limit`
    /// arguments: as in RabbitMQ, an argument wins for the dead-letter settings and the lower value wins
    /// for the TTL and the limit. An exchange's `alternate-exchange` argument (or policy key) is honoured.
    ///
    /// - Parameters:
    ///   - topology: The topology, e.g. from `TopologyDerivation.derive(from:)`.
    ///   - clock: The clock message TTLs run on.
    public convenience init(topology: BrokerTopology, clock: any Clock<Duration> = ContinuousClock()) {
        self.init(clock: clock)
        for exchange in topology.exchanges {
            let policy = Self.policy(for: exchange.name, kind: "exchanges", in: topology.policies)
            let alternate = exchange.arguments["alternate-exchange"]?.text ?? policy["alternate-exchange"]?.text
            self.declareExchange(
                name: exchange.name, type: AMQPExchangeType(rawValue: exchange.type), alternateExchange: alternate)
        }
        for queue in topology.queues {
            let policy = Self.policy(for: queue.name, kind: "queues", in: topology.policies)
            let arguments = queue.arguments
            let settings = QueueSettings(
                deadLetterExchange: arguments["x-dead-letter-exchange"]?.text ?? policy["dead-letter-exchange"]?.text,
                deadLetterRoutingKey: arguments["x-dead-letter-routing-key"]?.text
                    ?? policy["dead-letter-routing-key"]?.text,
                messageTTL: Self.lower(arguments["x-message-ttl"]?.integer, policy["message-ttl"]?.integer)
                    .map { .milliseconds($0) },
                deliveryLimit: Self.lower(arguments["x-delivery-limit"]?.integer, policy["delivery-limit"]?.integer))
            self.declareQueue(name: queue.name, settings: settings)
        }
        self.state.withLock { state in
            for binding in topology.bindings {
                let stored = StoredExchange.Binding(
                    destination: binding.destination, toExchange: binding.destinationType == "exchange",
                    routingKey: binding.routingKey)
                state.exchanges[binding.source]?.bindings.append(stored)
            }
        }
    }

    /// The definition of the policy that applies to an object: the highest priority among those whose
    /// pattern matches the name (RabbitMQ applies at most one).
    private static func policy(for name: String, kind: String, in policies: [PolicySpec]) -> ArgumentTable {
        let matching = policies.filter { policy in
            guard policy.applyTo == kind || policy.applyTo == "all", let regex = try? Regex(policy.pattern) else {
                return false
            }
            return name.firstMatch(of: regex) != nil
        }
        return matching.max { $0.priority < $1.priority }?.definition ?? [:]
    }

    private static func lower(_ first: Int?, _ second: Int?) -> Int? {
        switch (first, second) {
        case (let first?, let second?): return min(first, second)
        default: return first ?? second
        }
    }
}

extension ArgumentValue {
    fileprivate var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    fileprivate var integer: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        case .string(let value): return Int(value)
        default: return nil
        }
    }
}
