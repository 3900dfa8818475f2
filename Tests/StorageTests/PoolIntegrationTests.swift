import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct PoolIntegrationTests {
    @Test func fiftyConcurrentTasksShareAtMostFiveBackends() async throws {
        let name = "passerelle-pool-\(TestDatabase.suffix())"
        var configuration = try TestDatabase.configuration(applicationName: name, poolSize: 5)
        // 50 tasks queue for 5 connections while the rest of the test run starts: waiting is the point, not a failure.
        configuration.options.acquireTimeout = .seconds(120)
        let client = PostgresClient(configuration: configuration)
        let observed = try await withThrowingTaskGroup(of: (pid: Int32, backends: Int).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let rows = try await client.query(
                        """
                        SELECT \(index), pg_backend_pid(),
                               (SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name))
                        FROM pg_sleep(0.02)
                        """)
                    let (echo, pid, backends) = try rows[0].decode((Int, Int32, Int).self)
                    #expect(echo == index)
                    return (pid, backends)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(observed.count == 50)
        #expect(observed.map(\.backends).max() ?? 0 <= 5)
        #expect(Set(observed.map(\.pid)).count <= 5)
        let admin = try TestDatabase.scope.client
        let open = try await admin.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name)")
        #expect((1...5).contains(try open[0].decode(Int.self, at: 0)))
        await client.close()
        #expect(
            try await eventually {
                let rows = try await admin.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name)")
                return try rows[0].decode(Int.self, at: 0) == 0
            })
    }

    @Test func exhaustedPoolTimesOut() async throws {
        var configuration = try TestDatabase.configuration(poolSize: 1)
        configuration.options.acquireTimeout = .milliseconds(200)
        let client = PostgresClient(configuration: configuration)
        try await client.withConnection { _ in
            let error = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
            #expect(error?.code == .poolTimeout)
        }
        #expect(try await client.query("SELECT 1").count == 1)
        await client.close()
        let closed = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
        #expect(closed?.code == .poolClosed)
    }

    @Test func connectionKilledWhileIdleIsReplaced() async throws {
        let admin = try TestDatabase.scope.client
        let client = PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1))
        let first = try await client.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        let killed = try await admin.query("SELECT pg_terminate_backend(\(first), 5000)")
        #expect(try killed[0].decode(Bool.self, at: 0))
        let second = try await client.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        #expect(second != first)
        await client.close()
    }

    @Test func connectionKilledDuringUseFailsOnceThenIsReplaced() async throws {
        let admin = try TestDatabase.scope.client
        let client = PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1))
        let first = try await client.withConnection { connection in
            let pid = connection.backendPID
            _ = try await admin.query("SELECT pg_terminate_backend(\(Int32(pid)), 5000)")
            let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
            #expect(error?.code == .connectionClosed)
            #expect(!connection.isUsable)
            return pid
        }
        let second = try await client.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        #expect(Int(second) != first)
        await client.close()
    }

    @Test func connectionLeftInATransactionIsNotReused() async throws {
        let client = PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1))
        let first = try await client.withConnection { connection in
            try await connection.execute("BEGIN")
            return connection.backendPID
        }
        let second = try await client.withConnection { connection in
            connection.backendPID
        }
        #expect(first != second)
        await client.close()
    }
}
