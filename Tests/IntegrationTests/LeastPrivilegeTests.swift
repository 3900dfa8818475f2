import Foundation
import Logging
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing
import Topology

@testable import PasserelleCLI

extension AMQPIntegration {
    /// Services on the real servers run as their own least-privilege PostgreSQL roles: their migrations run as
    /// the owner role, they need nothing more, they cannot read each other, and `passerelle db provision` and
    /// `passerelle doctor` do their part.
    @Suite(.timeLimit(.minutes(3)))
    struct LeastPrivilegeTests {
        static func expectDenied(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async {
            let error = await #expect(throws: PostgresError.self, sourceLocation: sourceLocation) { try await body() }
            #expect(error?.sqlState == .insufficientPrivilege, "\(String(describing: error))", sourceLocation: sourceLocation)
        }

        @Test func runningServicesUseTheirOwnRolesAndCannotReadEachOther() async throws {
            try await withRuntimeTestBed("privileges") { bed in
                let alpha = try await ServiceHarness.start(try bed.host(SampleServices.alpha()))
                let beta = try await ServiceHarness.start(try bed.host(SampleServices.beta()))
                let alphaNames = try #require(bed.roles.names("alpha"))
                let betaNames = try #require(bed.roles.names("beta"))
                try await bed.submit([ItemSubmitted(itemId: "p-1", sequence: 1, amount: 5)])
                // The work went through: alpha stored and published, beta received, all as their login roles.
                #expect(try await eventually { try await bed.count("SELECT count(*) FROM beta.received") == 1 })

                // The migrations ran as the owner roles.
                let owners = try await bed.query(
                    """
                    SELECT n.nspname::text, pg_get_userbyid(c.relowner)::text FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname IN ('alpha', 'beta') AND c.relkind IN ('r', 'S')
                    GROUP BY 1, 2 ORDER BY 1
                    """)
                let found = try owners.decode((String, String).self)
                #expect(found.map(\.0) == ["alpha", "beta"])
                #expect(found.map(\.1) == [alphaNames.owner, betaNames.owner])

                // The services' sessions (pool and LISTEN connections) are their login roles, none a superuser.
                let sessions = try await bed.query(
                    """
                    SELECT DISTINCT a.application_name, a.usename::text, r.rolsuper
                    FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
                    WHERE a.datname = current_database() AND a.application_name IN ('passerelle alpha', 'passerelle beta')
                    ORDER BY 1
                    """)
                let users = try sessions.decode((String, String, Bool).self)
                #expect(users.map(\.1) == [alphaNames.login, betaNames.login])
                let noSuperuser = users.allSatisfy { !$0.2 }
                #expect(noSuperuser)

                // Beta's role reading alpha's tables: permission denied.
                let betaLogin = PostgresClient(
                    configuration: try bed.roles.login("beta", admin: RuntimeTestBed.postgres(database: bed.database)))
                await Self.expectDenied { _ = try await betaLogin.query("SELECT count(*) FROM alpha.items") }
                await Self.expectDenied { _ = try await betaLogin.query("SELECT count(*) FROM alpha.outbox") }
                #expect(try await betaLogin.query("SELECT count(*) FROM beta.received")[0].decode(Int.self, at: 0) == 1)
                await Self.expectDenied { _ = try await betaLogin.execute("CREATE TABLE beta.intruder (id int)") }
                await betaLogin.close()

                try await alpha.waitUntilOutboxDrained()
                try await alpha.stop()
                try await beta.stop()
            }
        }

        @Test func aServiceWhoseRolesAreMissingSaysToProvision() async throws {
            try await withRuntimeTestBed("unprovisioned") { bed in
                let host = try bed.host(SampleServices.alpha()) { configuration in
                    configuration.postgresOwner = "nobody_owner_\(UUID().uuidString.prefix(8).lowercased())"
                }
                let error = await #expect(throws: ServiceRuntimeError.self) { try await host.run(signals: false) }
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.message.contains("passerelle db provision --service alpha") == true)
            }
        }

        @Test func dbProvisionCreatesTheSecretAndTakesOverASchemaMigratedAsTheSuperuser() async throws {
            let service = "dbp_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10))"
            let database = "dbp_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
            let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-db-provision-\(service)")
            let maintenance = PostgresClient(configuration: RuntimeTestBed.postgres(database: nil))
            _ = try await maintenance.execute("CREATE DATABASE \(unescaped: database)")
            let admin = PostgresClient(configuration: RuntimeTestBed.postgres(database: database))
            do {
                // An older state folder: the service ran as the superuser and migrated its schema itself.
                try await PostgresMigrations(schema: service, migrations: RuntimeSchema.runtimeMigrations).apply(using: admin)
                let store = SecretStore(directory: secrets, environment: [:])

                let first = await DatabaseProvisionCommand.provision(services: [service], admin: admin, secrets: store)
                #expect(first.map(\.status) == ["created"])
                #expect(first.first?.secret == "created")
                #expect(first.first?.error == nil)
                let taken = Set(first.first?.takenOver ?? [])
                #expect(taken.isSuperset(of: ["table outbox", "table inbox", "table schema_migrations", "function outbox_notify()"]))
                let file = secrets.appendingPathComponent("pg-\(service)")
                let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(mode == 0o600)

                let second = await DatabaseProvisionCommand.provision(services: [service], admin: admin, secrets: store)
                #expect(second.map(\.status) == ["updated"])
                #expect(second.first?.secret == "file")
                #expect(second.first?.takenOver == [])

                // The service, as its login role, finds its schema migrated and works in it.
                var configuration = RuntimeTestBed.postgres(database: database)
                configuration.user = "svc_\(service)"
                configuration.password = store.existingPassword(for: "pg-\(service)")
                #expect(configuration.password != nil)
                let login = PostgresClient(configuration: configuration)
                let pending = try await PostgresMigrations(
                    schema: service, migrations: RuntimeSchema.runtimeMigrations, owner: "\(service)_owner"
                ).apply(using: login)
                #expect(pending.isEmpty)
                try await login.execute(
                    """
                    INSERT INTO outbox (message_id, message_type, exchange, routing_key, aggregate_key, partition, attributes, body)
                    VALUES ('m', 't', 'x', 'k', 'a', 0, '{}', '\\x00')
                    """)
                #expect(try await login.execute("DELETE FROM outbox") == 1)
                await Self.expectDenied { _ = try await login.execute("TRUNCATE outbox") }
                await login.close()
            } catch {
                Issue.record(error)
            }
            await admin.close()
            _ = try? await maintenance.execute("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)")
            _ = try? await maintenance.execute("DROP ROLE IF EXISTS \(unescaped: "svc_\(service)")")
            _ = try? await maintenance.execute("DROP ROLE IF EXISTS \(unescaped: "\(service)_owner")")
            await maintenance.close()
            try? FileManager.default.removeItem(at: secrets)
        }

        @Test func doctorFailsOnASuperuserServiceRoleOrClient() async throws {
            try await withRuntimeTestBed("doctor") { bed in
                let alpha = try #require(bed.roles.names("alpha"))
                let adminURL = IntegrationEnvironment.environment["PASSERELLE_PG_URL"] ?? ""
                let superuser = try PostgresConfiguration(connectionString: adminURL).user
                    ?? IntegrationEnvironment.environment["PGUSER"] ?? "postgres"
                // A Passerelle client connected as the superuser, kept open while the doctor looks.
                var probeConfiguration = RuntimeTestBed.postgres(database: bed.database)
                let application = "passerelle probe \(UUID().uuidString.prefix(8))"
                probeConfiguration.options.applicationName = application
                let probe = PostgresClient(configuration: probeConfiguration)
                _ = try await probe.query("SELECT 1")

                let found = try await Passerelle.Doctor.readPrivileges(
                    adminURL, users: [("alpha", alpha.login), ("legacy", superuser)], logger: IntegrationEnvironment.logger
                ).get()
                #expect(found.services.map(\.superuser) == [false, true])
                #expect(found.services.map(\.exists) == [true, true])
                let probeFound = found.superuserClients.contains { $0.application == application && $0.user == superuser }
                #expect(probeFound)
                let check = Passerelle.Doctor.postgresSuperuserCheck(.success(found))
                #expect(check.status == .fail)
                #expect(check.detail.contains("legacy would connect as \(superuser), a superuser"))
                #expect(check.detail.contains(application))
                await probe.close()

                let clean = try await Passerelle.Doctor.readPrivileges(
                    adminURL, users: [("alpha", alpha.login)], logger: IntegrationEnvironment.logger
                ).get()
                #expect(clean.services.map(\.superuser) == [false])
                let probeGone = !clean.superuserClients.contains { $0.application == application }
                #expect(probeGone)
            }
        }
    }
}
