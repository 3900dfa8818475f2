/// Provisions the least-privilege roles and the schema of one service: a NOLOGIN owner role that owns the
/// schema and everything in it, and the LOGIN role the service connects with, which only reads and writes rows.
///
/// ```swift
/// let names = try PostgresServiceRole.Names(service: "procurement")      // svc_procurement, procurement_owner
/// let outcome = try await PostgresServiceRole.provision(names, password: secret, using: admin)
/// ```
///
/// What it leaves, in the database `admin` is connected to:
///
/// - **The owner role** (`<service>_owner`: NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
///   NOBYPASSRLS) owns schema `<service>`. Migrations run as it (`SET LOCAL ROLE`, see
///   ``PostgresMigrations``), so the tables they create are its own. Objects of the schema that belong to
///   another role (tables a superuser created before the roles existed) are handed over to it.
/// - **The login role** (`svc_<service>`: LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
///   NOINHERIT) is a member of the owner role, so it may `SET ROLE` to it, but inherits none of its rights. It
///   has USAGE on the schema, SELECT, INSERT, UPDATE and DELETE on the schema's tables and USAGE, SELECT and
///   UPDATE on its sequences, for the present ones and those the owner creates later
///   (`ALTER DEFAULT PRIVILEGES FOR ROLE <owner> IN SCHEMA <service>`), CONNECT and TEMPORARY on the database,
///   and its `search_path` set to the schema. It cannot create, alter, drop or truncate anything without
///   `SET ROLE`, and gets nothing on other schemas.
/// - `PUBLIC` loses every privilege on the database and on the schema, and `CREATE` on schema `public` (the
///   PostgreSQL 15 default, enforced for older clusters).
///
/// The password is turned into a SCRAM-SHA-256 verifier on the client (`PQencryptPasswordConn`), so the plain
/// text never reaches the server or its statement log. Provisioning is idempotent (running it again resets
/// the password, the attributes and the privileges) and holds a transaction-level advisory lock, so services
/// provisioned at the same time in one database do not collide on the database's privileges.
public enum PostgresServiceRole {
    /// The schema and role names of one service.
    ///
    /// Every name follows ``PostgresIdentifier/serviceName(_:)`` (`[a-z][a-z0-9_]*`, at most 63 characters),
    /// so it never needs quoting. Roles belong to the whole cluster while schemas belong to one database: tests
    /// that run many databases side by side give each its own role names with ``init(service:prefix:)``.
    public struct Names: Sendable, Hashable {
        /// The service, which is also its schema's name.
        public let service: String
        /// The role the service logs in as, `svc_<service>` by default.
        public let login: String
        /// The NOLOGIN role that owns the schema and runs the migrations, `<service>_owner` by default.
        public let owner: String

        /// Names for `service`, with the default role names unless given.
        ///
        /// - Parameters:
        ///   - service: The service and schema name.
        ///   - login: The login role; default ``defaultLogin(service:)``.
        ///   - owner: The owner role; default ``defaultOwner(service:)``.
        /// - Throws: ``PostgresError`` with ``PostgresError/Code/invalidIdentifier`` naming the bad name, or when
        ///   the two roles have the same name.
        public init(service: String, login: String? = nil, owner: String? = nil) throws(PostgresError) {
            let login = login ?? Self.defaultLogin(service: service)
            let owner = owner ?? Self.defaultOwner(service: service)
            _ = try PostgresIdentifier.serviceName(service)
            _ = try PostgresIdentifier.serviceName(login)
            _ = try PostgresIdentifier.serviceName(owner)
            guard login != owner else {
                throw PostgresError(
                    .invalidIdentifier, operation: "validate identifier",
                    message: "the login role and the owner role must differ: \"\(login)\"")
            }
            self.service = service
            self.login = login
            self.owner = owner
        }

        /// Names whose roles start with `prefix`: `<prefix>svc_<service>` and `<prefix><service>_owner`.
        ///
        /// - Parameters:
        ///   - service: The service and schema name.
        ///   - prefix: For example `t1a2b3c4_`: a lowercase letter first, then lowercase letters, digits or `_`.
        /// - Throws: As ``init(service:login:owner:)``.
        public init(service: String, prefix: String) throws(PostgresError) {
            try self.init(
                service: service, login: prefix + Self.defaultLogin(service: service),
                owner: prefix + Self.defaultOwner(service: service))
        }

        /// `svc_<service>`: the login role of a service, as the runtime connects by default.
        public static func defaultLogin(service: String) -> String { "svc_\(service)" }

        /// `<service>_owner`: the owner role of a service's schema, as the runtime migrates by default.
        public static func defaultOwner(service: String) -> String { "\(service)_owner" }

        var schemaIdentifier: PostgresIdentifier { get throws(PostgresError) { try PostgresIdentifier(self.service) } }
        var loginIdentifier: PostgresIdentifier { get throws(PostgresError) { try PostgresIdentifier(self.login) } }
        var ownerIdentifier: PostgresIdentifier { get throws(PostgresError) { try PostgresIdentifier(self.owner) } }
    }

    /// What one ``provision(_:password:using:)`` found and did.
    public struct Outcome: Sendable, Hashable {
        /// The names provisioned.
        public var names: Names
        /// Whether the login role was created (else it existed and was updated).
        public var loginCreated: Bool
        /// Whether the owner role was created (else it existed and was updated).
        public var ownerCreated: Bool
        /// Whether the schema was created (else it existed and is now the owner's).
        public var schemaCreated: Bool
        /// The objects of the schema that belonged to another role and were handed to the owner, as
        /// `<kind> <name>`, for example `table outbox` or `function outbox_notify()`.
        public var takenOver: [String]

        /// Whether anything was created, as opposed to brought up to date.
        public var created: Bool { self.loginCreated || self.ownerCreated || self.schemaCreated }
    }

    /// The advisory lock every provisioning holds until its transaction ends: the database's and the `public`
    /// schema's privileges are single catalog rows, which concurrent `GRANT`s would fail to update.
    static let lockKey = "passerelle.provision"

    /// Creates (or updates) both roles and the schema, and hands over to the owner what the schema already
    /// holds. Idempotent.
    ///
    /// - Parameters:
    ///   - names: The schema and role names.
    ///   - password: The login role's password, from configuration. Never logged.
    ///   - admin: A client connected, to the service's database, as a role allowed to create roles and schemas
    ///     and to change owners (a superuser).
    /// - Returns: What was created, updated and taken over.
    /// - Throws: ``PostgresError`` (``PostgresError/Code/invalidBind`` for an empty password, or the failing
    ///   statement's error) or `CancellationError`.
    @discardableResult
    public static func provision(_ names: Names, password: String, using admin: PostgresClient) async throws -> Outcome {
        let schema = try names.schemaIdentifier
        let login = try names.loginIdentifier
        let owner = try names.ownerIdentifier
        guard !password.isEmpty else {
            throw PostgresError(.invalidBind, operation: "provision role", message: "the password is empty")
        }
        return try await admin.withTransaction { transaction in
            try await transaction.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(Self.lockKey), 0))")
            let verifier = try await transaction.connection.perform("encrypt password", cancellable: false) { libpq in
                libpq.scramVerifier(password: password, user: names.login)
            }
            let common = "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            let ownerCreated = try await Self.upsertRole(owner, attributes: "NOLOGIN \(common)", in: transaction)
            let loginCreated = try await Self.upsertRole(
                login, attributes: "LOGIN \(common) NOINHERIT PASSWORD \(PostgresIdentifier.quoteLiteral(verifier))",
                in: transaction)
            let isMember = try await transaction.query(
                "SELECT pg_has_role(\(names.login), \(names.owner), 'MEMBER')")
            if try isMember[0].decode(Bool.self, at: 0) == false {
                try await transaction.execute("GRANT \(identifier: owner) TO \(identifier: login)")
            }

            let database = try PostgresIdentifier(
                try await transaction.query("SELECT current_database()")[0].decode(String.self, at: 0))
            try await transaction.execute("REVOKE ALL ON DATABASE \(identifier: database) FROM PUBLIC")
            try await transaction.execute(
                "GRANT CONNECT, TEMPORARY ON DATABASE \(identifier: database) TO \(identifier: login)")

            let found = try await transaction.query("SELECT 1 FROM pg_namespace WHERE nspname = \(names.service)")
            if found.isEmpty {
                try await transaction.execute("CREATE SCHEMA \(identifier: schema) AUTHORIZATION \(identifier: owner)")
            } else {
                try await transaction.execute("ALTER SCHEMA \(identifier: schema) OWNER TO \(identifier: owner)")
            }
            let takenOver = try await Self.takeOver(names, in: transaction)

            try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: schema) FROM PUBLIC")
            let hasPublic = try await transaction.query("SELECT 1 FROM pg_namespace WHERE nspname = 'public'")
            if !hasPublic.isEmpty {
                try await transaction.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            }
            try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: schema) FROM \(identifier: login)")
            try await transaction.execute("GRANT USAGE ON SCHEMA \(identifier: schema) TO \(identifier: login)")
            try await transaction.execute(
                "REVOKE ALL ON ALL TABLES IN SCHEMA \(identifier: schema) FROM \(identifier: login)")
            try await transaction.execute(
                """
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(identifier: schema) \
                TO \(identifier: login)
                """)
            try await transaction.execute(
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA \(identifier: schema) FROM \(identifier: login)")
            try await transaction.execute(
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA \(identifier: schema) TO \(identifier: login)")
            let defaults = "ALTER DEFAULT PRIVILEGES FOR ROLE \(owner.quoted) IN SCHEMA \(schema.quoted)"
            try await transaction.execute(
                "\(unescaped: defaults) GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \(identifier: login)")
            try await transaction.execute(
                "\(unescaped: defaults) GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO \(identifier: login)")
            try await transaction.execute("ALTER ROLE \(identifier: login) SET search_path = \(identifier: schema)")
            return Outcome(
                names: names, loginCreated: loginCreated, ownerCreated: ownerCreated, schemaCreated: found.isEmpty,
                takenOver: takenOver)
        }
    }

    /// Provisions `service` with the default role names (`svc_<service>`, `<service>_owner`); see
    /// ``provision(_:password:using:)``.
    ///
    /// - Parameters:
    ///   - service: The service and schema name: a lowercase letter, then lowercase letters, digits or `_`.
    ///   - password: The login role's password, from configuration. Never logged.
    ///   - admin: A client connected as a role allowed to create roles and schemas.
    /// - Returns: What was created, updated and taken over.
    /// - Throws: ``PostgresError`` (``PostgresError/Code/invalidIdentifier`` for a bad name, ``PostgresError/Code/invalidBind``
    ///   for an empty password, or the failing statement's error) or `CancellationError`.
    @discardableResult
    public static func provision(service: String, password: String, using admin: PostgresClient) async throws -> Outcome {
        try await Self.provision(try Names(service: service), password: password, using: admin)
    }

    /// Drops a service's schema (with everything in it) and both its roles, in the database `admin` is connected
    /// to. For tests and decommissioning.
    ///
    /// - Parameters:
    ///   - names: The schema and role names.
    ///   - admin: A client connected as a role allowed to drop them.
    /// - Throws: ``PostgresError`` (a role that still holds privileges in another database cannot be dropped)
    ///   or `CancellationError`.
    ///
    /// > Warning: This deletes the service's data.
    public static func drop(_ names: Names, using admin: PostgresClient) async throws {
        let schema = try names.schemaIdentifier
        try await admin.withTransaction { transaction in
            // DROP OWNED revokes privileges on the database: the same row provisioning grants on.
            try await transaction.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(Self.lockKey), 0))")
            try await transaction.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
            for role in [try names.loginIdentifier, try names.ownerIdentifier] {
                let exists = try await transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role.name)")
                guard !exists.isEmpty else { continue }
                // Revokes the role's privileges in this database (and on the database itself), then drops it.
                try await transaction.execute("DROP OWNED BY \(identifier: role)")
                try await transaction.execute("DROP ROLE \(identifier: role)")
            }
        }
    }

    /// Drops `service`'s schema and its roles with the default names; see ``drop(_:using:)``.
    ///
    /// > Warning: This deletes the service's data.
    public static func drop(service: String, using admin: PostgresClient) async throws {
        try await Self.drop(try Names(service: service), using: admin)
    }

    /// Creates `role` with `attributes`, or sets them on the existing role; returns whether it was created.
    private static func upsertRole(
        _ role: PostgresIdentifier, attributes: String, in transaction: PostgresTransaction
    ) async throws -> Bool {
        let exists = try await transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role.name)")
        let verb = exists.isEmpty ? "CREATE ROLE" : "ALTER ROLE"
        try await transaction.execute("\(unescaped: verb) \(identifier: role) WITH \(unescaped: attributes)")
        return exists.isEmpty
    }

    /// Makes the owner role the owner of every object of the schema that belongs to another role (objects of
    /// an extension excepted): relations first (their indexes and owned sequences follow), then the other
    /// sequences, routines and types.
    private static func takeOver(_ names: Names, in transaction: PostgresTransaction) async throws -> [String] {
        let owner = try names.ownerIdentifier
        let schema = try names.schemaIdentifier
        let notExtension = { (catalog: String) in
            "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '\(catalog)'::regclass AND d.objid = o.oid AND d.deptype = 'e')"
        }
        var statements: [(label: String, sql: String)] = []
        let relationsQuery: (String) -> PostgresQuery = { kinds in
            """
            SELECT o.relkind::text, o.relname::text FROM pg_class o
            WHERE o.relnamespace = to_regnamespace(\(names.service)) AND o.relkind IN (\(unescaped: kinds))
              AND o.relowner <> to_regrole(\(names.owner)) AND \(unescaped: notExtension("pg_class"))
            ORDER BY o.relname
            """
        }
        var taken: [String] = []
        for (kind, name) in try await transaction.query(relationsQuery("'r', 'p', 'v', 'm', 'f', 'c'"))
            .decode((String, String).self)
        {
            let (command, label) = Self.relationCommand(kind)
            statements.append(("\(label) \(name)", "\(command) \(schema.quoted).\(PostgresIdentifier.quote(name))"))
        }
        for statement in statements {
            try await transaction.execute("\(unescaped: statement.sql) OWNER TO \(identifier: owner)")
            taken.append(statement.label)
        }
        statements = []
        for (_, name) in try await transaction.query(relationsQuery("'S'")).decode((String, String).self) {
            statements.append(("sequence \(name)", "ALTER SEQUENCE \(schema.quoted).\(PostgresIdentifier.quote(name))"))
        }
        let routines = try await transaction.query(
            """
            SELECT o.proname::text, pg_get_function_identity_arguments(o.oid), o.prokind::text FROM pg_proc o
            WHERE o.pronamespace = to_regnamespace(\(names.service)) AND o.proowner <> to_regrole(\(names.owner))
              AND \(unescaped: notExtension("pg_proc"))
            ORDER BY o.proname
            """)
        for (name, arguments, kind) in try routines.decode((String, String, String).self) {
            let label = kind == "p" ? "procedure" : kind == "a" ? "aggregate" : "function"
            statements.append(
                ("\(label) \(name)(\(arguments))", "ALTER ROUTINE \(schema.quoted).\(PostgresIdentifier.quote(name))(\(arguments))"))
        }
        let types = try await transaction.query(
            """
            SELECT o.typname::text, o.typtype::text FROM pg_type o
            WHERE o.typnamespace = to_regnamespace(\(names.service)) AND o.typtype IN ('e', 'd', 'r')
              AND o.typowner <> to_regrole(\(names.owner)) AND \(unescaped: notExtension("pg_type"))
            ORDER BY o.typname
            """)
        for (name, kind) in try types.decode((String, String).self) {
            let command = kind == "d" ? "ALTER DOMAIN" : "ALTER TYPE"
            statements.append(
                ("\(kind == "d" ? "domain" : "type") \(name)", "\(command) \(schema.quoted).\(PostgresIdentifier.quote(name))"))
        }
        for statement in statements {
            try await transaction.execute("\(unescaped: statement.sql) OWNER TO \(identifier: owner)")
            taken.append(statement.label)
        }
        return taken
    }

    /// The `ALTER …` command and the label of a `pg_class.relkind`.
    private static func relationCommand(_ kind: String) -> (command: String, label: String) {
        switch kind {
        case "v": ("ALTER VIEW", "view")
        case "m": ("ALTER MATERIALIZED VIEW", "materialized view")
        case "f": ("ALTER FOREIGN TABLE", "foreign table")
        case "c": ("ALTER TYPE", "type")
        default: ("ALTER TABLE", "table")
        }
    }
}
