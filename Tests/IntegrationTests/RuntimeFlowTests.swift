import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

extension AMQPIntegration {
    /// The runtime on the real servers, in process: inbox, retries, parking, outbox.
    @Suite(.timeLimit(.minutes(3)))
    struct RuntimeFlowTests {
        @Test func aDuplicateDeliveryChangesStateOnce() async throws {
            try await withRuntimeTestBed("dup") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let id = UUID().uuidString.lowercased()
                let item = ItemSubmitted(itemId: "dup-1", sequence: 1, amount: 100)
                try await bed.submit([item, item], ids: [id, id])
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == 1 })
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.inbox") == 1 })
                // Both deliveries were settled: nothing is left in the queue, the effect happened once.
                try await Task.sleep(for: .milliseconds(500))
                #expect(try await bed.count("SELECT applied::int8 FROM alpha.items WHERE item_id = 'dup-1'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM alpha.outbox") == 1)
                #expect(try await bed.count("SELECT applied::int8 FROM beta.received WHERE item_id = 'dup-1'") == 1)
                #expect(alpha.host.metrics.exposition().contains("passerelle_inbox_duplicates_total"))
                try await alpha.waitUntilOutboxDrained()
                try await alpha.stop()
                try await beta.stop()
            }
        }

        @Test func transientFailuresRetryThenSucceedOnce() async throws {
            try await withRuntimeTestBed("transient") { bed in
                let faults = SampleFaults()
                faults.failTransiently("in-process", times: 2)
                // 1 try + 2 in-process retries fail, then the 1 s delay level, then success.
                faults.failTransiently("delayed", times: 3)
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha(faults: faults)))
                let started = ContinuousClock.now
                try await bed.submit([
                    ItemSubmitted(itemId: "in-process", sequence: 1, amount: 1, behaviour: .failTransient),
                    ItemSubmitted(itemId: "delayed", sequence: 2, amount: 2, behaviour: .failTransient),
                ])
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.items") == 2 })
                #expect(ContinuousClock.now - started >= .milliseconds(900))
                #expect(faults.attempts("in-process") == 3)
                #expect(faults.attempts("delayed") == 4)
                #expect(try await bed.count("SELECT sum(applied) FROM alpha.items") == 2)
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 0)
                let metrics = alpha.host.metrics.exposition()
                #expect(metrics.contains("level=\"in-process\""))
                #expect(metrics.contains("level=\"1s\""))
                try await alpha.stop()
            }
        }

        @Test func aPermanentErrorParksWithDiagnosticsAndAnInvalidMessageGoesToInvalid() async throws {
            try await withRuntimeTestBed("park") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                try await bed.submit([ItemSubmitted(itemId: "bad", sequence: 1, amount: 5, behaviour: .failPermanent)])
                // A message that violates the contract (negative amount), published around the typed API.
                try await withConnection("raw", configuration: try bed.topologyBed.amqp("raw")) { connection in
                    let publisher = try await connection.makePublisher()
                    var event = CloudEvent(
                        source: "/test/feeder", type: "feeder.item.submitted.v1",
                        data: Array(#"{"itemId":"neg","sequence":1,"amount":-5}"#.utf8))
                    event.datacontenttype = "application/json"
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: "feeder.events", routingKey: "feeder.item.submitted.v1", body: event.data,
                            properties: CloudEventAMQPMapping.properties(for: event)))
                }
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 2 })
                let rows = try await bed.query(
                    "SELECT reason, parking_queue, original_exchange, original_routing_key, attempts, error FROM alpha.parked_messages ORDER BY reason")
                let failed = try rows[0].decode((String, String, String, String, Int32, String).self)
                #expect(failed.0 == "failed")
                #expect(failed.1 == "alpha.feeder-events.dlq")
                #expect(failed.2 == "feeder.events")
                #expect(failed.3 == "feeder.item.submitted.v1")
                #expect(failed.4 == 1)
                #expect(failed.5.contains("sample permanent failure"))
                let invalid = try rows[1].decode((String, String, String, String, Int32, String).self)
                #expect(invalid.0 == "invalid")
                #expect(invalid.1 == "alpha.feeder-events.invalid")
                #expect(invalid.5.contains("amount"))
                // The broker copy carries every diagnostic header.
                try await withConnection("dlq", configuration: try bed.topologyBed.amqp("dlq")) { connection in
                    let consumer = try await connection.consume(queue: "alpha.feeder-events.dlq", prefetch: 10)
                    var iterator = consumer.makeAsyncIterator()
                    let delivery = try #require(try await iterator.next())
                    let headers = delivery.headers
                    #expect(headers[RuntimeHeaders.originalExchange]?.stringValue == "feeder.events")
                    #expect(headers[RuntimeHeaders.originalRoutingKey]?.stringValue == "feeder.item.submitted.v1")
                    #expect(headers[RuntimeHeaders.error]?.stringValue?.contains("sample permanent failure") == true)
                    #expect(headers[RuntimeHeaders.attempt]?.integerValue == 1)
                    #expect(headers[RuntimeHeaders.parkedAt]?.stringValue != nil)
                    #expect(headers[RuntimeHeaders.parkedID]?.stringValue != nil)
                    #expect(headers[RuntimeHeaders.reason]?.stringValue == "failed")
                    try delivery.nack(requeue: true)
                    await consumer.cancel()
                }
                #expect(try await bed.count("SELECT count(*) FROM alpha.items") == 0)
                #expect(alpha.host.metrics.exposition().contains("passerelle_messages_parked_total"))
                try await alpha.stop()
            }
        }

        @Test func publishesFromAServiceTransactionCarryTraceContextAndOldInboxRowsAreCleanedUp() async throws {
            try await withRuntimeTestBed("trace") { bed in
                let alpha = try await ServiceHarness.start(
                    try bed.host(SampleServices.alpha()) { $0.inboxRetention = .seconds(1) })
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                try await withConnection("traced", configuration: try bed.topologyBed.amqp("traced")) { connection in
                    let publisher = try await connection.makePublisher()
                    var event = CloudEvent(
                        source: "/test/feeder", type: "feeder.item.submitted.v1",
                        data: Array(#"{"itemId":"traced","sequence":1,"amount":5}"#.utf8))
                    event.traceparent = traceparent
                    event.correlationID = "corr-42"
                    _ = try await publisher.publish(
                        AMQPOutboundMessage(
                            exchange: "feeder.events", routingKey: "feeder.item.submitted.v1", body: event.data,
                            properties: CloudEventAMQPMapping.properties(for: event)))
                }
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == 1 })
                let attributes = try await bed.query("SELECT attributes::text FROM alpha.outbox")[0].decode(String.self, at: 0)
                #expect(attributes.contains("4bf92f3577b34da6a3ce929d0e0e4736"))
                #expect(!attributes.contains("00f067aa0ba902b7"))
                #expect(attributes.contains("corr-42"))
                try await Task.sleep(for: .milliseconds(1500))
                let cleaned = try await alpha.host.cleanUp()
                #expect(cleaned.inbox == 1)
                #expect(try await bed.count("SELECT count(*) FROM alpha.inbox") == 0)
                try await alpha.stop()
                try await beta.stop()
            }
        }

        @Test func batchedConsumptionHandlesEveryMessageOnce() async throws {
            try await withRuntimeTestBed("batch") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()) { $0.consumer.batchSize = 50 })
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()) { $0.consumer.batchSize = 100 })
                let faults = (0..<1000).map { ItemSubmitted(itemId: "b-\($0)", sequence: $0, amount: $0) }
                try await bed.submit(faults)
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == 1000 })
                #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE applied <> 1") == 0)
                #expect(try await bed.count("SELECT count(*) FROM alpha.items WHERE applied <> 1") == 0)
                try await alpha.stop()
                try await beta.stop()
                #expect(try await bed.count("SELECT count(*) FROM alpha.outbox WHERE sent_at IS NULL") == 0)
            }
        }
        @Test func twoInstancesOfAServiceShareTheWorkAndEachEffectHappensOnce() async throws {
            try await withRuntimeTestBed("instances") { bed in
                let first = try await ServiceHarness.start(try bed.host(SampleServices.alpha()) { $0.consumer.batchSize = 20 })
                let second = try await ServiceHarness.start(try bed.host(SampleServices.alpha()) { $0.consumer.batchSize = 20 })
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                try await bed.submit((0..<2000).map { ItemSubmitted(itemId: "i-\($0)", sequence: $0, amount: $0) })
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == 2000 })
                #expect(try await bed.count("SELECT count(*) FROM alpha.items WHERE applied <> 1") == 0)
                #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE applied <> 1") == 0)
                // Both instances consumed (the broker spreads deliveries over the two consumers).
                #expect(first.host.metrics.exposition().contains("passerelle_messages_handled_total"))
                #expect(second.host.metrics.exposition().contains("passerelle_messages_handled_total"))
                try await first.stop()
                try await second.stop()
                try await beta.stop()
                #expect(try await bed.count("SELECT count(*) FROM alpha.outbox WHERE sent_at IS NULL") == 0)
            }
        }
    }
}
