import Foundation
import Messaging
import PasserelleCLI

/// Runs the plain-C rabbitmq-c reference program (`passerelle-amqp-reference`, built from
/// `Benchmarks/AMQPReference`) with the same settings, and reads its one-line JSON result.
struct ReferenceBenchmark {
    struct Result: Decodable {
        var publishPerSecond: Double
        var consumePerSecond: Double
        var confirmP50Milliseconds: Double
        var confirmP99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case publishPerSecond = "publish_per_s"
            case consumePerSecond = "consume_per_s"
            case confirmP50Milliseconds = "confirm_p50_ms"
            case confirmP99Milliseconds = "confirm_p99_ms"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The reference binary: next to the running `passerelle` executable (both are products of this package).
    static func locate() -> URL? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = executable.deletingLastPathComponent().appendingPathComponent("passerelle-amqp-reference")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    let executable: URL
    let settings: AMQPBenchmark.Settings

    func run() throws -> Result {
        let configuration = self.settings.configuration
        let process = Process()
        process.executableURL = self.executable
        process.arguments = [
            "--host", configuration.host, "--port", "\(configuration.port)", "--user", configuration.username,
            "--vhost", configuration.virtualHost, "--messages", "\(self.settings.messages)",
            "--size", "\(self.settings.size)", "--window", "\(self.settings.window)",
            "--queue-type", self.settings.queueType,
            "--heartbeat", "\(configuration.heartbeat.components.seconds)",
        ]
        // The password goes through the environment so it never shows in `ps`.
        var environment = ProcessInfo.processInfo.environment
        environment["PASSERELLE_REFERENCE_PASSWORD"] = configuration.password
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "the C reference exited with status \(process.terminationStatus)")
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else {
            throw Failure(description: "the C reference printed nothing")
        }
        return try JSONDecoder().decode(Result.self, from: Data(line.utf8))
    }
}
