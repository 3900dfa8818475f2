import ArgumentParser
import Contracts
import Foundation
import JSONSchema
import PasserelleCLI

extension PasserelleBench {
    /// `passerelle bench validate`: JSON Schema validations per second of a typical ~1 KB event.
    struct BenchValidate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Measure JSON Schema validations per second of a typical ~1 KB event, on one core.",
            discussion: "Target: at least 100,000 validations per second. Run it on a release build."
        )

        @Option(help: "Validations per measured run.")
        var iterations = 200_000

        @Option(help: "Measured runs; the best one is reported.")
        var runs = 3

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard self.iterations > 0 else { throw ValidationError("--iterations must be at least 1, got \(self.iterations)") }
            guard (1...20).contains(self.runs) else { throw ValidationError("--runs must be between 1 and 20, got \(self.runs)") }
        }

        struct Report: Encodable {
            var validationsPerSecond: Double
            var parseAndValidatePerSecond: Double
            var parsesPerSecond: Double
            var eventBytes: Int
            var iterations: Int
            var runs: Int

            enum CodingKeys: String, CodingKey {
                case iterations, runs
                case validationsPerSecond = "validations_per_s"
                case parseAndValidatePerSecond = "parse_and_validate_per_s"
                case parsesPerSecond = "parses_per_s"
                case eventBytes = "event_bytes"
            }
        }

        func run() async throws {
            var best: JSONSchemaBenchmark.Measurement?
            for run in 1...self.runs {
                FileHandle.standardError.write(Data("bench: run \(run)/\(self.runs), \(self.iterations) validations\n".utf8))
                let measurement = JSONSchemaBenchmark.measure(iterations: self.iterations, options: .contracts)
                if measurement.validationsPerSecond > best?.validationsPerSecond ?? 0 {
                    best = measurement
                }
            }
            guard let best else { return }
            let report = Report(
                validationsPerSecond: best.validationsPerSecond, parseAndValidatePerSecond: best.parseAndValidatePerSecond,
                parsesPerSecond: best.parsesPerSecond, eventBytes: best.eventBytes, iterations: self.iterations, runs: self.runs)
            if self.json {
                try JSONOutput.print(report)
            } else {
                var table = TextTable(columns: [.init("METRIC"), .init("PER SECOND", alignment: .right)])
                table.append(["validate (parsed event)", String(format: "%.0f", report.validationsPerSecond)])
                table.append(["parse + validate", String(format: "%.0f", report.parseAndValidatePerSecond)])
                table.append(["parse only", String(format: "%.0f", report.parsesPerSecond)])
                print("event of \(report.eventBytes) bytes, one core, best of \(self.runs) runs")
                print(table.render(), terminator: "")
            }
        }
    }
}
