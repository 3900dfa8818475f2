import ArgumentParser
import Foundation
import Logging
import PasserelleCLI
import Storage

extension PasserelleBench {
    /// `passerelle bench pg`: single-row insert transactions through the pool, and a bulk `COPY`, against
    /// pgbench.
    struct BenchPG: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pg",
            abstract: "Measure single-row insert transactions and bulk inserts, compared with pgbench.",
            discussion: """
                Creates a table in a throwaway schema (bench_<random>, dropped at the end). N tasks share a \
                pool of N connections; each runs one transaction per iteration (BEGIN, a single-row INSERT of \
                a 100-byte payload, COMMIT) for S seconds. Then one COPY inserts R rows. pgbench runs the same \
                single-row INSERT (one implicit transaction per script execution, -n -c N -j N -T S) on the \
                same server with the same credentials in the same invocation, and the ratio is printed. \
                Target: ≥ 0.9×.
                """
        )

        @Option(help: "Concurrent clients (and pool size).")
        var clients = 4

        @Option(help: "Duration of the single-row phase (and of pgbench), in seconds.")
        var seconds = 10

        @Option(name: .customLong("batch-rows"), help: "Rows inserted by the COPY phase.")
        var batchRows = 100_000

        @Option(
            name: .customLong("postgres-url"),
            help: ArgumentHelp(
                "libpq connection string, URI or key=value (default: $PASSERELLE_PG_URL, else the PG* variables).",
                valueName: "url"))
        var postgresURL: String?

        @Flag(name: .customLong("skip-pgbench"), help: "Do not run pgbench.")
        var skipPgbench = false

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...90).contains(self.clients) else {
                throw ValidationError("--clients must be between 1 and 90, got \(self.clients)")
            }
            guard (1...3600).contains(self.seconds) else {
                throw ValidationError("--seconds must be between 1 and 3600, got \(self.seconds)")
            }
            guard self.batchRows > 0 else {
                throw ValidationError("--batch-rows must be at least 1, got \(self.batchRows)")
            }
            _ = try self.postgresConfiguration()
            if !self.skipPgbench, PgbenchRunner.locate() == nil {
                throw ValidationError(
                    "pgbench not found: set PASSERELLE_PGBENCH (scripts/infra env), put it on PATH, or pass --skip-pgbench")
            }
        }

        private func postgresConfiguration() throws -> PostgresConfiguration {
            let url = self.postgresURL ?? ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"] ?? ""
            do {
                return try PostgresConfiguration(connectionString: url)
            } catch {
                throw ValidationError("--postgres-url: \(error.message)")
            }
        }

        func run() async throws {
            let settings = PostgresBenchmark.Settings(
                configuration: try self.postgresConfiguration(), clients: self.clients, seconds: self.seconds,
                batchRows: self.batchRows)
            let progress: @Sendable (String) -> Void = { line in
                FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
            }
            var pgbench: PgbenchRunner?
            if !self.skipPgbench {
                guard let executable = PgbenchRunner.locate() else {
                    throw PgbenchRunner.Failure(description: "pgbench not found")  // checked by validate()
                }
                pgbench = PgbenchRunner(
                    executable: executable, configuration: settings.configuration, clients: settings.clients,
                    seconds: settings.seconds)
            }
            let runner = pgbench
            let work = Task {
                try await Self.measure(settings, pgbench: runner, progress: progress)
            }
            // Ctrl-C cancels the run instead of killing the process, so the schema is dropped and pgbench stopped.
            signal(SIGINT, SIG_IGN)
            let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            interrupt.setEventHandler {
                progress("interrupted: stopping and dropping the schema")
                work.cancel()
            }
            interrupt.resume()
            let outcome: (PostgresBenchmark.Result, PgbenchRunner.Result?)
            defer {
                interrupt.cancel()
                signal(SIGINT, SIG_DFL)
            }
            do {
                outcome = try await work.value
            } catch {
                if work.isCancelled {
                    throw ExitCode(130)
                }
                throw error
            }
            let report = BenchPGReport(settings: settings, swift: outcome.0, pgbench: outcome.1)
            if self.json {
                try JSONOutput.print(report)
            } else {
                print(report.renderText(), terminator: "")
            }
        }
    }
}

extension PasserelleBench.BenchPG {
    /// Creates the pool and the throwaway table, runs both phases, then pgbench on the same (emptied) table.
    private static func measure(
        _ settings: PostgresBenchmark.Settings,
        pgbench: PgbenchRunner?,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> (PostgresBenchmark.Result, PgbenchRunner.Result?) {
        let client = PostgresBenchmark.makeClient(settings, logger: Logger(label: "passerelle.bench"))
        let benchmark = PostgresBenchmark(settings: settings, client: client, progress: progress)
        do {
            let outcome = try await benchmark.withFixture { fixture in
                let swift = try await benchmark.run(fixture)
                guard let pgbench else { return (swift, PgbenchRunner.Result?.none) }
                try await benchmark.truncate(fixture)
                progress(
                    "running pgbench with the same statement: -n -c \(settings.clients) -j \(settings.clients) "
                        + "-T \(settings.seconds) (\(pgbench.executable.path))")
                let result = try await pgbench.run(table: fixture.qualifiedName, payload: benchmark.payload)
                progress(String(format: "pgbench: %.0f tx/s", result.transactionsPerSecond))
                return (swift, result)
            }
            await client.close()
            return outcome
        } catch {
            await client.close()
            throw error
        }
    }
}

/// The result of `passerelle bench pg`, for the table and for `--json`.
struct BenchPGReport: Encodable {
    var clients: Int
    var seconds: Int
    var payloadBytes: Int
    var singleTransactions: Int
    var singleTransactionsPerSecond: Double
    var batchRows: Int
    var batchRowsPerSecond: Double
    var pgbenchTransactions: Int?
    var pgbenchFailedTransactions: Int?
    var pgbenchTransactionsPerSecond: Double?
    var ratio: Double?

    enum CodingKeys: String, CodingKey {
        case clients, seconds, ratio
        case payloadBytes = "payload_bytes"
        case singleTransactions = "single_transactions"
        case singleTransactionsPerSecond = "single_tx_per_s"
        case batchRows = "batch_rows"
        case batchRowsPerSecond = "batch_rows_per_s"
        case pgbenchTransactions = "pgbench_transactions"
        case pgbenchFailedTransactions = "pgbench_failed_transactions"
        case pgbenchTransactionsPerSecond = "pgbench_tx_per_s"
    }

    init(settings: PostgresBenchmark.Settings, swift: PostgresBenchmark.Result, pgbench: PgbenchRunner.Result?) {
        self.clients = settings.clients
        self.seconds = settings.seconds
        self.payloadBytes = settings.payloadSize
        self.singleTransactions = swift.transactions
        self.singleTransactionsPerSecond = swift.singleTransactionsPerSecond
        self.batchRows = swift.batchRows
        self.batchRowsPerSecond = swift.batchRowsPerSecond
        self.pgbenchTransactions = pgbench?.transactions
        self.pgbenchFailedTransactions = pgbench?.failedTransactions
        self.pgbenchTransactionsPerSecond = pgbench?.transactionsPerSecond
        self.ratio = pgbench.map { swift.singleTransactionsPerSecond / $0.transactionsPerSecond }
    }

    /// Writes every key, `null` when pgbench did not run, so the JSON always has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.clients, forKey: .clients)
        try container.encode(self.seconds, forKey: .seconds)
        try container.encode(self.payloadBytes, forKey: .payloadBytes)
        try container.encode(self.singleTransactions, forKey: .singleTransactions)
        try container.encode(self.singleTransactionsPerSecond, forKey: .singleTransactionsPerSecond)
        try container.encode(self.batchRows, forKey: .batchRows)
        try container.encode(self.batchRowsPerSecond, forKey: .batchRowsPerSecond)
        try container.encode(self.pgbenchTransactions, forKey: .pgbenchTransactions)
        try container.encode(self.pgbenchFailedTransactions, forKey: .pgbenchFailedTransactions)
        try container.encode(self.pgbenchTransactionsPerSecond, forKey: .pgbenchTransactionsPerSecond)
        try container.encode(self.ratio, forKey: .ratio)
    }

    func renderText() -> String {
        func rate(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f×", $0) } ?? "-" }
        var table = TextTable(columns: [
            .init("METRIC"), .init("PASSERELLE", alignment: .right), .init("PGBENCH", alignment: .right),
            .init("RATIO", alignment: .right),
        ])
        table.append([
            "single-row insert tx/s", rate(self.singleTransactionsPerSecond), rate(self.pgbenchTransactionsPerSecond),
            ratio(self.ratio),
        ])
        table.append(["batched insert rows/s (COPY)", rate(self.batchRowsPerSecond), "-", ""])
        var text = "\(self.clients) clients, \(self.seconds) s, \(self.payloadBytes)-byte payload, "
            + "COPY of \(self.batchRows) rows\n"
        text += table.render()
        if let failed = self.pgbenchFailedTransactions, failed > 0 {
            text += "pgbench reported \(failed) failed transactions\n"
        }
        return text
    }
}
