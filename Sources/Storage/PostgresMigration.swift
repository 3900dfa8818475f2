public import Foundation

/// One versioned SQL migration, usually loaded from a file named `<version>_<description>.sql`.
public struct PostgresMigration: Hashable, Sendable {
    /// The version: the file name's leading number (`0003_add_index.sql` is version 3).
    public let version: Int
    /// The file name, for example `0003_add_index.sql`.
    public let name: String
    /// The SQL text; it may hold several statements but no transaction control (each migration already
    /// runs in its own transaction).
    public let sql: String
    /// The SHA-256 of the SQL text's UTF-8 bytes, as 64 lowercase hex digits.
    public let checksum: String

    /// Creates a migration.
    ///
    /// - Parameters:
    ///   - version: The version, unique within the schema.
    ///   - name: The file name or another label recorded with it.
    ///   - sql: The SQL text.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hexDigest(Array(sql.utf8))
    }

    /// Loads every `.sql` file of a directory, ordered by version.
    ///
    /// Files not ending in `.sql` are ignored (a README may sit next to the migrations).
    ///
    /// - Parameter directory: The directory, for example
    ///   `Bundle.module.url(forResource: "Migrations", withExtension: nil)` for a `.copy("Migrations")` resource.
    /// - Returns: The migrations, by ascending version.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidMigration`` for an unreadable directory or
    ///   file, a `.sql` file whose name does not start with a number and `_`, a file that is not UTF-8, or two
    ///   files with the same version (both are named).
    public static func load(from directory: URL) throws(PostgresError) -> [PostgresMigration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            var failure = PostgresError(
                .invalidMigration, operation: "load migrations", message: "cannot list \(directory.path)")
            failure.underlying = error
            throw failure
        }
        var migrations: [PostgresMigration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard let version = Self.version(fromFileName: name) else {
                throw PostgresError(
                    .invalidMigration, operation: "load migrations",
                    message:
                        "\(name): migration files are named <version>_<description>.sql, e.g. 0001_create_outbox.sql")
            }
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                let sql = String(validating: data, as: UTF8.self)
            else {
                throw PostgresError(
                    .invalidMigration, operation: "load migrations", message: "\(name) is unreadable or not UTF-8")
            }
            migrations.append(PostgresMigration(version: version, name: name, sql: sql))
        }
        return try Self.ordered(migrations)
    }

    /// Sorts migrations by version, refusing duplicates.
    static func ordered(_ migrations: [PostgresMigration]) throws(PostgresError) -> [PostgresMigration] {
        let sorted = migrations.sorted { ($0.version, $0.name) < ($1.version, $1.name) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.version == next.version {
            throw PostgresError(
                .invalidMigration, operation: "load migrations",
                message: "\(previous.name) and \(next.name) have the same version \(next.version)")
        }
        return sorted
    }

    /// The leading number of `0001_create_outbox.sql`, or `nil` when the name has no `<digits>_` prefix.
    static func version(fromFileName name: String) -> Int? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropFirst(digits.count).first == "_" else { return nil }
        return Int(digits)
    }
}
