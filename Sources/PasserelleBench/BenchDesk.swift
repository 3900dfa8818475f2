import ArgumentParser
import Foundation
import PasserelleCLI

extension PasserelleBench {
    struct BenchDesk: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "desk",
            abstract:
                "Measure the support desk's requests from intake to routing (requests processed per second, latency).",
            discussion: """
                Needs the platform running (scripts/up: passerelle-desk, its PostgreSQL and broker, the Sirene stub); \
                exits 1 saying so when the desk does not answer. Posts --solicitations requests to POST /solicitations \
                with --concurrency in flight, each with a company token minted by the development identity provider \
                ($PASSERELLE_HOME/secrets/identity) for its own SIRET or e-mail, so no confirmation mail is needed; then \
                polls the processed and cancelled requests with an operator token. solicitations_per_s is the requests \
                processed per second (first POST to last routing); routing_p50_ms and routing_p99_ms run from a POST's \
                start to the request's completedAt (processed: Sirene lookup done, needs routed, matches sent).

                The Sirene rate limit: the desk's Sirene client keeps INSEE's 30 lookups a minute and its one worker \
                waits (up to 10 s) for each turn while every other request queues behind it, so a load of SIRETs would \
                measure the limiter, not the desk. Only --with-siret requests (default 10) carry a SIRET: each a distinct \
                (SIRET, subject) pair of the active establishments in --recordings that the desk does not already hold \
                from the last 24 h (the desk cancels the same SIRET and subject within 24 h as a duplicate). The others \
                use the subjects that need no SIRET (creation, takeover), each with an e-mail of its own, so none is a \
                duplicate either. The table says how many carried a SIRET. Requests cancelled anyway are counted in \
                `cancelled` and left out of the rates and latencies.
                """)

        @Option(help: "Requests to send (1–1000).")
        var solicitations = 200

        @Option(help: "POSTs in flight (1–64).")
        var concurrency = 10

        @Option(help: "How many requests carry a SIRET, i.e. a Sirene lookup (0–30; see the rate limit above).")
        var withSiret = 10

        @Option(help: "Give up when requests are still not routed after this many seconds (10–3600).")
        var timeout = 600

        @Option(
            help:
                "The desk's URL (default: $PASSERELLE_DESK_URL, else http://127.0.0.1:$PASSERELLE_DESK_HTTP_PORT, 8084)."
        )
        var url: String?

        @Option(help: "The Sirene recordings the stub serves: the SIRETs to use.")
        var recordings = "partners/sirene/recordings"

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...1000).contains(self.solicitations) else {
                throw ValidationError("--solicitations must be 1–1000")
            }
            guard (1...64).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1–64") }
            guard (0...30).contains(self.withSiret) else {
                throw ValidationError("--with-siret must be 0–30 (INSEE's limit is 30 a minute)")
            }
            guard (10...3600).contains(self.timeout) else { throw ValidationError("--timeout must be 10–3600 seconds") }
        }

        /// The desk's base URL, without a trailing slash.
        var deskURL: String {
            let environment = ProcessInfo.processInfo.environment
            var url =
                self.url ?? environment["PASSERELLE_DESK_URL"]
                ?? "http://127.0.0.1:\(environment["PASSERELLE_DESK_HTTP_PORT"] ?? "8084")"
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }

        func run() async throws {
            let home = ProcessInfo.processInfo.environment["PASSERELLE_HOME"] ?? ".passerelle"
            let (result, details) = try await DeskBenchmark(
                settings: .init(
                    url: self.deskURL, home: home, recordings: self.recordings, solicitations: self.solicitations,
                    concurrency: self.concurrency, siretRequests: self.withSiret, timeoutSeconds: self.timeout)
            ) { line in FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }.run()
            if self.json {
                try JSONOutput.print(result)
                return
            }
            var table = TextTable(columns: [.init("measure"), .init("value", alignment: .right)])
            table.append(["requests processed per second", String(format: "%.1f", result.solicitations_per_s)])
            table.append(["intake → processed p50 (ms)", String(format: "%.1f", result.routing_p50_ms)])
            table.append(["intake → processed p99 (ms)", String(format: "%.1f", result.routing_p99_ms)])
            table.append(["intake → processed max (ms)", String(format: "%.1f", details.routingMaxMilliseconds)])
            table.append(["requests sent", String(result.solicitations)])
            table.append(["  with a SIRET (Sirene lookup)", String(details.withSiret)])
            table.append(["  processed", String(result.processed)])
            table.append(["  cancelled", String(result.cancelled)])
            table.append(["posting time (s)", String(format: "%.1f", details.submissionSeconds)])
            table.append(["first POST → last routing (s)", String(format: "%.1f", details.totalSeconds)])
            print(table.render())
        }
    }
}
