import Contracts
import Logging
import Messaging

/// What a partner's vhost must hold for its bridge, from the partner's contract: the commands exchange the
/// outbound direction publishes to, the events exchange the partner publishes to, and the bridge's quorum
/// queue `bridge.<partner>.inbound` bound to it for each event type. `passerelle topology plan` compares it
/// with the partner's broker (passive declares, with the hub's account there) and `apply` declares what is
/// missing; the partner's own queues (for example the one it reads the commands from) are its business.
public struct PartnerTopology: Sendable {
    /// One object and whether the partner's broker has it.
    public struct Item: Sendable, Hashable, Codable {
        public var partner: String
        public var kind: String
        public var name: String
        /// `present`, `missing`, or `unknown` (the broker could not be asked).
        public var state: String
        public var detail: String?

        public init(partner: String, kind: String, name: String, state: String, detail: String? = nil) {
            self.partner = partner
            self.kind = kind
            self.name = name
            self.state = state
            self.detail = detail
        }
    }

    public let partner: String
    public let exchanges: [AMQPExchangeSpec]
    public let queue: AMQPQueueSpec
    public let bindings: [AMQPBinding]

    public init(partner: String, hub: ContractHub) throws(BridgeError) {
        let outbound = try BridgeRoute(partner: partner, direction: .outbound, hub: hub)
        let inbound = try BridgeRoute(partner: partner, direction: .inbound, hub: hub)
        self.partner = partner
        self.exchanges =
            outbound.exchanges.map { AMQPExchangeSpec($0, type: .direct) }
            + inbound.exchanges.map { AMQPExchangeSpec($0, type: .topic) }
        self.queue = AMQPQueueSpec.quorum(inbound.sourceQueue)
        self.bindings = inbound.lanes.values.sorted { $0.type < $1.type }.map {
            AMQPBinding(source: $0.exchange, destination: inbound.sourceQueue, routingKey: $0.type)
        }
    }

    /// Asks the partner's broker which objects exist.
    public func plan(on broker: AMQPConfiguration, logger: Logger) async -> [Item] {
        let connection: AMQPConnection
        do {
            connection = try await AMQPConnection.connect(broker, options: Self.options, logger: logger)
        } catch {
            return [Item(
                partner: self.partner, kind: "broker", name: "\(broker.host):\(broker.port)/\(broker.virtualHost)",
                state: "unknown", detail: BridgeLink.describe(error))]
        }
        var items: [Item] = []
        for exchange in self.exchanges {
            let present = (try? await connection.declareExchange(exchange, passive: true)) != nil
            items.append(Item(partner: self.partner, kind: "exchange", name: exchange.name, state: present ? "present" : "missing"))
        }
        let queue = try? await connection.declareQueue(self.queue, passive: true)
        items.append(Item(
            partner: self.partner, kind: "queue", name: self.queue.name, state: queue == nil ? "missing" : "present",
            detail: queue.map { "\($0.messageCount) ready, \($0.consumerCount) consumer(s)" }))
        for binding in self.bindings {
            // AMQP cannot ask whether a binding exists; re-binding is harmless, so apply always binds.
            items.append(Item(
                partner: self.partner, kind: "binding", name: "\(binding.source) → \(binding.destination) [\(binding.routingKey)]",
                state: queue == nil ? "missing" : "present"))
        }
        await connection.close()
        return items
    }

    /// Declares every object (idempotent) and returns what was done.
    public func apply(on broker: AMQPConfiguration, logger: Logger) async throws -> [String] {
        let connection = try await AMQPConnection.connect(broker, options: Self.options, logger: logger)
        var done: [String] = []
        do {
            for exchange in self.exchanges {
                try await connection.declareExchange(exchange)
                done.append("exchange \(exchange.name)")
            }
            try await connection.declareQueue(self.queue)
            done.append("queue \(self.queue.name)")
            for binding in self.bindings {
                try await connection.bindQueue(binding)
                done.append("binding \(binding.source) → \(binding.destination) [\(binding.routingKey)]")
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return done
    }

    private static var options: AMQPConnection.Options {
        var options = AMQPConnection.Options()
        options.reconnect = ReconnectBackoff(maxAttempts: 0)
        return options
    }
}
