import ArgumentParser
import Foundation
import Messaging
import PasserelleOps
import Storage
import Testing

@testable import PasserelleCLI

@Suite struct DoctorCheckTests {
    typealias Doctor = Passerelle.Doctor

    func node(_ name: String, running: Bool = true, applications: [String]?) -> ManagementNode {
        ManagementNode(
            name: name,
            running: running,
            enabledPlugins: nil,
            applications: applications?.map { .init(name: $0, version: nil) }
        )
    }

    @Test func allPluginsRunningIsOK() {
        let check = Doctor.pluginsCheck(
            .success([self.node("a@h", applications: ["rabbit", "rabbitmq_management", "rabbitmq_prometheus", "rabbitmq_shovel"])])
        )
        #expect(check.status == .ok)
    }

    @Test func missingPluginFailsNamingItAndTheFix() {
        let check = Doctor.pluginsCheck(.success([self.node("a@h", applications: ["rabbitmq_management", "rabbitmq_shovel"])]))
        #expect(check.status == .fail)
        #expect(check.detail == "missing rabbitmq_prometheus on a@h")
        #expect(check.fix == "rabbitmq-plugins enable rabbitmq_prometheus, or run scripts/infra up")
    }

    @Test func nodeWithoutStatisticsYetWarnsAndStoppedNodesAreIgnored() {
        let check = Doctor.pluginsCheck(
            .success([self.node("a@h", applications: nil), self.node("b@h", running: false, applications: [])])
        )
        #expect(check.status == .warn)
        #expect(check.detail.contains("a@h"))
    }

    @Test func enabledPluginsFieldIsTheFallback() throws {
        let json = #"[{"name":"a@h","running":true,"enabled_plugins":["rabbitmq_management"]}]"#
        let nodes = try JSONDecoder().decode([ManagementNode].self, from: Data(json.utf8))
        #expect(nodes[0].runningPlugins == ["rabbitmq_management"])
        #expect(Doctor.pluginsCheck(.success(nodes)).status == .fail)
    }

    @Test func pluginsAreNotCheckedWhenTheAPIFailed() {
        #expect(Doctor.pluginsCheck(nil).status == .fail)
        let unauthorized = ManagementError(.unauthorized, path: "/api/nodes", status: 401)
        #expect(Doctor.pluginsCheck(.failure(unauthorized)).status == .warn)
    }

    @Test func brokerVersionBelow310Warns() {
        let old = ManagementOverview(rabbitmqVersion: "3.9.29")
        let new = ManagementOverview(rabbitmqVersion: "4.0.5")
        let none = Result<AMQPServerInfo, any Error>.failure(CancellationError())
        #expect(Doctor.brokerVersionCheck(overview: .success(old), amqp: none).status == .warn)
        #expect(Doctor.brokerVersionCheck(overview: .success(new), amqp: none).status == .ok)
        let down = Result<ManagementOverview, ManagementError>.failure(.init(.unreachable, path: "/api/overview"))
        #expect(Doctor.brokerVersionCheck(overview: down, amqp: none).status == .fail)
    }

    @Test func majorMinorParsing() {
        #expect(Doctor.majorMinor("3.10.8")! == (3, 10))
        #expect(Doctor.majorMinor("4.0.0-rc.1")! == (4, 0))
        #expect(Doctor.majorMinor("banana") == nil)
    }

    @Test func postgresRows() {
        let info = PostgresServerInfo(serverVersion: "14.9", serverVersionNumber: 140_009, database: "d", user: "u")
        #expect(Doctor.postgresVersionCheck(.success(info)).status == .warn)
        let login = Doctor.postgresLoginCheck(.success(info))
        #expect(login.detail == "PostgreSQL 14.9, database d as u")
        let failure = PostgresError(.authenticationFailed, operation: "connect", message: "password authentication failed")
        #expect(Doctor.postgresLoginCheck(.failure(failure)).fix?.contains("PGPASSWORD") == true)
        #expect(Doctor.postgresVersionCheck(.failure(failure)).status == .fail)
    }

    @Test func missingDatabaseIsNamedWithHowToCreateIt() {
        let missing = PostgresError(
            .connectionFailed, operation: "connect",
            message: "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"orders\" does not exist")
        #expect(Doctor.missingDatabase(missing) == "orders")
        let check = Doctor.postgresDatabaseCheck(.failure(missing))
        #expect(check.status == .fail)
        #expect(check.detail == "database orders does not exist on the server")
        #expect(check.fix?.contains("createdb orders") == true)
        #expect(Doctor.postgresLoginCheck(.failure(missing)).fix?.contains("postgres.database") == true)

        let infra = PostgresError(.connectionFailed, operation: "connect", message: "FATAL:  database \"passerelle\" does not exist")
        #expect(Doctor.postgresDatabaseCheck(.failure(infra)).fix?.contains("scripts/infra up") == true)

        var bySQLState = PostgresError(.queryFailed, operation: "connect", message: "")
        bySQLState.serverFields = .init(sqlState: PostgresSQLState(rawValue: "3D000"), message: "")
        #expect(Doctor.postgresDatabaseCheck(.failure(bySQLState)).detail == "the configured database does not exist on the server")
    }

    @Test func databaseCheckPassesAfterLoginAndIsSkippedOnOtherFailures() {
        let info = PostgresServerInfo(serverVersion: "15.8", serverVersionNumber: 150_008, database: "passerelle", user: "u")
        #expect(Doctor.postgresDatabaseCheck(.success(info)) == .ok("postgres.database", "database passerelle exists"))
        let refused = PostgresError(.authenticationFailed, operation: "connect", message: "password authentication failed")
        #expect(Doctor.missingDatabase(refused) == nil)
        let check = Doctor.postgresDatabaseCheck(.failure(refused))
        #expect(check.status == .fail)
        #expect(check.detail == "not checked: postgres.login failed")
    }

    func applied(_ versions: Int...) -> [Int] { versions }

    @Test func migrationsReportCountAndLatestVersionPerSchema() {
        let check = Doctor.postgresMigrationsCheck(
            .success([
                DoctorSchemaMigrations(schema: "billing", applied: .success(self.applied(1, 2, 3))),
                DoctorSchemaMigrations(schema: "procurement", applied: .success(self.applied(1, 7))),
                DoctorSchemaMigrations(schema: "notify", applied: .success([])),
            ]))
        #expect(check.status == .ok)
        #expect(check.detail == "billing 3 applied, latest 3; procurement 2 applied, latest 7; notify none applied")
        #expect(check.fix == nil)
    }

    @Test func noMigratedSchemaWarns() {
        let check = Doctor.postgresMigrationsCheck(.success([]))
        #expect(check.status == .warn)
        #expect(check.detail.contains("no service schema migrated yet"))
        let foreign = PostgresError(.invalidIdentifier, operation: "validate identifier", message: "")
        let onlyForeign = Doctor.postgresMigrationsCheck(
            .success([DoctorSchemaMigrations(schema: "Rails", applied: .failure(foreign))]))
        #expect(onlyForeign.status == .warn)
        #expect(onlyForeign.detail.contains("Rails ignored"))
    }

    @Test func unreadableMigrationsFailNamingTheSchema() {
        var denied = PostgresError(.queryFailed, operation: "query", message: "ERROR:  permission denied for table schema_migrations")
        denied.serverFields = .init(
            sqlState: PostgresSQLState(rawValue: "42501"), message: "permission denied for table schema_migrations")
        let check = Doctor.postgresMigrationsCheck(
            .success([
                DoctorSchemaMigrations(schema: "billing", applied: .success(self.applied(1))),
                DoctorSchemaMigrations(schema: "orders", applied: .failure(denied)),
            ]))
        #expect(check.status == .fail)
        #expect(check.detail.contains("orders unreadable (queryFailed: permission denied"))
        #expect(check.detail.contains("SQLSTATE 42501"))
        #expect(check.fix?.contains("orders.schema_migrations") == true)
    }

    @Test func migrationsAreNotCheckedWithoutLogin() {
        #expect(Doctor.postgresMigrationsCheck(nil).detail == "not checked: postgres.login failed")
        let listing = Doctor.postgresMigrationsCheck(.failure(PostgresError(.connectionClosed, operation: "query", message: "lost")))
        #expect(listing.status == .fail)
        #expect(listing.detail == "cannot list the schema_migrations tables: connectionClosed: lost")
    }

    @Test func reportIsOKWithWarningsOnly() {
        #expect(DoctorReport(checks: [.ok("a", ""), .warn("b", "", fix: "x")]).ok)
        #expect(!DoctorReport(checks: [.ok("a", ""), .fail("b", "", fix: "x")]).ok)
    }
}

@Suite struct DoctorSettingsTests {
    @Test func optionBeatsEnvironmentBeatsDefault() throws {
        let environment = ["PASSERELLE_AMQP_URL": "amqp://env:env@envhost/%2F", "PASSERELLE_PG_URL": "host=envdb"]
        let command = try Passerelle.Doctor.parse(["--amqp-url", "amqp://u:p@flaghost/%2F"])
        let settings = try command.settings(environment: environment)
        #expect(settings.amqp.redactedURL == "amqp://u:***@flaghost:5672/%2F?heartbeat=30")
        #expect(settings.postgresURL == "host=envdb")
        #expect(settings.management.baseURL.absoluteString == "http://localhost:15672")
        let defaults = try Passerelle.Doctor.parse([]).settings(environment: [:])
        #expect(defaults.amqp.redactedURL == "amqp://guest:***@localhost:5672/%2F?heartbeat=30")
        #expect(defaults.postgresURL == "")
    }

    @Test func invalidAMQPURLIsAUsageErrorNamingThePart() throws {
        #expect {
            _ = try Passerelle.parseAsRoot(["doctor", "--amqp-url", "amqp://h:99999"])
        } throws: { error in
            Passerelle.exitCode(for: error) == .validationFailure
                && Passerelle.message(for: error).contains("port")
                && Passerelle.message(for: error).contains("--amqp-url")
        }
    }

    @Test func managementURLWithCredentialsIsRefused() throws {
        #expect {
            _ = try Passerelle.Doctor.parse(["--management-url", "http://u:p@localhost:15672"])
        } throws: { error in
            Passerelle.Doctor.exitCode(for: error) == .validationFailure
                && Passerelle.Doctor.message(for: error).contains("credentials as user")
        }
    }

    @Test func failingCheckExitsWithOne() async throws {
        var command = try Passerelle.Doctor.parse([
            "--json", "--management-url", "http://127.0.0.1:1", "--postgres-url", "postgres://u:p@127.0.0.1:1/x",
        ])
        await #expect(throws: ExitCode(1)) { try await command.run() }
    }

    @Test func shortPasswordDoesNotGarbleTheMessage() async {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresProbe.check(connectionString: "postgres://u:p@127.0.0.1:1/x")
        }
        #expect(error?.message.contains("port 1 failed") == true)
    }
}
