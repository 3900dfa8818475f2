import ArgumentParser
import Foundation
import PasserelleCLI

extension PasserelleBench {
    struct BenchTraining: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training",
            abstract: "Measure the training scheduler's sign-ups under row-lock contention (sign-ups per second, latency).",
            discussion: """
                Runs passerelle-training in this process on a throwaway test bed: a database of its own with the \
                service's PostgreSQL roles (the PG* variables of scripts/infra env; dropped at the end) and the \
                in-memory broker, with the course catalogue --catalogue. Schedules one popular session and --sessions \
                others, each of --capacity seats with a waitlist and no approval. Then --signups agents each sign \
                themselves up to the popular session (POST /sessions/:id/signups with an agent's token minted before \
                the clock starts) with --concurrency requests in flight: every booking takes the session's row lock, \
                so signups_per_s measures that contention. Then as many other agents sign up spread over the \
                --sessions sessions (spread_signups_per_s). Latencies run from a POST's start to its 201.

                Afterwards the rosters are checked: on the popular session exactly min(capacity, signups) booked and \
                the rest waitlisted, arrival numbers strictly increasing, the seats given to the first arrivals, the \
                answers agreeing with the roster; on each other session the same counts. A broken check prints what \
                is wrong on standard error after the figures and exits 1.
                """)

        @Option(help: "Sign-ups to post on the popular session, and again spread over the others (1–100000).")
        var signups = 2000

        @Option(help: "Sessions the spread sign-ups go to (1–1000).")
        var sessions = 50

        @Option(help: "POSTs in flight (1–256).")
        var concurrency = 64

        @Option(help: "Seats of every session (1–10000); the others are waitlisted.")
        var capacity = 12

        @Option(help: "The service's PostgreSQL pool (1–100; 5 is the service's default, which it raises for its relay).")
        var poolSize = 5

        @Option(help: "The course catalogue.")
        var catalogue = "catalogue/training/courses.yaml"

        @Option(help: "The contracts folder.")
        var contracts = "contracts"

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...100_000).contains(self.signups) else { throw ValidationError("--signups must be 1–100000") }
            guard (1...1000).contains(self.sessions) else { throw ValidationError("--sessions must be 1–1000") }
            guard (1...256).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1–256") }
            guard (1...10_000).contains(self.capacity) else { throw ValidationError("--capacity must be 1–10000") }
            guard (1...100).contains(self.poolSize) else { throw ValidationError("--pool-size must be 1–100") }
            guard FileManager.default.fileExists(atPath: self.catalogue) else {
                throw ValidationError("--catalogue: no file \(self.catalogue) (run from the repository, or give the path)")
            }
        }

        func run() async throws {
            let outcome = try await TrainingBenchmark(
                settings: .init(
                    signups: self.signups, sessions: self.sessions, concurrency: self.concurrency, capacity: self.capacity,
                    poolSize: self.poolSize, catalogue: URL(fileURLWithPath: self.catalogue),
                    contracts: URL(fileURLWithPath: self.contracts))
            ) { line in FileHandle.standardError.write(Data("bench: \(line)\n".utf8)) }.run()
            if self.json {
                try JSONOutput.print(outcome.result)
            } else {
                print(Self.table(outcome))
            }
            guard outcome.problems.isEmpty else {
                let text = "bench: the rosters are wrong after the run:\n" + outcome.problems.map { "  \($0)\n" }.joined()
                FileHandle.standardError.write(Data(text.utf8))
                throw ExitCode(1)
            }
        }

        static func table(_ outcome: TrainingBenchmark.Outcome) -> String {
            let result = outcome.result
            let details = outcome.details
            var table = TextTable(columns: [.init("measure"), .init("value", alignment: .right)])
            table.append(["popular session: sign-ups per second", String(format: "%.1f", result.signups_per_s)])
            table.append(["  sign-up p50 (ms)", String(format: "%.1f", result.signup_p50_ms)])
            table.append(["  sign-up p99 (ms)", String(format: "%.1f", result.signup_p99_ms)])
            table.append(["  sign-up max (ms)", String(format: "%.1f", details.signupMaxMilliseconds)])
            table.append(["  booked / waitlisted", "\(result.booked) / \(result.waitlisted)"])
            table.append(["  time (s)", String(format: "%.1f", details.popularSeconds)])
            table.append(["spread over \(result.sessions) sessions: sign-ups per second", String(format: "%.1f", result.spread_signups_per_s)])
            table.append(["  sign-up p50 (ms)", String(format: "%.1f", result.spread_signup_p50_ms)])
            table.append(["  sign-up p99 (ms)", String(format: "%.1f", result.spread_signup_p99_ms)])
            table.append(["  sign-up max (ms)", String(format: "%.1f", details.spreadMaxMilliseconds)])
            table.append(["  time (s)", String(format: "%.1f", details.spreadSeconds)])
            table.append(["sign-ups per phase", String(result.signups)])
            table.append(["capacity per session", String(details.capacity)])
            table.append(["POSTs in flight", String(details.concurrency)])
            table.append(["rosters", outcome.problems.isEmpty ? "correct" : "WRONG (see below)"])
            return table.render()
        }
    }
}
