import Foundation
import Testing

@testable import Storage

@Suite struct MigrationFileTests {
    func directory(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return url
    }

    @Test func versionIsTheLeadingNumber() {
        #expect(PostgresMigration.version(fromFileName: "0001_create_outbox.sql") == 1)
        #expect(PostgresMigration.version(fromFileName: "20240501_x.sql") == 20_240_501)
        #expect(PostgresMigration.version(fromFileName: "create.sql") == nil)
        #expect(PostgresMigration.version(fromFileName: "0001create.sql") == nil)
        #expect(PostgresMigration.version(fromFileName: "_0001.sql") == nil)
    }

    @Test func filesLoadInVersionOrderIgnoringOtherFiles() throws {
        let url = try self.directory([
            "0010_ten.sql": "SELECT 10;", "0002_two.sql": "SELECT 2;", "README.md": "notes",
            "0001_one.sql": "SELECT 1;",
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let migrations = try PostgresMigration.load(from: url)
        #expect(migrations.map(\.version) == [1, 2, 10])
        #expect(migrations[0].name == "0001_one.sql")
        #expect(migrations[0].checksum == SHA256.hexDigest(Array("SELECT 1;".utf8)))
    }

    @Test func duplicateVersionsAndBadNamesAreRefused() throws {
        let duplicate = try self.directory(["0001_a.sql": "", "001_b.sql": ""])
        defer { try? FileManager.default.removeItem(at: duplicate) }
        let error = #expect(throws: PostgresError.self) { try PostgresMigration.load(from: duplicate) }
        #expect(error?.code == .invalidMigration)
        #expect(error?.message.contains("0001_a.sql") == true && error?.message.contains("001_b.sql") == true)

        let badName = try self.directory(["create.sql": ""])
        defer { try? FileManager.default.removeItem(at: badName) }
        let nameError = #expect(throws: PostgresError.self) { try PostgresMigration.load(from: badName) }
        #expect(nameError?.message.contains("create.sql") == true)
        #expect(throws: PostgresError.self) {
            try PostgresMigration.load(from: URL(fileURLWithPath: "/nonexistent/\(UUID())"))
        }
    }

    @Test func changedChecksumIsRefusedBeforeAnythingRuns() throws {
        let migrations = try PostgresMigrations(
            schema: "svc",
            migrations: [
                PostgresMigration(version: 1, name: "0001_a.sql", sql: "SELECT 1;"),
                PostgresMigration(version: 2, name: "0002_b.sql", sql: "SELECT 2;"),
            ])
        let applied = PostgresMigrationStatus.Applied(
            version: 1, name: "0001_a.sql", checksum: SHA256.hexDigest(Array("SELECT 1;".utf8)), appliedAt: Date())
        #expect(try migrations.pending(given: [applied]).map(\.version) == [2])
        var edited = applied
        edited.checksum = "0000"
        let error = #expect(throws: PostgresError.self) { try migrations.pending(given: [edited]) }
        #expect(error?.code == .migrationChecksumMismatch)
        #expect(error?.message.contains("0001_a.sql") == true)
        #expect(throws: PostgresError.self) { try PostgresMigrations(schema: "Bad-Schema", migrations: []) }
    }
}
