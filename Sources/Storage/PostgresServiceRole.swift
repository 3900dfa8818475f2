/// Provisions the least-privilege login role and schema of one service.
///
/// ```swift
/// try await PostgresServiceRole.provision(service: "procurement", password: secrets.procurementPassword, using: admin)
/// ```
///
/// The role can log in and owns a schema of the same name; it is not a superuser, cannot create databases or
/// roles, and gets no privilege on other schemas: service schemas grant nothing to `PUBLIC`, and `CREATE` on
/// the `public` schema is revoked from `PUBLIC` (the PostgreSQL 15 default, enforced for older clusters).
/// Its `search_path` is its own schema. The password is turned into a SCRAM-SHA-256 verifier on the client
/// (`PQencryptPasswordConn`), so the plain text never reaches the server or its statement log.
public enum PostgresServiceRole {
    /// Creates (or updates) the role and its schema. Idempotent: running it again resets the password and the
    /// privileges.
    ///
    /// - Parameters:
    ///   - service: The role and schema name: a lowercase letter, then lowercase letters, digits or `_`.
    ///   - password: The role's password, from configuration. Never logged.
    ///   - admin: A client connected as a role allowed to create roles and schemas.
    /// - Throws: ``PostgresError`` (``PostgresError/Code/invalidIdentifier``, ``PostgresError/Code/invalidBind``
    ///   for an empty password, or the failing statement's error) or `CancellationError`.
    public static func provision(service: String, password: String, using admin: PostgresClient) async throws {
        let role = try PostgresIdentifier.serviceName(service)
        guard !password.isEmpty else {
            throw PostgresError(.invalidBind, operation: "provision role", message: "the password is empty")
        }
        try await admin.withTransaction { transaction in
            let connection = transaction.connection
            let verifier = try await connection.perform("encrypt password", cancellable: false) { libpq in
                libpq.scramVerifier(password: password, user: role.name)
            }
            let exists = try await transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role.name)")
            let verb = exists.isEmpty ? "CREATE ROLE" : "ALTER ROLE"
            try await transaction.execute(
                """
                \(unescaped: verb) \(identifier: role) WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
                PASSWORD \(unescaped: PostgresIdentifier.quoteLiteral(verifier))
                """)
            let database = try await transaction.query("SELECT current_database()")
            let databaseName = try PostgresIdentifier(try database[0].decode(String.self, at: 0))
            try await transaction.execute(
                "GRANT CONNECT ON DATABASE \(identifier: databaseName) TO \(identifier: role)")
            try await transaction.execute(
                "CREATE SCHEMA IF NOT EXISTS \(identifier: role) AUTHORIZATION \(identifier: role)")
            try await transaction.execute("ALTER SCHEMA \(identifier: role) OWNER TO \(identifier: role)")
            try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: role) FROM PUBLIC")
            try await transaction.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            try await transaction.execute("ALTER ROLE \(identifier: role) SET search_path = \(identifier: role)")
        }
    }

    /// Drops a service's schema (with everything in it) and its role. For tests and decommissioning.
    ///
    /// - Parameters:
    ///   - service: The role and schema name.
    ///   - admin: A client connected as a role allowed to drop them.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    ///
    /// > Warning: This deletes the service's data.
    public static func drop(service: String, using admin: PostgresClient) async throws {
        let role = try PostgresIdentifier.serviceName(service)
        try await admin.withTransaction { transaction in
            try await transaction.execute("DROP SCHEMA IF EXISTS \(identifier: role) CASCADE")
            let exists = try await transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role.name)")
            guard !exists.isEmpty else { return }
            // Revokes the role's privileges in this database (and on the database itself), then drops it.
            try await transaction.execute("DROP OWNED BY \(identifier: role)")
            try await transaction.execute("DROP ROLE \(identifier: role)")
        }
    }
}
