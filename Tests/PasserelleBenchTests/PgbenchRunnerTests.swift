import Foundation
import Storage
import Testing

@testable import passerelle_bench

/// `passerelle bench pg`'s pgbench handling (kept here until the bench commands get a test file of their own).
@Suite struct PgbenchRunnerTests {
    @Test func parsesTheTPSWithoutConnectionTime() throws {
        let output = """
            pgbench (15.8 (Debian 15.8-1))
            transaction type: /tmp/insert.sql
            number of transactions actually processed: 32547
            number of failed transactions: 0 (0.000%)
            latency average = 0.614 ms
            initial connection time = 5.482 ms
            tps = 6519.740308 (without initial connection time)
            """
        let result = try PgbenchRunner.parse(output)
        #expect(result == .init(transactionsPerSecond: 6519.740308, transactions: 32547, failedTransactions: 0))
        #expect(throws: PgbenchRunner.Failure.self) { try PgbenchRunner.parse("tps = 12 (including connections establishing)") }
    }

    @Test func passwordNeverReachesTheCommandLine() throws {
        let configuration = try PostgresConfiguration(connectionString: "postgres://bench:s3cr%27t@db.local:6543/orders?sslmode=disable")
        let connection = PgbenchRunner.connectionString(configuration)
        #expect(connection == "host='db.local' port='6543' dbname='orders' user='bench' sslmode='disable'")
        let arguments = PgbenchRunner.arguments(
            scriptPath: "/t/s.sql", clients: 4, seconds: 10, payload: "ppp", connectionString: connection)
        #expect(arguments.prefix(13) == ["-n", "-f", "/t/s.sql", "-c", "4", "-j", "4", "-T", "10", "-M", "prepared", "-D", "payload=ppp"])
        #expect(!arguments.joined(separator: " ").contains("s3cr"))
        #expect(PgbenchRunner.connectionString(.environment()) == nil)
    }

    @Test func scriptIsTheSameParameterizedInsert() {
        let script = PgbenchRunner.script(table: "\"bench_1\".\"items\"")
        #expect(script == "INSERT INTO \"bench_1\".\"items\" (payload) VALUES (:payload);\n")
    }
}
