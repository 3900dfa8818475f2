import ArgumentParser
import Foundation
import PasserelleCLI

extension PasserelleBench {
    struct BenchDocuments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "documents",
            abstract: "Measure acts from submission to the prefecture's acknowledgement, through the bridge.",
            discussion: """
                Needs the platform running (scripts/up: the documents service, the bridge, the partners' broker and \
                the prefecture simulator). Onboards a new authority, submits --acts acts of --size bytes over HTTP with \
                --concurrency requests in flight, waits for every acknowledgement and reads each act's history: \
                acts_per_s (first submission to last acknowledgement), p50_ms and p99_ms (posted → acknowledged), and \
                where the time goes (in the service, then bridge + partner + prefecture + back).
                """)

        @Option(help: "Acts to send.")
        var acts = 200

        @Option(help: "Size of each act in bytes.")
        var size = 20_000

        @Option(help: "Submissions in flight.")
        var concurrency = 8

        @Option(help: "The documents service's URL.")
        var url = ProcessInfo.processInfo.environment["PASSERELLE_DOCUMENTS_URL"] ?? "http://127.0.0.1:8083"

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...1000).contains(self.acts) else { throw ValidationError("--acts must be 1…1000") }
            guard (64...157_286_400).contains(self.size) else { throw ValidationError("--size must be 64…157286400 bytes") }
            guard (1...64).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1…64") }
        }

        func run() async throws {
            let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"] ?? ".passerelle"
            let result = try await DocumentsBenchmark(
                settings: .init(url: self.url, home: home, acts: self.acts, size: self.size, concurrency: self.concurrency)
            ) { line in FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }.run()
            if self.json {
                try JSONOutput.print(result)
                return
            }
            var table = TextTable(columns: [.init("measure"), .init("value", alignment: .right)])
            table.append(["acts acknowledged per second", String(format: "%.1f", result.acts_per_s)])
            table.append(["submission → acknowledgement p50 (ms)", String(format: "%.1f", result.p50_ms)])
            table.append(["submission → acknowledgement p99 (ms)", String(format: "%.1f", result.p99_ms)])
            table.append(["submission → acknowledgement max (ms)", String(format: "%.1f", result.max_ms)])
            table.append(["  in the service: posted → transmitted p50 (ms)", String(format: "%.1f", result.to_transmitted_p50_ms)])
            table.append(["  bridge, partner and back: transmitted → acknowledged p50 (ms)", String(format: "%.1f", result.transmitted_to_acknowledged_p50_ms)])
            table.append(["acts", String(result.acts)])
            print(table.render())
        }
    }
}
