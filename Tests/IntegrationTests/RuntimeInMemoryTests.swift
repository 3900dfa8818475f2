import ContractMessaging
import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

extension AMQPIntegration {
    /// The test kit as a service author uses it: the service on the in-memory broker (no RabbitMQ), with
    /// its real PostgreSQL schema.
    @Suite(.timeLimit(.minutes(2)))
    struct RuntimeInMemoryTests {
        @Test func aServiceRunsOnTheInMemoryBroker() async throws {
            try await withRuntimeTestBed("inmemory") { bed in
                let broker = InMemoryBroker(topology: bed.topology)
                let faults = SampleFaults()
                faults.failTransiently("flaky", times: 1)
                var configuration = try bed.configuration("alpha")
                configuration.consumer.batchSize = 10
                let host = try ServiceHost(
                    definition: SampleServices.alpha(faults: faults), configuration: configuration,
                    catalog: bed.catalog, topology: bed.topology, logger: IntegrationEnvironment.logger,
                    transport: { broker.transport() })
                let alpha = try await ServiceHarness.start(host)
                for (index, id) in ["a", "b", "flaky"].enumerated() {
                    let (event, exchange) = try bed.catalog.makeEvent(
                        ItemSubmitted(itemId: id, sequence: index, amount: index, behaviour: id == "flaky" ? .failTransient : nil),
                        envelope: TypedPublisher.Envelope(), source: "/test/feeder")
                    _ = try broker.publish(
                        AMQPOutboundMessage(
                            exchange: exchange, routingKey: event.type, body: event.data,
                            properties: try bed.asOperator(CloudEventAMQPMapping.properties(for: event))))
                }
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.items") == 3 })
                try await alpha.waitUntilOutboxDrained()
                // The relay published alpha's events to the in-memory beta queue, with confirms.
                #expect(try await eventually { broker.count("beta.alpha-events") == 3 })
                #expect(broker.count("alpha.feeder-events") == 0)
                #expect(faults.attempts("flaky") == 2)
                try await alpha.stop()
            }
        }
        @Test func messagesOfOneAggregateLeaveTheOutboxInOrder() async throws {
            try await withRuntimeTestBed("order") { bed in
                let broker = InMemoryBroker(topology: bed.topology)
                var configuration = try bed.configuration("alpha")
                configuration.relay.batchSize = 7
                configuration.relay.workers = 3
                let host = try ServiceHost(
                    definition: SampleServices.alpha(), configuration: configuration, catalog: bed.catalog,
                    topology: bed.topology, logger: IntegrationEnvironment.logger, transport: { broker.transport() })
                let alpha = try await ServiceHarness.start(host)
                // Written while the relay runs: its workers share the rows, in rounds of 7.
                for chunk in 0..<10 {
                    try await host.withTransaction { transaction in
                        for index in (chunk * 20)..<(chunk * 20 + 20) {
                            // Two aggregates, interleaved.
                            try await transaction.publish(
                                ItemRecorded(itemId: "o-\(index)", sequence: index, amount: index % 2, committedAtMicros: 0),
                                aggregate: index % 2 == 0 ? "even" : "odd")
                        }
                    }
                }
                try await alpha.waitUntilOutboxDrained()
                let messages = broker.messages(in: "beta.alpha-events")
                #expect(messages.count == 200)
                let sequences = try messages.map { message -> (Int, Int) in
                    let item = try JSONDecoder().decode(ItemRecorded.self, from: Data(message.body))
                    return (item.amount, item.sequence)
                }
                for parity in [0, 1] {
                    let order = sequences.filter { $0.0 == parity }.map(\.1)
                    #expect(order == order.sorted(), "aggregate \(parity) out of order")
                }
                try await alpha.stop()
            }
        }
    }
}
