import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct MigrationIntegrationTests {
    static var fixtures: URL {
        get throws { try #require(Bundle.module.url(forResource: "Migrations", withExtension: nil)) }
    }

    @Test func migrationsApplyOnceInOrderAndAreIdempotent() async throws {
        let scope = try TestDatabase.scope
        let migrations = try PostgresMigrations(schema: scope.schema, directory: try Self.fixtures)
        #expect(migrations.migrations.map(\.version) == [1, 2, 3])
        let before = try await migrations.status(using: scope.client)
        #expect(before.pending.count == 3 && before.applied.isEmpty && !before.isUpToDate)

        let applied = try await migrations.apply(using: scope.client)
        #expect(
            applied.map(\.name) == [
                "0001_create_outbox.sql", "0002_create_applied_log.sql", "0003_index_unsent_outbox.sql",
            ])
        #expect(try await migrations.apply(using: scope.client).isEmpty)

        let status = try await migrations.status(using: scope.client)
        #expect(status.isUpToDate && status.applied.map(\.version) == [1, 2, 3])
        #expect(status.applied.map(\.checksum) == migrations.migrations.map(\.checksum))
        let recorded = try await scope.client.query(
            """
            SELECT name, checksum FROM \(unescaped: PostgresIdentifier.quote(scope.schema)).schema_migrations
            ORDER BY version
            """
        )
        #expect(try recorded.decode((String, String).self).map(\.1) == migrations.migrations.map(\.checksum))
        #expect(try await Self.logCount(scope) == 2)
        // The tables were created in the service schema through search_path.
        let table = try await scope.client.query("SELECT to_regclass(\("\(scope.schema).outbox")) IS NOT NULL")
        #expect(try table[0].decode(Bool.self, at: 0))
    }

    @Test func twoConcurrentAppliersRunEachMigrationOnce() async throws {
        let scope = try TestDatabase.scope
        let migrations = try PostgresMigrations(schema: scope.schema, directory: try Self.fixtures)
        let first = PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1))
        let second = PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1))
        async let a = migrations.apply(using: first)
        async let b = migrations.apply(using: second)
        let (fromFirst, fromSecond) = try await (a, b)
        #expect((fromFirst + fromSecond).map(\.version).sorted() == [1, 2, 3])
        #expect(try await Self.logCount(scope) == 2)
        await first.close()
        await second.close()
    }

    @Test func changedAppliedMigrationIsRefusedNamingTheFile() async throws {
        let scope = try TestDatabase.scope
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "CREATE TABLE one (id int);".write(
            to: directory.appendingPathComponent("0001_one.sql"), atomically: true, encoding: .utf8)
        try await PostgresMigrations(schema: scope.schema, directory: directory).apply(using: scope.client)

        try "CREATE TABLE one (id bigint);".write(
            to: directory.appendingPathComponent("0001_one.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE two (id int);".write(
            to: directory.appendingPathComponent("0002_two.sql"), atomically: true, encoding: .utf8)
        let edited = try PostgresMigrations(schema: scope.schema, directory: directory)
        let error = await #expect(throws: PostgresError.self) { try await edited.apply(using: scope.client) }
        #expect(error?.code == .migrationChecksumMismatch)
        #expect(error?.message.contains("0001_one.sql") == true)
        let status = try await edited.status(using: scope.client)
        #expect(status.changed.map(\.name) == ["0001_one.sql"])
        #expect(status.pending.map(\.name) == ["0002_two.sql"])
        // Nothing after the refusal ran.
        let two = try await scope.client.query("SELECT to_regclass(\("\(scope.schema).two")) IS NULL")
        #expect(try two[0].decode(Bool.self, at: 0))
    }

    @Test func failingMigrationRollsBackAndKeepsEarlierOnes() async throws {
        let scope = try TestDatabase.scope
        let migrations = try PostgresMigrations(
            schema: scope.schema,
            migrations: [
                PostgresMigration(version: 1, name: "0001_ok.sql", sql: "CREATE TABLE ok (id int);"),
                PostgresMigration(version: 2, name: "0002_bad.sql", sql: "CREATE TABLE half (id int); SELECT 1/0;"),
            ])
        let error = await #expect(throws: PostgresError.self) { try await migrations.apply(using: scope.client) }
        #expect(error?.sqlState == PostgresSQLState(rawValue: "22012"))
        let status = try await migrations.status(using: scope.client)
        #expect(status.applied.map(\.version) == [1])
        let half = try await scope.client.query("SELECT to_regclass(\("\(scope.schema).half")) IS NULL")
        #expect(try half[0].decode(Bool.self, at: 0))
    }

    static func logCount(_ scope: TestDatabase.Scope) async throws -> Int {
        let rows = try await scope.client.query(
            "SELECT count(*) FROM \(unescaped: PostgresIdentifier.quote(scope.schema)).applied_log")
        return try rows[0].decode(Int.self, at: 0)
    }
}
