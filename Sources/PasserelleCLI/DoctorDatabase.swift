import Foundation
import Logging
import Storage

/// The migrations recorded in one schema's `schema_migrations` table, as `passerelle doctor` read them.
struct DoctorSchemaMigrations: Sendable {
    /// The schema holding the table.
    var schema: String
    /// The versions of the applied migrations, or why they could not be read.
    var applied: Result<[Int], PostgresError>
}

extension Passerelle.Doctor {
    typealias PostgresLoginResult = Result<PostgresServerInfo, PostgresError>
    typealias MigrationsResult = Result<[DoctorSchemaMigrations], PostgresError>

    /// Logs in (the probe), then, when that worked, reads every schema's migrations; `migrations` is `nil`
    /// when the login failed.
    static func inspectPostgres(
        _ connectionString: String,
        logger: Logger
    ) async -> (login: PostgresLoginResult, migrations: MigrationsResult?) {
        let login: PostgresLoginResult
        do {
            login = .success(try await PostgresProbe.check(connectionString: connectionString))
        } catch {
            login = .failure(error)
        }
        guard case .success = login else {
            return (login, nil)
        }
        return (login, await Self.readMigrations(connectionString, logger: logger))
    }

    /// A one-connection client with short timeouts, named `passerelle doctor` unless the URL names it.
    static func doctorClient(_ connectionString: String, logger: Logger) throws(PostgresError) -> PostgresClient {
        var configuration = try PostgresConfiguration(connectionString: connectionString)
        configuration.options.poolSize = 1
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.acquireTimeout = .seconds(10)
        configuration.options.applicationName = configuration.options.applicationName ?? "passerelle doctor"
        return PostgresClient(configuration: configuration, logger: logger)
    }

    /// Finds every schema with a `schema_migrations` table and reads its applied migrations with
    /// ``PostgresMigrations/status(using:)``.
    static func readMigrations(_ connectionString: String, logger: Logger) async -> MigrationsResult {
        let client: PostgresClient
        do {
            client = try Self.doctorClient(connectionString, logger: logger)
        } catch {
            return .failure(error)
        }
        let result: MigrationsResult
        do {
            let rows = try await client.query(
                """
                SELECT n.nspname
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = 'schema_migrations' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                ORDER BY n.nspname
                """)
            var schemas: [DoctorSchemaMigrations] = []
            for schema in try rows.decode(String.self) {
                schemas.append(DoctorSchemaMigrations(schema: schema, applied: await Self.readApplied(schema, client)))
            }
            result = .success(schemas)
        } catch {
            result = .failure(Self.postgresError(error, operation: "list schema_migrations tables"))
        }
        await client.close()
        return result
    }

    private static func readApplied(
        _ schema: String,
        _ client: PostgresClient
    ) async -> Result<[Int], PostgresError> {
        do {
            let status = try await PostgresMigrations(schema: schema, migrations: []).status(using: client)
            return .success(status.applied.map(\.version))
        } catch {
            return .failure(Self.postgresError(error, operation: "read \(schema).schema_migrations"))
        }
    }

    private static func postgresError(_ error: any Error, operation: String) -> PostgresError {
        if let error = error as? PostgresError {
            return error
        }
        return PostgresError(.cancelled, operation: operation, message: "\(error)")
    }

    /// The name of the database the server said does not exist (SQLSTATE `3D000`, or libpq's
    /// `FATAL:  database "…" does not exist` when the login itself was refused), or `nil`.
    static func missingDatabase(_ error: PostgresError) -> String? {
        if let match = error.message.firstMatch(of: /database "(.*)" does not exist/) {
            return String(match.output.1)
        }
        if error.sqlState?.rawValue == "3D000" {
            return ""
        }
        return nil
    }

    static func postgresDatabaseCheck(_ result: PostgresLoginResult) -> DoctorCheck {
        let name = "postgres.database"
        switch result {
        case .success(let info):
            return .ok(name, "database \(info.database) exists")
        case .failure(let error):
            guard let database = Self.missingDatabase(error) else {
                return .fail(name, "not checked: postgres.login failed", fix: "fix postgres.login first")
            }
            let shown = database.isEmpty ? "the configured database" : "database \(database)"
            let fix: String
            if database.isEmpty {
                fix = "createdb <name> with the PGHOST/PGPORT/PGUSER of PASSERELLE_PG_URL, or run scripts/infra up "
                    + "(it creates passerelle)"
            } else if database == "passerelle" {
                fix = "run scripts/infra up (it creates passerelle), or createdb passerelle with the same "
                    + "PGHOST/PGPORT/PGUSER"
            } else {
                fix = "createdb \(database) with the PGHOST/PGPORT/PGUSER of PASSERELLE_PG_URL (--postgres-url), "
                    + "or point it at an existing database (scripts/infra up creates passerelle)"
            }
            return .fail(name, "\(shown) does not exist on the server", fix: fix)
        }
    }

    static func postgresMigrationsCheck(_ result: MigrationsResult?) -> DoctorCheck {
        let name = "postgres.migrations"
        switch result {
        case nil:
            return .fail(name, "not checked: postgres.login failed", fix: "fix postgres.login first")
        case .failure(let error):
            return .fail(
                name,
                "cannot list the schema_migrations tables: \(Self.summary(error))",
                fix: "check that the role of PASSERELLE_PG_URL (--postgres-url) can read pg_catalog")
        case .success(let schemas):
            guard !schemas.isEmpty else {
                return .warn(
                    name,
                    "no service schema migrated yet (no <schema>.schema_migrations table)",
                    fix: "start a service once: it applies its migrations to its own schema")
            }
            var parts: [String] = []
            var unreadable: [String] = []
            var ignored = 0
            for schema in schemas {
                switch schema.applied {
                case .failure(let error) where error.code == .invalidIdentifier:
                    // Not a name Passerelle gives a service schema: some other tool's table.
                    parts.append("\(schema.schema) ignored (not a service schema name)")
                    ignored += 1
                case .success(let applied):
                    if let latest = applied.max() {
                        parts.append("\(schema.schema) \(applied.count) applied, latest \(latest)")
                    } else {
                        parts.append("\(schema.schema) none applied")
                    }
                case .failure(let error):
                    parts.append("\(schema.schema) unreadable (\(Self.summary(error)))")
                    unreadable.append(schema.schema)
                }
            }
            let detail = parts.joined(separator: "; ")
            guard unreadable.isEmpty else {
                let tables = unreadable.map { "\($0).schema_migrations" }.joined(separator: ", ")
                return .fail(
                    name, detail,
                    fix: "grant SELECT on \(tables) to the role, and check the columns (version bigint, name text, "
                        + "checksum text, applied_at timestamptz)")
            }
            guard ignored < schemas.count else {
                return .warn(
                    name, "no service schema migrated yet; \(detail)",
                    fix: "start a service once: it applies its migrations to its own schema")
            }
            return .ok(name, detail)
        }
    }

    /// A one-line account of a PostgreSQL error: code, message, SQLSTATE and the column being decoded.
    ///
    /// The server's message is shown: the statements the doctor runs read only catalogs and
    /// `schema_migrations`, so it cannot quote personal data.
    static func summary(_ error: PostgresError) -> String {
        var text = "\(error.code)"
        if let server = error.serverFields, !server.message.isEmpty {
            text += ": \(server.message)"
        } else if !error.message.isEmpty {
            text += ": \(error.message)"
        }
        if let state = error.sqlState {
            text += " (SQLSTATE \(state.rawValue))"
        }
        if let column = error.column {
            text += ", column \(column)"
            if let postgresType = error.postgresType, let swiftType = error.swiftType {
                text += " (\(postgresType) as \(swiftType))"
            }
        }
        return text
    }
}
