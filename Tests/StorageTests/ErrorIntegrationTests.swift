import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct ErrorIntegrationTests {
    @Test func decodingTextAsIntNamesTheColumnAndBothTypes() async throws {
        let client = try TestDatabase.scope.client
        let row = try #require(try await client.query("SELECT 42 AS answer, 'forty-two'::text AS title").first)
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "title") }
        #expect(error?.code == .typeMismatch)
        #expect(error?.column == "title")
        #expect(error?.columnIndex == 1)
        #expect(error?.postgresType == "text")
        #expect(error?.swiftType == "Int")
        #expect(error?.description.contains("column \"title\"") == true)
        #expect(error?.description.contains("PostgreSQL type text, Swift type Int") == true)
        let null = try #require(try await client.query("SELECT NULL::int AS missing").first)
        #expect(throws: PostgresError.self) { try null.decode(Int.self, at: 0) }
        #expect(try null.decode(Int?.self, at: 0) == nil)
        let unknown = #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "nope") }
        #expect(unknown?.code == .columnNotFound)
    }

    @Test func uniqueViolationCarriesSQLStateDetailAndConstraint() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute(
            "CREATE TABLE users (id int PRIMARY KEY, email text CONSTRAINT users_email_key UNIQUE)")
        try await client.execute("INSERT INTO users VALUES (1, \("alice@example.org"))")
        let error = await #expect(throws: PostgresError.self) {
            try await client.execute("INSERT INTO users VALUES (2, \("alice@example.org"))")
        }
        #expect(error?.code == .queryFailed)
        #expect(error?.sqlState == .uniqueViolation)
        #expect(error?.serverFields?.constraint == "users_email_key")
        #expect(error?.serverFields?.table == "users")
        #expect(error?.serverFields?.detail?.contains("already exists") == true)
        #expect(error?.serverFields?.message.contains("duplicate key") == true)
        // Safe to log: the bound value (quoted by the server's detail) is not in the description.
        #expect(error?.description.contains("alice") == false)
        #expect(error?.description.contains("users_email_key") == true)
        #expect(error?.debugDescription.contains("alice@example.org") == true)
        // The connection survives a statement error.
        #expect(try await client.query("SELECT 1").count == 1)
    }

    @Test func syntaxErrorCarriesHintlessFieldsAndQuery() async throws {
        let client = try TestDatabase.scope.client
        let error = await #expect(throws: PostgresError.self) { try await client.query("SELEC 1") }
        #expect(error?.sqlState == .syntaxError)
        #expect(error?.query == "SELEC 1")
    }

    @Test func commitAfterACaughtFailureReportsTheRollback() async throws {
        let client = try TestDatabase.scope.client
        let error = await #expect(throws: PostgresError.self) {
            try await client.withTransaction { transaction in
                _ = try? await transaction.query("SELECT 1/0")
            }
        }
        #expect(error?.code == .transactionAborted)
    }

    @Test func cancellingTheTaskCancelsTheStatement() async throws {
        let client = try TestDatabase.scope.client
        let name = "passerelle-tests \(try TestDatabase.scope.schema)"
        let task = Task { try await client.query("SELECT pg_sleep(120)") }
        #expect(
            try await eventually {
                let running = try await client.query(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = \(name) AND state = 'active' AND query = 'SELECT pg_sleep(120)'
                    """)
                return try running[0].decode(Int.self, at: 0) > 0
            })
        let started = ContinuousClock.now
        task.cancel()
        let error = await #expect(throws: PostgresError.self) { try await task.value }
        #expect(error?.sqlState == .queryCanceled)
        // Far below the statement's 120 s, with room for a busy machine (8 s seen while a full run starts).
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(try await client.query("SELECT 1").count == 1)
    }
}
