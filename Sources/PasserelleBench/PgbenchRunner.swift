import Foundation
import PasserelleCLI
import Storage

/// Runs PostgreSQL's own `pgbench` with a one-statement custom script, for `passerelle bench pg` to compare
/// with.
///
/// The script holds a single `INSERT` and no `BEGIN`, so the server runs each script execution as one
/// implicit (autocommit) transaction: one pgbench "transaction" is one committed single-row insert, the same
/// unit as one autocommit `INSERT` of the Swift side. (Checked on PostgreSQL 15 with
/// `pg_stat_database.xact_commit`: `-t 1000 -c 4` adds 4000 commits and 4000 rows.)
///
/// It is the same statement as the Swift side's: `INSERT … VALUES ($1)` with the payload bound as a
/// parameter, prepared once per connection and then executed by name (`-M prepared`, the payload given with
/// `-D payload=…`), which is how `Storage` runs a statement it has seen before on a connection.
///
/// pgbench connects to the same server with the same credentials: the connection keywords are passed as a
/// `key=value` connection string in its `dbname` argument, and the password only through `PGPASSWORD` in its
/// environment, never on the command line.
struct PgbenchRunner: Sendable {
    struct Result: Sendable, Equatable {
        /// The `tps = … (without initial connection time)` figure.
        var transactionsPerSecond: Double
        /// `number of transactions actually processed`.
        var transactions: Int?
        /// `number of failed transactions`.
        var failedTransactions: Int?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The connection keywords passed on to pgbench. `password` and `sslpassword` are left out: the
    /// password goes through `PGPASSWORD`, and libpq has no environment variable for `sslpassword`.
    static let forwardedKeywords = [
        "host", "hostaddr", "port", "dbname", "user", "passfile", "channel_binding", "connect_timeout",
        "options", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
        "tcp_user_timeout", "sslmode", "sslcompression", "sslcert", "sslkey", "sslrootcert", "sslcrl",
        "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version", "ssl_max_protocol_version",
        "gssencmode", "krbsrvname", "gsslib", "service", "target_session_attrs",
    ]

    /// pgbench: `$PASSERELLE_PGBENCH`, else `pgbench` on `PATH`, else the newest
    /// `/usr/lib/postgresql/<version>/bin/pgbench`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let files = FileManager.default
        if let path = environment["PASSERELLE_PGBENCH"], !path.isEmpty {
            return files.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("pgbench")
            if files.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        let versions = (try? files.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/pgbench"
            if files.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate)
            }
        }
        return nil
    }

    /// The custom script: one single-row `INSERT` whose payload is the pgbench variable `payload`, sent as a
    /// bound parameter under `-M prepared`.
    static func script(table qualifiedName: String) -> String {
        "INSERT INTO \(qualifiedName) (payload) VALUES (:payload);\n"
    }

    /// The explicit keywords of `configuration`, without passwords, as a libpq `key=value` string; `nil` when
    /// there is none (pgbench then reads the `PG*` variables, as the Swift side does).
    static func connectionString(_ configuration: PostgresConfiguration) -> String? {
        let pairs = Self.forwardedKeywords.compactMap { keyword -> String? in
            guard let value = configuration[parameter: keyword] else { return nil }
            let escaped = value.replacing("\\", with: "\\\\").replacing("'", with: "\\'")
            return "\(keyword)='\(escaped)'"
        }
        return pairs.isEmpty ? nil : pairs.joined(separator: " ")
    }

    /// The command-line arguments: no vacuum, the script, `-c N -j N -T S`, prepared statements and the
    /// payload variable, then the connection string.
    static func arguments(
        scriptPath: String, clients: Int, seconds: Int, payload: String, connectionString: String?
    ) -> [String] {
        var arguments = [
            "-n", "-f", scriptPath, "-c", "\(clients)", "-j", "\(clients)", "-T", "\(seconds)",
            "-M", "prepared", "-D", "payload=\(payload)",
        ]
        if let connectionString {
            arguments.append(connectionString)
        }
        return arguments
    }

    /// Reads pgbench's summary: the `tps = … (without initial connection time)` line, plus the transaction
    /// and failure counts when present.
    static func parse(_ output: String) throws -> Result {
        var tps: Double?
        var transactions: Int?
        var failed: Int?
        for line in output.split(whereSeparator: \.isNewline) {
            if let match = line.wholeMatch(of: /\s*tps = ([0-9]+(?:\.[0-9]+)?) \(without initial connection time\)\s*/) {
                tps = Double(match.output.1)
            } else if let match = line.firstMatch(of: /^number of transactions actually processed: ([0-9]+)/) {
                transactions = Int(match.output.1)
            } else if let match = line.firstMatch(of: /^number of failed transactions: ([0-9]+)/) {
                failed = Int(match.output.1)
            }
        }
        guard let tps else {
            throw Failure(description: "pgbench printed no \"tps = … (without initial connection time)\" line")
        }
        return Result(transactionsPerSecond: tps, transactions: transactions, failedTransactions: failed)
    }

    let executable: URL
    let configuration: PostgresConfiguration
    let clients: Int
    let seconds: Int

    /// Writes the script to a temporary file, runs pgbench, and parses its summary.
    ///
    /// pgbench is started from a thread of its own whose signal mask is empty: a child inherits the mask of
    /// the thread that spawns it, the threads of Swift's cooperative pool block almost every signal, and
    /// pgbench ends a `-T` run on `SIGALRM`; started from the pool it would never stop (nor obey `SIGTERM`).
    ///
    /// Cancelling the calling task terminates pgbench.
    func run(table qualifiedName: String, payload: String) async throws -> Result {
        let running = RunningProcess()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let thread = Thread {
                    var nothing = sigset_t()
                    sigemptyset(&nothing)
                    pthread_sigmask(SIG_SETMASK, &nothing, nil)
                    continuation.resume(
                        with: Swift.Result { try self.runBlocking(table: qualifiedName, payload: payload, running) })
                }
                thread.name = "passerelle.pgbench"
                thread.start()
            }
        } onCancel: {
            running.cancel()
        }
    }

    private func runBlocking(
        table qualifiedName: String,
        payload: String,
        _ running: RunningProcess
    ) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("passerelle-bench-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("insert.sql")
        try Data(Self.script(table: qualifiedName).utf8).write(to: scriptURL)

        let process = Process()
        process.executableURL = self.executable
        process.arguments = Self.arguments(
            scriptPath: scriptURL.path, clients: self.clients, seconds: self.seconds, payload: payload,
            connectionString: Self.connectionString(self.configuration))
        var environment = ProcessInfo.processInfo.environment
        if let password = self.configuration.password {
            environment["PGPASSWORD"] = password
        }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try running.start(process)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let tail = text.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " | ")
            throw Failure(description: "pgbench exited with status \(process.terminationStatus): \(tail)")
        }
        return try Self.parse(text)
    }
}

/// The pgbench process, so that cancellation can terminate it from another thread.
private final class RunningProcess: @unchecked Sendable {
    // @unchecked: `process` and `cancelled` are only touched under `lock`.
    private let lock = NSLock()
    private var process: Process?
    private var cancelled = false

    /// Starts `process`, unless the run was cancelled already.
    func start(_ process: Process) throws {
        try self.lock.withLock {
            guard !self.cancelled else { throw CancellationError() }
            try process.run()
            self.process = process
        }
    }

    /// Terminates the process (`SIGTERM`), or keeps it from starting.
    func cancel() {
        self.lock.withLock {
            self.cancelled = true
            if let process = self.process, process.isRunning {
                process.terminate()
            }
        }
    }
}
