import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct TransactionIntegrationTests {
    struct Boom: Error {}

    @Test func throwingBodyRollsBackAndReturningBodyCommits() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute("CREATE TABLE entries (id int PRIMARY KEY)")
        await #expect(throws: Boom.self) {
            try await client.withTransaction { transaction in
                try await transaction.execute("INSERT INTO entries VALUES (1)")
                throw Boom()
            }
        }
        #expect(try await client.query("SELECT id FROM entries").isEmpty)
        let inserted = try await client.withTransaction(isolation: .repeatableRead) { transaction in
            let level = try await transaction.query("SHOW transaction_isolation")
            #expect(try level[0].decode(String.self, at: 0) == "repeatable read")
            return try await transaction.execute("INSERT INTO entries VALUES (2), (3)")
        }
        #expect(inserted == 2)
        #expect(try await client.query("SELECT id FROM entries ORDER BY id").decode(Int.self) == [2, 3])
    }

    @Test func serializationFailureIsRetriedAndAttemptsAreCounted() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute("CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)")
        try await client.execute("INSERT INTO counters VALUES (1, 0)")
        let attempts = Shared(0)
        let barrier = TestBarrier(parties: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await client.withTransaction(
                        isolation: .serializable, retry: .onSerializationFailure(maxAttempts: 5)
                    ) { transaction in
                        attempts.update { $0 += 1 }
                        let rows = try await transaction.query("SELECT value FROM counters WHERE id = 1")
                        let value = try rows[0].decode(Int32.self, at: 0)
                        if transaction.attempt == 1 {
                            // Both snapshots are taken before either writes: one update must fail with 40001.
                            await barrier.arriveAndWait()
                        }
                        try await transaction.execute("UPDATE counters SET value = \(value + 1) WHERE id = 1")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(attempts.value == 3)
        #expect(try await client.query("SELECT value FROM counters").decode(Int32.self) == [2])
    }

    @Test func withoutRetryTheSerializationFailureIsThrown() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute("CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)")
        try await client.execute("INSERT INTO counters VALUES (1, 0)")
        let barrier = TestBarrier(parties: 2)
        let failures = Shared(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    do {
                        try await client.withTransaction(isolation: .repeatableRead) { transaction in
                            _ = try await transaction.query("SELECT value FROM counters WHERE id = 1")
                            await barrier.arriveAndWait()
                            try await transaction.execute("UPDATE counters SET value = value + 1 WHERE id = 1")
                        }
                    } catch let error as PostgresError where error.sqlState == .serializationFailure {
                        failures.update { $0 += 1 }
                    } catch {
                        Issue.record(error)
                    }
                }
            }
        }
        #expect(failures.value == 1)
    }
}
