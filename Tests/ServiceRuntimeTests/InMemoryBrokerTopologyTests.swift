import Contracts
import Foundation
import Messaging
import ServiceRuntime
import ServiceRuntimeTesting
import Testing
import Topology

/// Serialized: the first test loads the contracts synchronously, and the others would block on it, holding
/// every cooperative thread (the broker's TTL timers of other suites would then wait seconds).
@Suite(.serialized) struct InMemoryBrokerTopologyTests {
    static let contracts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")

    /// The contracts load and derive once (a few seconds in a debug build).
    static let topology: Result<BrokerTopology, TopologyLoadFailure> = {
        let loaded = ContractLoader(root: Self.contracts).load()
        guard loaded.errors.isEmpty else {
            return .failure(TopologyLoadFailure(description: "the contracts do not load: \(loaded.errors)"))
        }
        do {
            return .success(try TopologyDerivation(settings: TopologySettings()).derive(from: loaded.hub))
        } catch {
            return .failure(TopologyLoadFailure(description: "the derivation failed: \(error)"))
        }
    }()

    struct TopologyLoadFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func derived() throws -> BrokerTopology {
        try self.topology.get()
    }

    @Test func aDerivedTopologyRoutesEventsToTheConsumerQueue() async throws {
        let broker = InMemoryBroker(topology: try Self.derived())
        let transport = broker.transport()
        try await transport.checkExchange("procurement.events")
        let results = await transport.publish([
            testMessage("procurement.events", "procurement.tender.published.v1", id: "t1")
        ])
        #expect(try results[0].get().messageID == "t1")
        #expect(broker.messages(in: "notifications.procurement-events").map(\.properties.messageID) == ["t1"])
        #expect(try await transport.checkQueue("notifications.procurement-events") == 1)
    }

    @Test func anUnknownEventTypeLandsInTheUnroutableQueue() async throws {
        let broker = InMemoryBroker(topology: try Self.derived())
        try broker.publish(testMessage("procurement.events", "procurement.nothing.happened.v1", id: "n"))
        #expect(broker.count("passerelle.unroutable") == 1)
    }

    @Test func theDeliveryLimitPolicyParksARequeueLoop() async throws {
        let topology = try Self.derived()
        let queue = "notifications.procurement-events"
        let limit = try #require(topology.services.flatMap(\.queues).first { $0.name == queue }?.deliveryLimit)
        let broker = InMemoryBroker(topology: topology)
        try broker.publish(testMessage("procurement.events", "procurement.tender.published.v1", id: "t1"))
        var deliveries = try await broker.transport().consume(queue: queue, prefetch: 1).makeAsyncIterator()
        for _ in 0...limit {
            try #require(try await deliveries.next()?.first).reject(requeue: true)
        }
        #expect(broker.count(queue) == 0)
        let parked = try #require(broker.messages(in: "\(queue).dlq").first)
        #expect(parked.exchange == "notifications.retry")
        let death = try #require(parked.headers["x-death"]?.arrayValue?.first?.tableValue)
        #expect(death["reason"] == "delivery_limit")
        #expect(death["queue"] == .string(queue))
    }

    @Test func aRetryLevelHoldsItsCopyUntilTheTTL() async throws {
        let topology = try Self.derived()
        let queue = "notifications.procurement-events"
        let level = try #require(topology.services.flatMap(\.queues).first { $0.name == queue }?.retryLevels.first)
        let retryQueue = try #require(topology.queues.first { $0.parent == queue && $0.role == .retry })
        let broker = InMemoryBroker(topology: topology)
        let key = try #require(
            topology.bindings.first { $0.destination == retryQueue.name && $0.source == "notifications.retry" }?
                .routingKey)
        try broker.publish(testMessage("notifications.retry", key, id: "copy"))
        #expect(broker.count(retryQueue.name) == 1, "level \(level)")
        #expect(broker.count(queue) == 0)
    }
}
