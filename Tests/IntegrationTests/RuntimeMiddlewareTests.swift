import ContractMessaging
import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Synchronization
import Testing

extension AMQPIntegration {
    /// Handler middleware, refusals and catch-all registrations, on the in-memory broker with the real
    /// PostgreSQL schemas.
    @Suite(.timeLimit(.minutes(2)))
    struct RuntimeMiddlewareTests {
        func submit(_ items: [ItemSubmitted], bed: RuntimeTestBed, broker: InMemoryBroker) throws {
            for item in items {
                let (event, exchange) = try bed.catalog.makeEvent(item, envelope: TypedPublisher.Envelope(), source: "/test/feeder")
                _ = try broker.publish(
                    AMQPOutboundMessage(
                        exchange: exchange, routingKey: event.type, body: event.data,
                        properties: try bed.asOperator(CloudEventAMQPMapping.properties(for: event))))
            }
        }

        @Test func middlewareWrapsHandlersInOrderAndARefusalRollsBackOnlyItsHandler() async throws {
            try await withRuntimeTestBed("middleware") { bed in
                let broker = InMemoryBroker(topology: bed.topology)
                let trace = Mutex<[String]>([])
                var definition = SampleServices.alpha()
                var handlers = ServiceHandlers()
                handlers.use(HandlerMiddleware("outer") { message, context, next in
                    trace.withLock { $0.append("outer>") }
                    try await next(context)
                    trace.withLock { $0.append("<outer") }
                })
                handlers.use(.refusals { problem, message, context in
                    let item = try #require(message as? ItemSubmitted)
                    // What the refusal records survives; what the handler wrote before refusing does not.
                    try await context.transaction.execute(
                        "INSERT INTO items (item_id, sequence, amount, committed_micros) VALUES (\(problem.code + ":" + item.itemId), 0, 0, 0)")
                })
                // Items numbered 13 are not this sender's to submit.
                handlers.use(.authorization { message, _ in (message as? ItemSubmitted)?.sequence != 13 })
                handlers.on(ItemSubmitted.self) { item, context in
                    trace.withLock { $0.append("handler \(item.itemId)") }
                    try await context.transaction.execute(
                        "INSERT INTO items (item_id, sequence, amount, committed_micros) VALUES (\(item.itemId), \(item.sequence), \(item.amount), 0)")
                    if item.amount > 100 {
                        throw ServiceProblem(.invalid, code: "tooExpensive", field: "amount", rule: "at most 100", "too expensive")
                    }
                }
                definition.handlers = handlers
                let host = try ServiceHost(
                    definition: definition, configuration: try bed.configuration("alpha"), catalog: bed.catalog,
                    topology: bed.topology, logger: IntegrationEnvironment.logger, transport: { broker.transport() })
                let alpha = try await ServiceHarness.start(host)
                try self.submit(
                    [
                        ItemSubmitted(itemId: "cheap", sequence: 1, amount: 5), ItemSubmitted(itemId: "dear", sequence: 2, amount: 500),
                        ItemSubmitted(itemId: "unlucky", sequence: 13, amount: 5),
                    ],
                    bed: bed, broker: broker)
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.items") == 3 })
                #expect(try await bed.count(
                    "SELECT count(*) FROM alpha.items WHERE item_id IN ('cheap', 'tooExpensive:dear', 'forbidden:unlucky')") == 3)
                #expect(try await eventually { broker.count("alpha.feeder-events") == 0 && broker.unacked("alpha.feeder-events") == 0 })
                #expect(broker.count("alpha.feeder-events.dlq") == 0)
                #expect(broker.count("alpha.feeder-events.invalid") == 0)
                let steps = trace.withLock { $0 }
                // The unauthorised item never reached its handler.
                #expect(steps.filter { $0.hasPrefix("handler") }.sorted() == ["handler cheap", "handler dear"])
                #expect(steps.first == "outer>" && steps.last == "<outer")
                try await alpha.stop()
            }
        }

        @Test func aCatchAllHandlesEveryTypeOfItsContextsThatHasNoHandler() async throws {
            try await withRuntimeTestBed("catchall") { bed in
                let broker = InMemoryBroker(topology: bed.topology)
                let seen = Mutex<[String]>([])
                var definition = SampleServices.beta()
                var handlers = ServiceHandlers()
                handlers.onEvery(receivedFrom: ["alpha"]) { context in
                    let payload = try JSONDecoder().decode(ItemRecorded.self, from: Data(context.event.data))
                    seen.withLock { $0.append("\(context.event.type) \(payload.itemId)") }
                }
                definition.handlers = handlers
                let host = try ServiceHost(
                    definition: definition, configuration: try bed.configuration("beta"), catalog: bed.catalog,
                    topology: bed.topology, logger: IntegrationEnvironment.logger, transport: { broker.transport() })
                let beta = try await ServiceHarness.start(host)
                let (event, exchange) = try bed.catalog.makeEvent(
                    ItemRecorded(itemId: "x", sequence: 1, amount: 1, committedAtMicros: 1), envelope: TypedPublisher.Envelope(),
                    source: "/test/alpha")
                _ = try broker.publish(
                    AMQPOutboundMessage(
                        exchange: exchange, routingKey: event.type, body: event.data,
                        properties: try bed.asOperator(CloudEventAMQPMapping.properties(for: event))))
                #expect(try await eventually { seen.withLock { $0 } == ["alpha.item.recorded.v1 x"] })
                try await beta.stop()

                // Without the catch-all the service is refused at start: it receives a type it does not handle.
                var bare = SampleServices.beta()
                bare.handlers = ServiceHandlers()
                #expect(throws: ServiceRuntimeError.self) {
                    try ServiceHost(
                        definition: bare, configuration: try bed.configuration("beta"), catalog: bed.catalog,
                        topology: bed.topology, logger: IntegrationEnvironment.logger, transport: { broker.transport() })
                }
            }
        }
    }
}
