public import Foundation
import Logging

/// Applies a service's versioned SQL migrations to its own schema.
///
/// ```swift
/// let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil)!   // .copy("Migrations")
/// let migrations = try PostgresMigrations(schema: "procurement", directory: directory)
/// try await migrations.apply(using: client)
/// ```
///
/// ``apply(using:)`` takes a session-level `pg_advisory_lock` keyed on the schema, so two instances starting
/// together run each migration once: the second waits, then finds nothing pending. It creates the schema if
/// it is missing and records every migration in `<schema>.schema_migrations` (`version`, `name`, `checksum`,
/// `applied_at`). Each pending migration runs in its own transaction with `search_path` set to the schema, so
/// unqualified names land there. A migration that was applied and whose file changed since is refused with
/// ``PostgresError/Code/migrationChecksumMismatch`` naming the file, before anything runs.
///
/// With an ``owner`` (the schema's NOLOGIN owner role, see ``PostgresServiceRole``), the bookkeeping table and
/// every migration are created under `SET LOCAL ROLE <owner>`: a service's login role, which may only read
/// and write rows, migrates its schema as the owner, and what the migrations create belongs to the owner
/// (the owner's default privileges then give the login role its rights on it). Without one they run as the
/// connected role.
public struct PostgresMigrations: Sendable {
    /// The schema the migrations belong to.
    public let schema: PostgresIdentifier
    /// The migrations, by ascending version.
    public let migrations: [PostgresMigration]
    /// The role migrations run as (`SET LOCAL ROLE`), or `nil` for the connected role.
    public let owner: PostgresIdentifier?

    /// Creates a runner for migrations already in memory.
    ///
    /// - Parameters:
    ///   - schema: The service's schema: a lowercase letter, then lowercase letters, digits or `_`.
    ///   - migrations: The migrations, in any order.
    ///   - owner: The role to run them as, for example `procurement_owner`; `nil` (the default) runs them as the
    ///     connected role.
    /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidIdentifier`` or
    ///   ``PostgresError/Code/invalidMigration`` (duplicate versions).
    public init(schema: String, migrations: [PostgresMigration], owner: String? = nil) throws(PostgresError) {
        self.schema = try PostgresIdentifier.serviceName(schema)
        self.migrations = try PostgresMigration.ordered(migrations)
        self.owner = try owner.map { name throws(PostgresError) in try PostgresIdentifier.serviceName(name) }
    }

    /// Creates a runner for the `.sql` files of a directory.
    ///
    /// - Parameters:
    ///   - schema: The service's schema.
    ///   - directory: The directory holding `0001_….sql`, `0002_….sql`, …
    ///   - owner: The role to run them as; `nil` (the default) runs them as the connected role.
    /// - Throws: ``PostgresError``, as ``PostgresMigration/load(from:)`` does.
    public init(schema: String, directory: URL, owner: String? = nil) throws(PostgresError) {
        try self.init(schema: schema, migrations: PostgresMigration.load(from: directory), owner: owner)
    }

    private var table: String { "\(self.schema.quoted).schema_migrations" }
    private var lockKey: String { PostgresIdentifier.quoteLiteral("passerelle.migrations:\(self.schema.name)") }

    /// Applies the pending migrations, in order, under the schema's advisory lock.
    ///
    /// - Parameter client: The pool; one connection is borrowed for the whole run.
    /// - Returns: The migrations applied by this call (empty when everything was already applied).
    /// - Throws: ``PostgresError`` (``PostgresError/Code/migrationChecksumMismatch`` or the failing migration's
    ///   ``PostgresError/Code/queryFailed``; earlier migrations stay applied) or `CancellationError`.
    @discardableResult
    public func apply(using client: PostgresClient) async throws -> [PostgresMigration] {
        try await client.withConnection { connection in
            try await self.apply(on: connection)
        }
    }

    /// Applies the pending migrations on a given connection; see ``apply(using:)``.
    ///
    /// - Parameter connection: The connection; it must not be inside a transaction.
    /// - Returns: The migrations applied by this call.
    /// - Throws: As ``apply(using:)``.
    @discardableResult
    public func apply(on connection: PostgresConnection) async throws -> [PostgresMigration] {
        // Session-level lock: held across the per-migration transactions, released below or when the
        // session ends. A second instance blocks here, on its connection's own thread.
        try await connection.executeScript("SELECT pg_advisory_lock(hashtextextended(\(self.lockKey), 0))")
        do {
            let applied = try await self.prepare(connection)
            let pending = try self.pending(given: applied)
            for migration in pending {
                try await self.run(migration, on: connection)
            }
            try await self.unlock(connection)
            return pending
        } catch {
            try? await self.unlock(connection)
            throw error
        }
    }

    /// Reports which migrations are applied, pending, changed or unknown, without taking the lock or
    /// changing anything.
    ///
    /// - Parameter client: The pool.
    /// - Returns: The status; every migration is pending when the schema or its table does not exist yet.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    public func status(using client: PostgresClient) async throws -> PostgresMigrationStatus {
        let exists = try await client.query("SELECT to_regclass(\(self.table)) IS NOT NULL")
        let applied = try exists.first?.decode(Bool.self, at: 0) == true ? try await self.readApplied(client.query) : []
        let recorded = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        let known = Set(self.migrations.map(\.version))
        return PostgresMigrationStatus(
            schema: self.schema.name,
            applied: applied,
            pending: self.migrations.filter { recorded[$0.version] == nil },
            changed: self.migrations.filter { migration in
                recorded[migration.version].map { $0.checksum != migration.checksum } ?? false
            },
            unknown: applied.filter { !known.contains($0.version) })
    }

    /// Creates the schema (if missing) and the bookkeeping table, and reads the applied migrations.
    private func prepare(_ connection: PostgresConnection) async throws -> [PostgresMigrationStatus.Applied] {
        // Checked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists,
        // which a least-privilege service role does not have.
        let found = try await connection.query("SELECT 1 FROM pg_namespace WHERE nspname = \(self.schema.name)")
        if found.isEmpty {
            // As the connected role: only an administrator may create a schema for the owner.
            let authorization = self.owner.map { " AUTHORIZATION \($0.quoted)" } ?? ""
            try await connection.execute("CREATE SCHEMA \(unescaped: self.schema.quoted)\(unescaped: authorization)")
        }
        // CREATE TABLE IF NOT EXISTS also needs CREATE on the schema when the table exists: the owner has it.
        _ = try await connection.withTransaction(settings: self.roleSetting) { transaction in
            try await transaction.execute(
                """
                CREATE TABLE IF NOT EXISTS \(unescaped: self.table) (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        }
        return try await self.readApplied(connection.query)
    }

    /// `SET LOCAL ROLE <owner>` for a transaction, when there is an owner.
    private var roleSetting: [PostgresLocalSetting] {
        self.owner.map { [PostgresLocalSetting("role", $0.name)] } ?? []
    }

    private func readApplied(
        _ query: (PostgresQuery) async throws -> PostgresRows
    ) async throws -> [PostgresMigrationStatus.Applied] {
        let rows = try await query(
            "SELECT version, name, checksum, applied_at FROM \(unescaped: self.table) ORDER BY version")
        return try rows.decode((Int, String, String, Date).self).map { version, name, checksum, appliedAt in
            PostgresMigrationStatus.Applied(version: version, name: name, checksum: checksum, appliedAt: appliedAt)
        }
    }

    /// The migrations to run, after checking that no applied migration changed.
    func pending(given applied: [PostgresMigrationStatus.Applied]) throws(PostgresError) -> [PostgresMigration] {
        let recorded = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for migration in self.migrations {
            guard let record = recorded[migration.version], record.checksum != migration.checksum else { continue }
            throw PostgresError(
                .migrationChecksumMismatch, operation: "apply migrations",
                message: "\(migration.name) (version \(migration.version)) changed after it was applied to schema "
                    + "\(self.schema.name): recorded checksum \(record.checksum), file checksum \(migration.checksum)")
        }
        return self.migrations.filter { recorded[$0.version] == nil }
    }

    private func run(_ migration: PostgresMigration, on connection: PostgresConnection) async throws {
        connection.logger.info(
            "Applying migration",
            metadata: [LogKey.schema: "\(self.schema.name)", LogKey.migration: "\(migration.name)"])
        try await connection.withTransaction(settings: self.roleSetting) { transaction in
            try await transaction.execute("SET LOCAL search_path TO \(unescaped: self.schema.quoted)")
            try await transaction.connection.executeScript(migration.sql)
            try await transaction.execute(
                """
                INSERT INTO \(unescaped: self.table) (version, name, checksum)
                VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                """)
        }
    }

    private func unlock(_ connection: PostgresConnection) async throws {
        try await connection.executeScript(
            "SELECT pg_advisory_unlock(hashtextextended(\(self.lockKey), 0))", cancellable: false)
    }
}
