import Foundation
import Storage
import Testing

/// `PostgresServiceRole`: what a service's login role may and may not do, what its migrations leave, and that
/// provisioning is idempotent, takes over what a superuser created and survives running concurrently.
@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct PrivilegeIntegrationTests {
    /// A client logged in as `role`.
    static func client(role: String, password: String, poolSize: Int = 2) throws -> PostgresClient {
        var configuration = try TestDatabase.configuration(applicationName: "passerelle-tests \(role)", poolSize: poolSize)
        configuration.user = role
        configuration.password = password
        configuration[parameter: "options"] = nil
        return PostgresClient(configuration: configuration, logger: TestDatabase.logger)
    }

    /// A service of this test: random names (roles are global), provisioned with a random password.
    struct Provisioned {
        let names: PostgresServiceRole.Names
        let password: String
        let outcome: PostgresServiceRole.Outcome

        static func make(_ label: String, admin: PostgresClient) async throws -> Provisioned {
            let names = try PostgresServiceRole.Names(service: "\(label)_\(TestDatabase.suffix())")
            let password = UUID().uuidString
            let outcome = try await PostgresServiceRole.provision(names, password: password, using: admin)
            return Provisioned(names: names, password: password, outcome: outcome)
        }

        func login(poolSize: Int = 2) throws -> PostgresClient {
            try PrivilegeIntegrationTests.client(role: self.names.login, password: self.password, poolSize: poolSize)
        }
    }

    /// The runtime's way: the login role runs the migrations under `SET LOCAL ROLE <owner>`.
    static let migrations = [
        PostgresMigration(version: 1, name: "0001_items.sql", sql: "CREATE TABLE items (id bigserial PRIMARY KEY, label text);"),
        PostgresMigration(version: 2, name: "0002_view.sql", sql: "CREATE VIEW item_labels AS SELECT label FROM items;"),
    ]

    static func expectDenied(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
        let error = await #expect(throws: PostgresError.self, sourceLocation: sourceLocation) { try await body() }
        #expect(error?.sqlState == .insufficientPrivilege, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func loginRoleWorksOnItsRowsButCannotChangeTheSchemaWithoutSetRole() async throws {
        let admin = try TestDatabase.scope.client
        let service = try await Provisioned.make("pa", admin: admin)
        #expect(service.outcome.loginCreated && service.outcome.ownerCreated && service.outcome.schemaCreated)
        let login = try service.login()
        do {
            let schema = service.names.service
            let applied = try await PostgresMigrations(schema: schema, migrations: Self.migrations, owner: service.names.owner)
                .apply(using: login)
            #expect(applied.count == 2)

            // Its work: rows of its own tables, with their sequences, through its search_path.
            try await login.execute("INSERT INTO items (label) VALUES ('one'), ('two')")
            #expect(try await login.execute("UPDATE items SET label = 'deux' WHERE label = 'two'") == 1)
            #expect(try await login.query("SELECT label FROM item_labels ORDER BY label").decode(String.self) == ["deux", "one"])
            #expect(try await login.execute("DELETE FROM items WHERE label = 'one'") == 1)
            _ = try await login.query("SELECT nextval('items_id_seq')")
            #expect(try await login.query("SELECT current_schema()")[0].decode(String.self, at: 0) == schema)
            _ = try await login.withTransaction { transaction in
                try await transaction.execute("CREATE TEMPORARY TABLE scratch (id int) ON COMMIT DROP")
            }

            // Not a superuser, and none of the owner's rights without SET ROLE.
            let attributes = try await login.query(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, rolinherit, rolcanlogin FROM pg_roles WHERE rolname = current_user")
            #expect(try attributes[0].decode((Bool, Bool, Bool, Bool, Bool).self) == (false, false, false, false, true))
            #expect(try await login.query("SHOW is_superuser")[0].decode(String.self, at: 0) == "off")
            await Self.expectDenied { try await login.execute("CREATE TABLE intruder (id int)") }
            await Self.expectDenied { try await login.execute("DROP TABLE items") }
            await Self.expectDenied { try await login.execute("ALTER TABLE items ADD COLUMN extra int") }
            await Self.expectDenied { try await login.execute("TRUNCATE items") }
            await Self.expectDenied { try await login.execute("CREATE TABLE public.intruder_\(unescaped: TestDatabase.suffix()) (id int)") }
            await Self.expectDenied { try await login.execute("CREATE SCHEMA intruder_\(unescaped: TestDatabase.suffix())") }

            // With SET ROLE (what the migrations do), it may.
            try await login.withTransaction(settings: [PostgresLocalSetting("role", service.names.owner)]) { transaction in
                try await transaction.execute("CREATE TABLE allowed (id int)")
                try await transaction.execute("DROP TABLE allowed")
            }

            // What the migrations created belongs to the owner.
            let owners = try await admin.query(
                """
                SELECT c.relname::text, pg_get_userbyid(c.relowner)::text FROM pg_class c
                WHERE c.relnamespace = to_regnamespace(\(schema)) AND c.relkind IN ('r', 'v', 'S') ORDER BY 1
                """)
            let byName = Dictionary(uniqueKeysWithValues: try owners.decode((String, String).self))
            #expect(Set(byName.keys) == ["items", "items_id_seq", "item_labels", "schema_migrations"])
            #expect(Set(byName.values) == [service.names.owner])
            let schemaOwner = try await admin.query("SELECT pg_get_userbyid(nspowner)::text FROM pg_namespace WHERE nspname = \(schema)")
            #expect(try schemaOwner[0].decode(String.self, at: 0) == service.names.owner)
        } catch {
            Issue.record(error)
        }
        await login.close()
        try await PostgresServiceRole.drop(service.names, using: admin)
    }

    @Test func oneServiceCannotReadAnothersSchema() async throws {
        let admin = try TestDatabase.scope.client
        let first = try await Provisioned.make("pb", admin: admin)
        let second = try await Provisioned.make("pc", admin: admin)
        let firstLogin = try first.login()
        let secondLogin = try second.login()
        do {
            try await PostgresMigrations(schema: first.names.service, migrations: Self.migrations, owner: first.names.owner)
                .apply(using: firstLogin)
            try await PostgresMigrations(schema: second.names.service, migrations: Self.migrations, owner: second.names.owner)
                .apply(using: secondLogin)
            try await firstLogin.execute("INSERT INTO items (label) VALUES ('secret')")

            await Self.expectDenied {
                try await secondLogin.query("SELECT * FROM \(unescaped: first.names.service).items")
            }
            await Self.expectDenied {
                try await secondLogin.execute("INSERT INTO \(unescaped: first.names.service).items (label) VALUES ('x')")
            }
            // Nor may it become the other service's owner.
            await Self.expectDenied {
                try await secondLogin.withTransaction(settings: [PostgresLocalSetting("role", first.names.owner)]) { _ in }
            }

            let wrongPassword = try Self.client(role: first.names.login, password: "not-the-password")
            let refused = await #expect(throws: PostgresError.self) { try await wrongPassword.query("SELECT 1") }
            #expect(refused?.code == .authenticationFailed)
            #expect(refused?.description.contains("not-the-password") == false)
            await wrongPassword.close()
        } catch {
            Issue.record(error)
        }
        await firstLogin.close()
        await secondLogin.close()
        try await PostgresServiceRole.drop(first.names, using: admin)
        try await PostgresServiceRole.drop(second.names, using: admin)
    }

    @Test func provisioningTwiceIsIdempotentAndResetsThePassword() async throws {
        let admin = try TestDatabase.scope.client
        let service = try await Provisioned.make("pd", admin: admin)
        do {
            let login = try service.login()
            try await PostgresMigrations(schema: service.names.service, migrations: Self.migrations, owner: service.names.owner)
                .apply(using: login)
            try await login.execute("INSERT INTO items (label) VALUES ('kept')")
            await login.close()

            let newPassword = UUID().uuidString
            let again = try await PostgresServiceRole.provision(service.names, password: newPassword, using: admin)
            #expect(!again.created && again.takenOver.isEmpty)
            #expect(try await PostgresServiceRole.provision(service.names, password: newPassword, using: admin).takenOver.isEmpty)

            let renewed = try Self.client(role: service.names.login, password: newPassword)
            #expect(try await renewed.query("SELECT label FROM items").decode(String.self) == ["kept"])
            try await renewed.execute("INSERT INTO items (label) VALUES ('after')")
            await renewed.close()
            let old = try service.login()
            let refused = await #expect(throws: PostgresError.self) { try await old.query("SELECT 1") }
            #expect(refused?.code == .authenticationFailed)
            await old.close()
            let memberships = try await admin.query(
                """
                SELECT count(*) FROM pg_auth_members m
                WHERE m.roleid = to_regrole(\(service.names.owner)) AND m.member = to_regrole(\(service.names.login))
                """)
            #expect(try memberships[0].decode(Int.self, at: 0) == 1)
        } catch {
            Issue.record(error)
        }
        try await PostgresServiceRole.drop(service.names, using: admin)
    }

    @Test func provisioningTakesOverWhatASuperuserCreatedInTheSchema() async throws {
        let admin = try TestDatabase.scope.client
        let names = try PostgresServiceRole.Names(service: "pe_\(TestDatabase.suffix())")
        let schema = names.service
        // An older run: the service connected as the superuser and migrated its schema itself.
        try await admin.execute("CREATE SCHEMA \(unescaped: schema)")
        try await admin.execute("CREATE TABLE \(unescaped: schema).orders (id serial PRIMARY KEY, total int)")
        try await admin.execute("CREATE SEQUENCE \(unescaped: schema).numbers")
        try await admin.execute("CREATE TYPE \(unescaped: schema).mood AS ENUM ('ok', 'ko')")
        try await admin.execute(
            "CREATE FUNCTION \(unescaped: schema).twice(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 2'")
        try await admin.execute("INSERT INTO \(unescaped: schema).orders (total) VALUES (10)")
        do {
            let password = UUID().uuidString
            let outcome = try await PostgresServiceRole.provision(names, password: password, using: admin)
            #expect(outcome.loginCreated && !outcome.schemaCreated)
            #expect(Set(outcome.takenOver) == ["table orders", "sequence numbers", "type mood", "function twice(x integer)"])

            let owners = try await admin.query(
                """
                SELECT pg_get_userbyid(c.relowner)::text FROM pg_class c
                WHERE c.relnamespace = to_regnamespace(\(schema)) AND c.relkind IN ('r', 'S', 'i')
                """)
            #expect(Set(try owners.decode(String.self)) == [names.owner])
            let login = try Self.client(role: names.login, password: password)
            try await login.execute("INSERT INTO orders (total) VALUES (20)")
            _ = try await login.query("SELECT nextval('numbers')")
            #expect(try await login.query("SELECT sum(total)::int FROM orders")[0].decode(Int32.self, at: 0) == 30)
            await Self.expectDenied { try await login.execute("DROP TABLE orders") }
            await login.close()
        } catch {
            Issue.record(error)
        }
        try await PostgresServiceRole.drop(names, using: admin)
    }

    @Test func servicesProvisionedConcurrentlyInOneDatabaseDoNotCollide() async throws {
        let admin = try TestDatabase.scope.client
        let names = try (0..<4).map { index in try PostgresServiceRole.Names(service: "pf\(index)_\(TestDatabase.suffix())") }
        let clients = try names.map { _ in PostgresClient(configuration: try TestDatabase.configuration(poolSize: 1)) }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (name, client) in zip(names, clients) {
                    group.addTask {
                        try await PostgresServiceRole.provision(name, password: UUID().uuidString, using: client)
                        try await PostgresServiceRole.provision(name, password: UUID().uuidString, using: client)
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            Issue.record(error)
        }
        for client in clients { await client.close() }
        for name in names { try await PostgresServiceRole.drop(name, using: admin) }
    }

    @Test func namesFollowTheServiceRuleAndTakeAPrefix() throws {
        let names = try PostgresServiceRole.Names(service: "procurement")
        #expect(names.login == "svc_procurement" && names.owner == "procurement_owner")
        let prefixed = try PostgresServiceRole.Names(service: "procurement", prefix: "t1a2b3c4d_")
        #expect(prefixed.login == "t1a2b3c4d_svc_procurement" && prefixed.owner == "t1a2b3c4d_procurement_owner")
        #expect(prefixed.service == "procurement")
        #expect(throws: PostgresError.self) { try PostgresServiceRole.Names(service: "Procurement") }
        #expect(throws: PostgresError.self) { try PostgresServiceRole.Names(service: "x", login: "same", owner: "same") }
        #expect(throws: PostgresError.self) { try PostgresServiceRole.Names(service: "x", prefix: "1_") }
    }
}
