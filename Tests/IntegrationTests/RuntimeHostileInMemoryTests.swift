import ContractMessaging
import Contracts
import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import Topology

extension AMQPIntegration {
    /// Hostile messages on the in-memory broker (with the real PostgreSQL schema): a contract's own body
    /// limit, and a retry copy the broker refuses.
    @Suite(.timeLimit(.minutes(2)))
    struct RuntimeHostileInMemoryTests {
        @Test func aTypeDeclaringItsOwnBodyLimitIsHeldToIt() async throws {
            try await withRuntimeTestBed("limit") { bed in
                var loaded = ContractLoader(root: RuntimeTestBed.samplesURL).load()
                loaded.hub.messages[HostileMessages.type]?.maxBodyBytes = 2048
                let catalog = try MessageCatalog(hub: loaded.hub)
                #expect(catalog.maxBodyBytes(for: HostileMessages.type) == 2048)
                #expect(catalog.maxBodyBytes(for: "nobody.knows.this.v1") == 1_048_576)
                let broker = InMemoryBroker(topology: bed.topology)
                let configuration = try bed.configuration("alpha")
                let host = try ServiceHost(
                    definition: SampleServices.alpha(), configuration: configuration, catalog: catalog,
                    topology: bed.topology, logger: IntegrationEnvironment.logger,
                    transport: { broker.transport(user: configuration.amqp.username) })
                let alpha = try await ServiceHarness.start(host)
                let sender = try bed.topologyBed.amqp("operator").username
                let padded = #"{"itemId":"big","sequence":1,"amount":1}"# + String(repeating: " ", count: 3000)
                _ = try broker.publish(
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "big", sequence: 1, amount: 1), catalog: catalog, id: "big-id",
                        body: Array(padded.utf8), sender: sender))
                _ = try broker.publish(
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "small", sequence: 2, amount: 1), catalog: catalog, sender: sender))
                // A type nobody declared, over the default limit: refused for its size, not parsed.
                _ = try broker.publish(
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "stranger", sequence: 3, amount: 1), catalog: catalog, id: "stranger-id",
                        body: [UInt8](repeating: UInt8(ascii: "["), count: 1_048_577), sender: sender
                    ) { $0.headers["cloudEvents_type"] = "stranger.thing.happened.v1" })
                #expect(try await eventually {
                    let first = try await bed.count("SELECT count(*) FROM alpha.parked_messages")
                    let second = try await bed.count("SELECT count(*) FROM alpha.items")
                    return first == 2 && second == 1
                })
                let rows = try await bed.query("SELECT message_id, error FROM alpha.parked_messages ORDER BY message_id")
                let parked = try rows.map { try $0.decode((String, String).self) }
                #expect(parked.map(\.0) == ["big-id", "stranger-id"])
                #expect(parked[0].1 == "body is \(padded.utf8.count) bytes; feeder.item.submitted.v1 allows at most 2048 (x-passerelle-max-body-bytes)")
                #expect(parked[1].1 == "body is 1048577 bytes; unknown type stranger.thing.happened.v1 allows at most 1048576 (the default of x-passerelle-max-body-bytes)")
                #expect(try await eventually { broker.count("alpha.feeder-events.invalid") == 2 })
                try await alpha.stop()
            }
        }

        @Test func aRetryCopyTheBrokerRefusesIsHeldWhileTheOthersFlowThenGoesThrough() async throws {
            try await withRuntimeTestBed("refused-retry") { bed in
                // Nothing bound to the first delay level: the retry copy comes back unroutable.
                var topology = bed.topology
                topology.bindings.removeAll { $0.source == "alpha.retry" && $0.routingKey == "alpha.feeder-events.1s" }
                let broker = InMemoryBroker(topology: topology)
                let faults = SampleFaults()
                // 1 try + 2 in-process retries fail, then the delay level, then success.
                faults.failTransiently("flaky", times: 3)
                let configuration = try bed.configuration("alpha")
                // The copy is stamped with alpha's own user, as RabbitMQ would.
                let host = try ServiceHost(
                    definition: SampleServices.alpha(faults: faults), configuration: configuration,
                    catalog: bed.catalog, topology: bed.topology, logger: IntegrationEnvironment.logger,
                    transport: { broker.transport(user: configuration.amqp.username) })
                let alpha = try await ServiceHarness.start(host)
                let sender = try bed.topologyBed.amqp("operator").username
                _ = try broker.publish(
                    try HostileMessages.item(
                        ItemSubmitted(itemId: "flaky", sequence: 0, amount: 1, behaviour: .failTransient), catalog: bed.catalog,
                        sender: sender))
                for index in 1...5 {
                    _ = try broker.publish(
                        try HostileMessages.item(
                            ItemSubmitted(itemId: "after-\(index)", sequence: index, amount: 1), catalog: bed.catalog, sender: sender))
                }
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.items") == 5 })
                // The refused one is held, unacknowledged, and counted.
                #expect(try await eventually { broker.unacked("alpha.feeder-events") == 1 })
                #expect(try await eventually {
                    RuntimeHostileMessageTests.value(
                        of: "passerelle_republish_refused_total", path: "retry", in: alpha.host.metrics.exposition()) >= 2
                })
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 0)

                // Once the level is bound again, the held copy goes through, comes back after 1 s and succeeds.
                try broker.bind(queue: "alpha.feeder-events.retry.1s", exchange: "alpha.retry", routingKey: "alpha.feeder-events.1s")
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await bed.count("SELECT count(*) FROM alpha.items WHERE item_id = 'flaky'") == 1
                })
                #expect(broker.unacked("alpha.feeder-events") == 0)
                #expect(faults.attempts("flaky") == 4)
                #expect(alpha.host.metrics.exposition().contains("level=\"1s\""))
                try await alpha.stop()
            }
        }
    }
}
