import ArgumentParser
import Foundation
import Logging
import Messaging
import PasserelleCLI

extension PasserelleBench {
    /// `passerelle bench amqp`: publish with confirms, then consume with acks, against the C reference.
    struct BenchAMQP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "amqp",
            abstract: "Measure confirmed publishing and acked consuming, compared with plain rabbitmq-c.",
            discussion: """
                Publishes N persistent messages with publisher confirms (W in flight) to a fresh queue, then \
                consumes and acks them all. The plain-C reference (Benchmarks/AMQPReference) runs the same \
                work on the same broker in the same invocation, and the ratio is printed. Target: ≥ 0.9×.
                """
        )

        @Option(help: "Messages to publish and consume.")
        var messages = 100_000

        @Option(help: "Body size in bytes.")
        var size = 512

        @Option(help: "Messages in flight (unconfirmed); also the consumer prefetch.")
        var window = 1000

        @Option(name: .customLong("queue-type"), help: "classic or quorum.")
        var queueType = "quorum"

        @Option(name: .customLong("amqp-url"), help: "Broker URL. Default: $PASSERELLE_AMQP_URL, else amqp://guest:***@localhost:5672/%2F.")
        var amqpURL: String?

        @Flag(name: .customLong("skip-reference"), help: "Do not run the C reference.")
        var skipReference = false

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard self.messages > 0 else { throw ValidationError("--messages must be at least 1, got \(self.messages)") }
            guard (0...(64 << 20)).contains(self.size) else {
                throw ValidationError("--size must be between 0 and 67108864 bytes, got \(self.size)")
            }
            guard (1...65_535).contains(self.window) else {
                throw ValidationError("--window must be between 1 and 65535, got \(self.window)")
            }
            guard ["classic", "quorum"].contains(self.queueType) else {
                throw ValidationError("--queue-type must be classic or quorum, got \(self.queueType)")
            }
            _ = try self.brokerConfiguration()
        }

        private func brokerConfiguration() throws -> AMQPConfiguration {
            let url = self.amqpURL ?? ProcessInfo.processInfo.environment["PASSERELLE_AMQP_URL"]
                ?? "amqp://guest:guest@localhost:5672/%2F"
            do {
                return try AMQPConfiguration(url: url)
            } catch {
                throw ValidationError("--amqp-url: \(error.message)")
            }
        }

        func run() async throws {
            let settings = AMQPBenchmark.Settings(
                configuration: try self.brokerConfiguration(), messages: self.messages, size: self.size,
                window: self.window, queueType: self.queueType)
            let progress: @Sendable (String) -> Void = { line in
                FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
            }
            let swift = try await AMQPBenchmark(
                settings: settings, logger: Logger(label: "passerelle.bench"), progress: progress
            ).run()
            var reference: ReferenceBenchmark.Result?
            if !self.skipReference {
                guard let executable = ReferenceBenchmark.locate() else {
                    throw ValidationError("passerelle-amqp-reference not found next to passerelle; build the package first")
                }
                progress("running the C reference (rabbitmq-c) with the same settings")
                reference = try ReferenceBenchmark(executable: executable, settings: settings).run()
            }
            let report = BenchAMQPReport(settings: settings, swift: swift, reference: reference)
            if self.json {
                try JSONOutput.print(report)
            } else {
                print(report.renderText(), terminator: "")
            }
            if swift.failedPublishes > 0 {
                throw ExitCode.failure
            }
        }
    }
}

/// The result of `passerelle bench amqp`, for the table and for `--json`.
struct BenchAMQPReport: Encodable {
    var messages: Int
    var size: Int
    var window: Int
    var queueType: String
    var publishPerSecond: Double
    var consumePerSecond: Double
    var confirmP50Milliseconds: Double
    var confirmP99Milliseconds: Double
    var failedPublishes: Int
    var referencePublishPerSecond: Double?
    var referenceConsumePerSecond: Double?
    var referenceConfirmP50Milliseconds: Double?
    var referenceConfirmP99Milliseconds: Double?
    var publishRatio: Double?
    var consumeRatio: Double?

    enum CodingKeys: String, CodingKey {
        case messages, size, window
        case queueType = "queue_type"
        case publishPerSecond = "publish_per_s"
        case consumePerSecond = "consume_per_s"
        case confirmP50Milliseconds = "confirm_p50_ms"
        case confirmP99Milliseconds = "confirm_p99_ms"
        case failedPublishes = "failed_publishes"
        case referencePublishPerSecond = "reference_publish_per_s"
        case referenceConsumePerSecond = "reference_consume_per_s"
        case referenceConfirmP50Milliseconds = "reference_confirm_p50_ms"
        case referenceConfirmP99Milliseconds = "reference_confirm_p99_ms"
        case publishRatio = "publish_ratio"
        case consumeRatio = "consume_ratio"
    }

    init(settings: AMQPBenchmark.Settings, swift: AMQPBenchmark.Result, reference: ReferenceBenchmark.Result?) {
        self.messages = settings.messages
        self.size = settings.size
        self.window = settings.window
        self.queueType = settings.queueType
        self.publishPerSecond = swift.publishPerSecond
        self.consumePerSecond = swift.consumePerSecond
        self.confirmP50Milliseconds = swift.confirmP50Milliseconds
        self.confirmP99Milliseconds = swift.confirmP99Milliseconds
        self.failedPublishes = swift.failedPublishes
        if let reference {
            self.referencePublishPerSecond = reference.publishPerSecond
            self.referenceConsumePerSecond = reference.consumePerSecond
            self.referenceConfirmP50Milliseconds = reference.confirmP50Milliseconds
            self.referenceConfirmP99Milliseconds = reference.confirmP99Milliseconds
            self.publishRatio = swift.publishPerSecond / reference.publishPerSecond
            self.consumeRatio = swift.consumePerSecond / reference.consumePerSecond
        }
    }

    func renderText() -> String {
        func rate(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        func ms(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f×", $0) } ?? "-" }
        var table = TextTable(columns: [
            .init("METRIC"), .init("PASSERELLE", alignment: .right), .init("RABBITMQ-C", alignment: .right),
            .init("RATIO", alignment: .right),
        ])
        table.append(["publish msg/s", rate(self.publishPerSecond), rate(self.referencePublishPerSecond), ratio(self.publishRatio)])
        table.append(["consume msg/s", rate(self.consumePerSecond), rate(self.referenceConsumePerSecond), ratio(self.consumeRatio)])
        table.append(["confirm p50 ms", ms(self.confirmP50Milliseconds), ms(self.referenceConfirmP50Milliseconds), ""])
        table.append(["confirm p99 ms", ms(self.confirmP99Milliseconds), ms(self.referenceConfirmP99Milliseconds), ""])
        var text = "\(self.messages) messages × \(self.size) B, window \(self.window), \(self.queueType) queue\n"
        text += table.render()
        if self.failedPublishes > 0 {
            text += "\(self.failedPublishes) publishes were not confirmed\n"
        }
        return text
    }
}
