import ArgumentParser
import Foundation
import PasserelleOps
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

@testable import PasserelleCLI

extension AMQPIntegration {
    /// A message the runtime parked is replayed with `passerelle dlq replay` once the cause is fixed.
    @Suite(.timeLimit(.minutes(3)))
    struct RuntimeReplayTests {
        @Test func aParkedMessageReplaysAndSucceedsAfterTheFix() async throws {
            try await withRuntimeTestBed("replay") { bed in
                let faults = SampleFaults()
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha(faults: faults)))
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                try await bed.submit([ItemSubmitted(itemId: "fixme", sequence: 1, amount: 7, behaviour: .failPermanent)])
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 1 })
                #expect(try await bed.count("SELECT count(*) FROM alpha.items") == 0)

                faults.fixPermanentFailures()
                let settings = FileManager.default.temporaryDirectory.appendingPathComponent("rt-replay-\(UUID()).yaml")
                try Data("vhost: \(bed.vhost)\nuserPrefix: \(bed.topologyBed.userPrefix)\n".utf8).write(to: settings)
                defer { try? FileManager.default.removeItem(at: settings) }
                let postgres = RuntimeTestBed.postgres(database: bed.database)
                let databaseURL =
                    "postgres://\(postgres.user ?? "postgres"):\(postgres.password ?? "")@\(postgres.host ?? "127.0.0.1"):\(postgres.port ?? 5432)/\(bed.database)"
                try await DLQReplayCommand.parse([
                    "--all", "--service", "alpha", "--contracts", RuntimeTestBed.samplesURL.path, "--settings",
                    settings.path, "--amqp-url", IntegrationEnvironment.amqpURL, "--database-url", databaseURL,
                ]).run()

                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received WHERE item_id = 'fixme'") == 1 })
                #expect(try await bed.count("SELECT applied::int8 FROM alpha.items WHERE item_id = 'fixme'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages WHERE status = 'replayed'") == 1)
                #expect(try await bed.count("SELECT count(*) FROM alpha.parked_message_history WHERE action = 'replayed'") == 1)
                #expect(faults.attempts("fixme") == 2)
                try await alpha.stop()
                try await beta.stop()
            }
        }
    }
}
