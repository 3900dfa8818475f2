import Messaging
import Topology

/// Checks, before the service starts, that the broker has everything the service uses: its consumer
/// queues with their retry and parking queues, its retry exchange and its events exchange. The service
/// never declares topology (its user may not): `passerelle topology apply` does.
enum TopologyCheck {
    /// What the service needs, from the derived topology.
    static func requirements(service: BrokerTopology.Service, topology: BrokerTopology) -> (queues: [String], exchanges: [String]) {
        var queues: [String] = []
        for queue in service.queues {
            queues.append(queue.name)
            queues.append(contentsOf: queue.retryLevels.map { "\(queue.name).retry.\($0.name)" })
            queues.append("\(queue.name).dlq")
            queues.append("\(queue.name).invalid")
        }
        var exchanges: [String] = []
        let known = Set(topology.exchanges.map(\.name))
        for name in ["\(service.context).retry", "\(service.context).events"] where known.contains(name) {
            exchanges.append(name)
        }
        return (queues, exchanges)
    }

    /// Passively declares each queue and exchange.
    ///
    /// - Throws: ``ServiceRuntimeError`` (`topologyMismatch`) listing everything missing.
    static func verify(queues: [String], exchanges: [String], transport: any RuntimeTransport) async throws {
        var missing: [String] = []
        for exchange in exchanges {
            do {
                try await transport.checkExchange(exchange)
            } catch let error as AMQPError where error.replyCode == 404 {
                missing.append("exchange \(exchange)")
            }
        }
        for queue in queues {
            do {
                _ = try await transport.checkQueue(queue)
            } catch let error as AMQPError where error.replyCode == 404 {
                missing.append("queue \(queue)")
            }
        }
        guard missing.isEmpty else {
            throw ServiceRuntimeError(
                .topologyMismatch,
                "the broker lacks \(missing.joined(separator: ", ")); run `passerelle topology apply`")
        }
    }
}
