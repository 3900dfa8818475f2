import Foundation
import Messaging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

extension AMQPIntegration {
    /// Publishes of one transaction are written together before the commit; savepoints and reads of the
    /// outbox see exactly what they would if each publish were inserted at once.
    @Suite(.timeLimit(.minutes(2)))
    struct RuntimeOutboxTests {
        private func record(_ id: String, _ sequence: Int) -> ItemRecorded {
            ItemRecorded(itemId: id, sequence: sequence, amount: sequence, committedAtMicros: 0)
        }

        @Test func savepointsReadsAndOrderSeeThePublishesOfTheTransaction() async throws {
            try await withRuntimeTestBed("outbox") { bed in
                // Apply alpha's migrations, then work on its schema with no relay running.
                let started = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                try await started.stop()
                let host = try bed.host(SampleServices.alpha())
                let seen = try await host.withTransaction { transaction in
                    for sequence in 0..<3 {
                        try await transaction.publish(self.record("kept-\(sequence)", sequence), aggregate: "k")
                    }
                    try await transaction.execute("SAVEPOINT attempt")
                    try await transaction.publish(self.record("dropped", 9), aggregate: "k")
                    try await transaction.execute("ROLLBACK TO SAVEPOINT attempt")
                    try await transaction.publish(self.record("kept-3", 3), aggregate: "k")
                    // A statement naming the outbox sees every publish so far.
                    return try await transaction.query("SELECT count(*) FROM outbox")[0].decode(Int64.self, at: 0)
                }
                #expect(seen == 4)
                // A rolled-back transaction leaves nothing.
                struct Refused: Error {}
                await #expect(throws: Refused.self) {
                    try await host.withTransaction { transaction in
                        try await transaction.publish(self.record("never", 0), aggregate: "n")
                        throw Refused()
                    }
                }
                let rows = try await bed.query(
                    "SELECT convert_from(body, 'UTF8')::jsonb->>'itemId', partition FROM alpha.outbox ORDER BY id")
                let ids = try rows.map { try $0.decode(String.self, at: 0) }
                #expect(ids == ["kept-0", "kept-1", "kept-2", "kept-3"])
                #expect(Set(try rows.map { try $0.decode(Int32.self, at: 1) }).count == 1, "one aggregate, one partition")
            }
        }
    }
}
