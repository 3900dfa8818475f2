import Foundation
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Testing

extension AMQPIntegration {
    /// Crashes and restarts in the middle of a 5,000-message flow (feeder → alpha → beta): every effect
    /// exists exactly once, nothing is lost and nothing is parked.
    @Suite(.timeLimit(.minutes(5)))
    struct RuntimeChaosTests {
        static let total = 5_000

        static func items(_ prefix: String) -> [ItemSubmitted] {
            (0..<total).map { ItemSubmitted(itemId: "\(prefix)-\($0)", sequence: $0, amount: $0) }
        }

        /// Every item reached beta once, alpha applied each once, and nothing was parked.
        static func expectExactlyOnce(_ bed: RuntimeTestBed) async throws {
            let arrived = try await eventually(timeout: .seconds(150)) {
                try await bed.count("SELECT count(*) FROM beta.received") == total
            }
            let received = try await bed.count("SELECT count(*) FROM beta.received")
            #expect(arrived, "beta has \(received) of \(total)")
            #expect(try await bed.count("SELECT count(*) FROM alpha.items") == total)
            #expect(try await bed.count("SELECT count(*) FROM alpha.items WHERE applied <> 1") == 0)
            #expect(try await bed.count("SELECT count(*) FROM beta.received WHERE applied <> 1") == 0)
            #expect(try await bed.count("SELECT count(*) FROM alpha.parked_messages") == 0)
            #expect(try await bed.count("SELECT count(*) FROM beta.parked_messages") == 0)
        }

        @Test func killNineOfTheConsumerMidFlowThenRestart() async throws {
            try await withRuntimeTestBed("kill") { bed in
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let first = try SampleProcess("alpha", bed: bed)
                defer { first.cleanUp() }
                try await bed.submit(Self.items("k"))
                let midway = try await eventually(timeout: .seconds(60)) {
                    try await bed.count("SELECT count(*) FROM alpha.items") >= 1_500
                }
                #expect(midway, "alpha never got going: \(first.output)")
                first.signal(SIGKILL)
                #expect(await first.waitForExit(timeout: .seconds(10)) != nil)
                #expect(try await bed.count("SELECT count(*) FROM alpha.items") < Self.total)
                let second = try SampleProcess("alpha", bed: bed)
                defer { second.cleanUp() }
                try await Self.expectExactlyOnce(bed)
                second.signal(SIGTERM)
                #expect(await second.waitForExit(timeout: .seconds(30)) == 0, "\(second.output)")
                try await beta.stop()
            }
        }

        @Test func sigtermDuringLoadExitsZeroAndLosesNothing() async throws {
            try await withRuntimeTestBed("sigterm") { bed in
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let first = try SampleProcess("alpha", bed: bed)
                defer { first.cleanUp() }
                try await bed.submit(Self.items("t"))
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await bed.count("SELECT count(*) FROM alpha.items") >= 1_500
                })
                first.signal(SIGTERM)
                let status = await first.waitForExit(timeout: .seconds(40))
                #expect(status == 0, "exit \(String(describing: status)): \(first.output)")
                // The graceful stop flushed the outbox: nothing committed is left unsent.
                #expect(try await bed.count("SELECT count(*) FROM alpha.outbox WHERE sent_at IS NULL") == 0)
                #expect(try await bed.count("SELECT count(*) FROM alpha.items") < Self.total)
                let second = try SampleProcess("alpha", bed: bed)
                defer { second.cleanUp() }
                try await Self.expectExactlyOnce(bed)
                second.signal(SIGTERM)
                #expect(await second.waitForExit(timeout: .seconds(30)) == 0)
                try await beta.stop()
            }
        }

        @Test func brokerRestartMidFlowLosesNothingAndTheRelayResumes() async throws {
            try await withRuntimeTestBed("broker") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                try await bed.submit(Self.items("b"))
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await bed.count("SELECT count(*) FROM beta.received") >= 1_000
                })
                try await IntegrationEnvironment.rabbitmqctlAsync("stop_app")
                do {
                    try await Task.sleep(for: .seconds(3))
                    try await IntegrationEnvironment.rabbitmqctlAsync("start_app")
                    try await IntegrationEnvironment.rabbitmqctlAsync("await_startup")
                } catch {
                    try? await IntegrationEnvironment.rabbitmqctlAsync("start_app")
                    throw error
                }
                try await Self.expectExactlyOnce(bed)
                try await alpha.waitUntilOutboxDrained(timeout: .seconds(60))
                try await alpha.stop()
                try await beta.stop()
            }
        }

        @Test func postgresRestartMidFlowLosesNothingAndParksNothing() async throws {
            try await withRuntimeTestBed("postgres") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                try await bed.submit(Self.items("p"))
                #expect(try await eventually(timeout: .seconds(60)) {
                    try await bed.count("SELECT count(*) FROM beta.received") >= 1_000
                })
                try await Self.restartPostgres()
                try await Self.expectExactlyOnce(bed)
                #expect(alpha.host.metrics.exposition().contains("passerelle_consumer_circuit_open"))
                try await alpha.waitUntilOutboxDrained(timeout: .seconds(60))
                try await alpha.stop()
                try await beta.stop()
            }
        }

        static func restartPostgres() async throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let process = Process()
            process.executableURL = root.appendingPathComponent("scripts/infra")
            process.arguments = ["restart-postgres"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let status = await ChildExit.wait(for: process, timeout: .seconds(60))
            #expect(status == 0, "scripts/infra restart-postgres exited \(String(describing: status))")
        }
    }
}

