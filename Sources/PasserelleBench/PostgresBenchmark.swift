import Foundation
import Logging
import PasserelleCLI
import Storage
import Synchronization

/// The work of `passerelle bench pg`: single-row insert transactions through the ``PostgresClient`` pool,
/// then one bulk `COPY`, into a table of a throwaway schema.
///
/// ``withFixture(_:)`` creates the schema and table, lends them to the caller (the pgbench run uses the same
/// table) and drops the schema afterwards, also when the caller throws.
struct PostgresBenchmark: Sendable {
    struct Settings: Sendable {
        /// Where to connect; the pool size is set to ``clients``.
        var configuration: PostgresConfiguration
        var clients: Int
        var seconds: Int
        var batchRows: Int
        /// The size of each inserted `payload`, in bytes.
        var payloadSize = 100
    }

    struct Result: Sendable {
        var transactions: Int
        var singleSeconds: Double
        var batchRows: Int
        var batchSeconds: Double

        var singleTransactionsPerSecond: Double { Double(self.transactions) / self.singleSeconds }
        var batchRowsPerSecond: Double { Double(self.batchRows) / self.batchSeconds }
    }

    /// The throwaway table: `<schema>.items`.
    struct Fixture: Sendable {
        var schema: String
        var table = "items"

        /// `"bench_…"."items"`.
        var qualifiedName: String {
            PostgresIdentifier.quote(self.schema) + "." + PostgresIdentifier.quote(self.table)
        }
    }

    let settings: Settings
    let client: PostgresClient
    let progress: @Sendable (String) -> Void

    /// The payload every insert writes: `payloadSize` ASCII letters.
    var payload: String {
        String(repeating: "p", count: self.settings.payloadSize)
    }

    /// Creates a pool of `clients` connections for `settings`.
    static func makeClient(_ settings: Settings, logger: Logger) -> PostgresClient {
        var configuration = settings.configuration
        configuration.options.poolSize = settings.clients
        configuration.options.applicationName = configuration.options.applicationName ?? "passerelle bench"
        return PostgresClient(configuration: configuration, logger: logger)
    }

    /// Creates a fresh schema and table, runs `body` with them, and drops the schema whatever happens.
    func withFixture<T: Sendable>(_ body: (Fixture) async throws -> T) async throws -> T {
        let fixture = Fixture(schema: "bench_" + UUID().uuidString.lowercased().prefix(8).filter(\.isHexDigit))
        self.progress("connecting to \(self.client.configuration), creating table \(fixture.schema).\(fixture.table)")
        try await self.client.execute("CREATE SCHEMA \(identifier: PostgresIdentifier(fixture.schema))")
        do {
            try await self.client.execute(
                """
                CREATE TABLE \(unescaped: fixture.qualifiedName) (
                    id bigserial PRIMARY KEY,
                    payload text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let result = try await body(fixture)
            try await self.drop(fixture)
            return result
        } catch {
            try? await self.drop(fixture)
            throw error
        }
    }

    private func drop(_ fixture: Fixture) async throws {
        self.progress("dropping schema \(fixture.schema)")
        // Not cancellable from here: a Ctrl-C during the run must still leave no schema behind.
        try await Task.detached { [client] in
            _ = try await client.execute("DROP SCHEMA \(identifier: PostgresIdentifier(fixture.schema)) CASCADE")
        }.value
    }

    /// Empties the table between phases, so each starts from the same state.
    func truncate(_ fixture: Fixture) async throws {
        try await self.client.execute("TRUNCATE \(unescaped: fixture.qualifiedName) RESTART IDENTITY")
    }

    /// Single-row insert transactions, then one bulk `COPY`.
    func run(_ fixture: Fixture) async throws -> Result {
        try await self.warmUp()
        let (transactions, singleSeconds) = try await self.measureSingleInserts(fixture)
        try await self.truncate(fixture)
        let (rows, batchSeconds) = try await self.measureCopy(fixture)
        return Result(
            transactions: transactions, singleSeconds: singleSeconds, batchRows: rows, batchSeconds: batchSeconds)
    }

    /// Opens all `clients` connections before timing, as pgbench does (it reports tps "without initial
    /// connection time"): every task holds a connection until all of them hold one.
    func warmUp() async throws {
        let clients = self.settings.clients
        self.progress("opening \(clients) pooled connections")
        let gate = Gate(count: clients)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask { [client] in
                    do {
                        try await client.withConnection { connection in
                            try await connection.execute("SELECT 1")
                            await gate.arriveAndWait()
                        }
                    } catch {
                        gate.arrive()  // so the others do not wait for this one forever
                        throw error
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// `clients` tasks, each holding one pooled connection and running one `INSERT` transaction after another
    /// on it until the time is up.
    func measureSingleInserts(_ fixture: Fixture) async throws -> (transactions: Int, seconds: Double) {
        let seconds = self.settings.seconds
        self.progress(
            "single-row insert transactions: \(self.settings.clients) clients for \(seconds) s "
                + "(\(self.settings.payloadSize)-byte payload)")
        let payload = self.payload
        let table = fixture.qualifiedName
        let start = ContinuousClock.now
        let deadline = start.advanced(by: .seconds(seconds))
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<self.settings.clients {
                // Like a pgbench client, each task holds one connection for the whole run; every INSERT is
                // its own autocommit transaction, as in pgbench's one-statement script.
                group.addTask { [client] in
                    try await client.withConnection { connection in
                        var done = 0
                        while ContinuousClock.now < deadline {
                            try await connection.execute("INSERT INTO \(unescaped: table) (payload) VALUES (\(payload))")
                            done += 1
                        }
                        return done
                    }
                }
            }
            var total = 0
            for try await done in group {
                total += done
            }
            return total
        }
        let elapsed = start.duration(to: .now).seconds
        self.progress(String(format: "%d transactions in %.2f s", total, elapsed))
        return (total, elapsed)
    }

    /// One `COPY … FROM STDIN` of `batchRows` rows.
    func measureCopy(_ fixture: Fixture) async throws -> (rows: Int, seconds: Double) {
        let count = self.settings.batchRows
        self.progress("batched insert: COPY of \(count) rows")
        let payload = self.payload
        let rows = (0..<count).lazy.map { _ -> [(any PostgresEncodable)?] in [payload] }
        let start = ContinuousClock.now
        let inserted = try await self.client.copyIn(
            schema: fixture.schema, table: fixture.table, columns: ["payload"], rows: rows)
        let elapsed = start.duration(to: .now).seconds
        self.progress(String(format: "%d rows in %.2f s", inserted, elapsed))
        return (inserted, elapsed)
    }
}

/// Lets `count` tasks wait until all of them have arrived.
private final class Gate: Sendable {
    private struct State {
        var arrived = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let count: Int
    private let state = Mutex(State())

    init(count: Int) {
        self.count = count
    }

    /// Counts an arrival without waiting (a task that failed before it could arrive).
    func arrive() {
        let released = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.arrived += 1
            guard state.arrived >= self.count else { return [] }
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for waiter in released {
            waiter.resume()
        }
    }

    func arriveAndWait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let released = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.arrived += 1
                state.waiting.append(continuation)
                guard state.arrived >= self.count else { return [] }
                defer { state.waiting.removeAll() }
                return state.waiting
            }
            for waiter in released {
                waiter.resume()
            }
        }
    }
}
