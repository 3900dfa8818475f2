import ArgumentParser
import Foundation
import PasserelleCLI
import Storage

extension PasserelleBench {
    struct BenchE2E: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "e2e",
            abstract: "Measure a two-service flow through the outbox and the inbox on RabbitMQ and PostgreSQL.",
            discussion: """
                Runs the sample services of samples/contracts in this process, in a throwaway vhost and \
                database (both removed at the end): alpha's handler writes a row and publishes through its \
                outbox; beta consumes through its inbox and writes a row. Reports events/s end to end (first \
                alpha commit to last beta commit), the latency from alpha's commit to beta's commit at a fixed \
                rate (p50, p99), and the outbox relay's drain rate on its own. Targets: ≥ 5,000 events/s with \
                batching, p99 < 20 ms at 1,000 events/s, relay ≥ 15,000 events/s.
                """
        )

        @OptionGroup var management: ManagementOptions

        @Option(help: "Events in the throughput phase.")
        var messages = 20_000

        @Option(help: "Events per second in the latency phase.")
        var rate = 1_000

        @Option(name: .customLong("latency-seconds"), help: "Duration of the latency phase, in seconds.")
        var latencySeconds = 10

        @Option(name: .customLong("relay-messages"), help: "Outbox rows in the relay phase.")
        var relayMessages = 30_000

        @Option(help: "Deliveries per consumer transaction (1 = one transaction per event).")
        var batch = 50

        @Option(name: .customLong("relay-workers"), help: "Outbox relay workers per service instance.")
        var relayWorkers = 3

        @Option(help: "The sample contracts folder.")
        var contracts = "samples/contracts"

        @OptionGroup var database: BenchDatabaseOption

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...10_000_000).contains(self.messages) else {
                throw ValidationError("--messages must be 1…10,000,000, got \(self.messages)")
            }
            guard (1...100_000).contains(self.rate) else {
                throw ValidationError("--rate must be 1…100,000 events/s, got \(self.rate)")
            }
            guard (1...3600).contains(self.latencySeconds) else {
                throw ValidationError("--latency-seconds must be 1…3600, got \(self.latencySeconds)")
            }
            guard (1...10_000_000).contains(self.relayMessages) else {
                throw ValidationError("--relay-messages must be 1…10,000,000, got \(self.relayMessages)")
            }
            guard (1...16).contains(self.relayWorkers) else {
                throw ValidationError("--relay-workers must be 1…16, got \(self.relayWorkers)")
            }
            guard (1...1000).contains(self.batch) else {
                throw ValidationError("--batch must be 1…1000, got \(self.batch)")
            }
        }

        func run() async throws {
            let postgres = try self.database.configuration()
            let settings = E2EBenchmark.Settings(
                amqp: try self.management.amqp(vhost: "/"), management: try self.management.client(),
                postgres: postgres, contracts: URL(fileURLWithPath: self.contracts), messages: self.messages,
                rate: self.rate, latencySeconds: self.latencySeconds, relayMessages: self.relayMessages,
                batch: self.batch, relayWorkers: self.relayWorkers)
            let result = try await E2EBenchmark(settings: settings) { line in
                FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
            }.run()
            if self.json {
                try JSONOutput.print(result)
                return
            }
            var table = TextTable(columns: [.init("measure"), .init("value", alignment: .right), .init("target")])
            table.append(["events/s end to end (batch \(result.batch))", String(format: "%.0f", result.events_per_s), ""])
            table.append(["one consumer (beta) on a backlog, events/s", String(format: "%.0f", result.consumer_per_s), "≥ 5,000"])
            table.append(["one publishing consumer (alpha) on a backlog, events/s", String(format: "%.0f", result.publishing_consumer_per_s), ""])
            table.append(["latency p50 at \(result.latency_rate_per_s)/s (ms)", String(format: "%.2f", result.p50_ms), ""])
            table.append(["latency p99 at \(result.latency_rate_per_s)/s (ms)", String(format: "%.2f", result.p99_ms), "< 20"])
            table.append(["  alpha → row sent p50 / p99 (ms)", String(format: "%.2f / %.2f", result.relay_hop_p50_ms, result.relay_hop_p99_ms), ""])
            table.append(["  row sent → beta p50 / p99 (ms)", String(format: "%.2f / %.2f", result.delivery_hop_p50_ms, result.delivery_hop_p99_ms), ""])
            table.append(["relay drain events/s", String(format: "%.0f", result.relay_per_s), "≥ 15,000"])
            print(table.render())
        }
    }
}
