import Storage
import Testing

/// Statements run more than once on a connection are prepared; the cache survives what can happen to them.
@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct PreparedStatementIntegrationTests {
    @Test func aRepeatedStatementIsPreparedOnceOnItsConnection() async throws {
        let client = try TestDatabase.scope.client
        try await client.withConnection { connection in
            for value in 1...3 {
                let rows = try await connection.query("SELECT \(value)::int4 + 1")
                #expect(try rows[0].decode(Int32.self, at: 0) == Int32(value + 1))
            }
            let prepared = try await connection.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int4 + 1'")
            #expect(try prepared[0].decode(Int64.self, at: 0) == 1)
        }
    }

    @Test func aStatementDroppedOnTheServerIsPreparedAgain() async throws {
        let client = try TestDatabase.scope.client
        try await client.withConnection { connection in
            for _ in 0..<3 {
                _ = try await connection.query("SELECT \("x")::text")
            }
            try await connection.execute("DEALLOCATE ALL")
            // Outside a transaction the cache notices the missing statement and prepares it again at once.
            let rows = try await connection.query("SELECT \("y")::text")
            #expect(try rows[0].decode(String.self, at: 0) == "y")
        }
    }

    @Test func aTableChangeUnderAPreparedStatementFailsOnceThenWorks() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute("CREATE TABLE shapes (id int PRIMARY KEY)")
        try await client.execute("INSERT INTO shapes VALUES (1)")
        try await client.withConnection { connection in
            for _ in 0..<3 {
                #expect(try await connection.query("SELECT * FROM shapes WHERE id = \(1)").count == 1)
            }
            try await connection.execute("ALTER TABLE shapes ADD COLUMN label text DEFAULT 'a'")
            // Outside a transaction the statement is prepared afresh and run again at once.
            for _ in 0..<3 {
                #expect(try await connection.query("SELECT * FROM shapes WHERE id = \(1)").columns.count == 2)
            }
            try await connection.execute("ALTER TABLE shapes ADD COLUMN weight int DEFAULT 3")
            // Inside one, PostgreSQL refuses the cached plan whose result type changed (0A000) once …
            await #expect {
                try await connection.withTransaction { transaction in
                    _ = try await transaction.query("SELECT * FROM shapes WHERE id = \(1)")
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState?.rawValue == "0A000"
            }
            // … and the next run prepares it afresh, with the new column.
            let rows = try await connection.query("SELECT * FROM shapes WHERE id = \(1)")
            #expect(rows.columns.count == 3)
        }
    }

    @Test func transactionSettingsApplyToTheTransactionOnly() async throws {
        let client = try TestDatabase.scope.client
        try await client.withConnection { connection in
            try await connection.withTransaction(settings: [PostgresLocalSetting("application_name", "it's local")]) { transaction in
                let rows = try await transaction.query("SHOW application_name")
                #expect(try rows[0].decode(String.self, at: 0) == "it's local")
            }
            let after = try await connection.query("SHOW application_name")
            #expect(try after[0].decode(String.self, at: 0) != "it's local")
        }
    }
}
