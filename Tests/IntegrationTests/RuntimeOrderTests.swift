import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

extension AMQPIntegration {
    /// The outbox relay's ordering promise on the real servers: the messages of one aggregate reach the
    /// consumer in the order they were published, with several relay workers and a refused row.
    @Suite(.timeLimit(.minutes(3)))
    struct RuntimeOrderTests {
        /// Per aggregate, beta's sequence numbers in the order beta handled them (by its clock).
        private func receivedOrder(_ bed: RuntimeTestBed, prefix: String) async throws -> [String: [Int64]] {
            let rows = try await bed.query(
                """
                SELECT split_part(item_id, '/', 1), sequence FROM beta.received
                WHERE item_id LIKE \(prefix + "%") ORDER BY beta_micros, sequence
                """)
            var order: [String: [Int64]] = [:]
            for row in rows {
                let (aggregate, sequence) = try row.decode((String, Int64).self)
                order[aggregate, default: []].append(sequence)
            }
            return order
        }

        @Test func eachAggregateArrivesInPublishOrderWithSeveralRelayWorkers() async throws {
            try await withRuntimeTestBed("order") { bed in
                // Small rounds and three workers: the helpers join in on the backlog, so partitions are
                // shared out between workers round after round.
                let alpha = try await ServiceHarness.start(
                    try bed.host(SampleServices.alpha()) {
                        $0.relay.workers = 3
                        $0.relay.batchSize = 25
                    })
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let aggregates = 8
                let perAggregate = 150
                // Each aggregate's events are published one transaction after the other (as an aggregate's
                // own row lock would order them); the aggregates run concurrently.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for aggregate in 0..<aggregates {
                        group.addTask {
                            for sequence in 0..<perAggregate {
                                _ = try await alpha.host.withTransaction { transaction in
                                    try await transaction.publish(
                                        ItemRecorded(
                                            itemId: "o\(aggregate)/\(sequence)", sequence: sequence, amount: sequence,
                                            committedAtMicros: 0),
                                        aggregate: "o\(aggregate)")
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let total = aggregates * perAggregate
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == total })
                let order = try await self.receivedOrder(bed, prefix: "o")
                #expect(order.count == aggregates)
                for (aggregate, sequences) in order {
                    #expect(sequences == (0..<Int64(perAggregate)).map { $0 }, "aggregate \(aggregate) out of order")
                }
                #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE applied <> 1") == 0)
                try await alpha.stop()
                try await beta.stop()
            }
        }

        @Test func aRefusedRowHoldsBackItsAggregateUntilItIsSent() async throws {
            try await withRuntimeTestBed("held") { bed in
                // Apply alpha's migrations, then stop it so the rows can be prepared before any relay runs.
                let first = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                try await first.stop()
                let writer = try bed.host(SampleServices.alpha())
                for sequence in 0..<5 {
                    for aggregate in ["held", "free"] {
                        _ = try await writer.withTransaction { transaction in
                            try await transaction.publish(
                                ItemRecorded(
                                    itemId: "\(aggregate)/\(sequence)", sequence: sequence, amount: sequence,
                                    committedAtMicros: 0),
                                aggregate: aggregate)
                        }
                    }
                }
                // The first row of "held" names an exchange that does not exist: the broker refuses it.
                let exchange = try await bed.query(
                    "SELECT exchange FROM alpha.outbox WHERE aggregate_key = 'held' ORDER BY id LIMIT 1"
                )[0].decode(String.self, at: 0)
                _ = try await bed.query(
                    """
                    UPDATE alpha.outbox SET exchange = 'no.such.exchange'
                    WHERE id = (SELECT min(id) FROM alpha.outbox WHERE aggregate_key = 'held')
                    """)
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                // "free" goes through; nothing of "held" does while its first row is refused.
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received WHERE item_id LIKE 'free/%'") == 5 })
                #expect(
                    try await eventually {
                        try await bed.count(
                            "SELECT count(*) FROM alpha.outbox WHERE exchange = 'no.such.exchange' AND attempts >= 2 AND last_error IS NOT NULL"
                        ) == 1
                    })
                #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE item_id LIKE 'held/%'") == 0)
                #expect(try await bed.count("SELECT count(*) FROM alpha.outbox WHERE aggregate_key = 'held' AND sent_at IS NOT NULL") == 0)
                // The cause is fixed (and its back-off cut short): the whole aggregate follows, in order.
                _ = try await bed.query(
                    """
                    UPDATE alpha.outbox SET exchange = \(exchange), next_attempt_at = now()
                    WHERE exchange = 'no.such.exchange'
                    """)
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received WHERE item_id LIKE 'held/%'") == 5 })
                let order = try await self.receivedOrder(bed, prefix: "held/")
                #expect(order["held"] == [0, 1, 2, 3, 4])
                #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE applied <> 1") == 0)
                try await alpha.stop()
                try await beta.stop()
            }
        }
    }
}
