import ArgumentParser
import Foundation
import ServiceRuntime
import Storage
import Testing

@testable import PasserelleCLI

/// `passerelle doctor`'s `postgres.superuser` row, the role each service logs in as, and `passerelle db
/// provision`'s output and usage errors (the provisioning itself is tested on the real server in
/// IntegrationTests/LeastPrivilegeTests).
@Suite struct LeastPrivilegeCheckTests {
    typealias Doctor = Passerelle.Doctor
    typealias Login = DoctorPrivileges.ServiceLogin

    @Test func aServiceThatWouldConnectAsASuperuserFails() {
        let found = DoctorPrivileges(
            services: [
                Login(service: "procurement", user: "svc_procurement", exists: true, superuser: false),
                Login(service: "notifications", user: "postgres", exists: true, superuser: true),
            ],
            superuserClients: [])
        let check = Doctor.postgresSuperuserCheck(.success(found))
        #expect(check.name == "postgres.superuser")
        #expect(check.status == .fail)
        #expect(check.detail == "notifications would connect as postgres, a superuser")
        #expect(check.fix?.contains("PASSERELLE_NOTIFICATIONS_PG_URL") == true)
        #expect(check.fix?.contains("passerelle db provision") == true)
        #expect(!DoctorReport(checks: [check]).ok)
    }

    @Test func aPasserelleClientConnectedAsASuperuserFails() {
        let found = DoctorPrivileges(
            services: [Login(service: "procurement", user: "svc_procurement", exists: true, superuser: false)],
            superuserClients: [.init(pid: 4242, user: "postgres", application: "passerelle procurement")])
        let check = Doctor.postgresSuperuserCheck(.success(found))
        #expect(check.status == .fail)
        #expect(check.detail == "connected as a superuser: pid 4242 \"passerelle procurement\" as postgres")
        #expect(check.fix?.contains("svc_<name>") == true)
    }

    @Test func missingRolesWarnAndLeastPrivilegePasses() {
        let missing = DoctorPrivileges(
            services: [Login(service: "procurement", user: "svc_procurement", exists: false, superuser: false)],
            superuserClients: [])
        let warning = Doctor.postgresSuperuserCheck(.success(missing))
        #expect(warning.status == .warn)
        #expect(warning.detail == "role svc_procurement does not exist yet")
        #expect(warning.fix == "run passerelle db provision (scripts/up does)")

        let fine = DoctorPrivileges(
            services: [
                Login(service: "procurement", user: "svc_procurement", exists: true, superuser: false),
                Login(service: "notifications", user: "svc_notifications", exists: true, superuser: false),
            ],
            superuserClients: [])
        #expect(
            Doctor.postgresSuperuserCheck(.success(fine))
                == .ok(
                    "postgres.superuser",
                    "procurement as svc_procurement, notifications as svc_notifications; no passerelle client connected as a superuser"))
    }

    @Test func notCheckedWithoutLoginAndFailsWhenTheCatalogIsUnreadable() {
        #expect(Doctor.postgresSuperuserCheck(nil).detail == "not checked: postgres.login failed")
        let lost = PostgresError(.connectionClosed, operation: "query", message: "lost")
        let check = Doctor.postgresSuperuserCheck(.failure(lost))
        #expect(check.status == .fail)
        #expect(check.detail == "cannot read pg_roles and pg_stat_activity: connectionClosed: lost")
    }

    @Test func theRoleAServiceLogsInAs() {
        #expect(ServiceConfiguration.postgresUser(service: "procurement", environment: [:]) == "svc_procurement")
        #expect(
            ServiceConfiguration.postgresUser(
                service: "procurement",
                environment: ["PASSERELLE_PROCUREMENT_PG_URL": "postgres://postgres:x@127.0.0.1/passerelle"]) == "postgres")
        #expect(
            ServiceConfiguration.postgresUser(
                service: "procurement", environment: ["PASSERELLE_PROCUREMENT_PG_URL": "host=db", "PGUSER": "me"]) == "me")
        #expect(ServiceConfiguration.postgresSecretName(service: "procurement") == "pg-procurement")
    }

    @Test func doctorReadsTheServicesOfTheManifest() throws {
        let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("services.yaml")
        let users = Doctor.serviceUsers(environment: ["PASSERELLE_SERVICES_MANIFEST": manifest.path])
        #expect(users.map(\.service).contains("procurement"))
        #expect(users.first { $0.service == "procurement" }?.user == "svc_procurement")
        #expect(Doctor.serviceUsers(environment: ["PASSERELLE_SERVICES_MANIFEST": "/nonexistent/services.yaml"]).isEmpty)
    }

    @Test func provisionReportForPeople() {
        let report = DatabaseProvisionCommand.Report(
            ok: false, database: "passerelle",
            services: [
                .init(
                    service: "procurement", login: "svc_procurement", owner: "procurement_owner", schema: "procurement",
                    status: "updated", secret: "file", takenOver: ["table outbox", "table tenders"]),
                .init(
                    service: "notifications", login: "svc_notifications", owner: "notifications_owner",
                    schema: "notifications", status: "failed", secret: nil, takenOver: [], error: "boom"),
            ])
        let text = DatabaseProvisionCommand.text(report)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("SERVICE"))
        #expect(lines[0].contains("LOGIN ROLE") && lines[0].contains("OWNER ROLE") && lines[0].contains("STATUS"))
        #expect(lines[1].contains("svc_procurement") && lines[1].contains("updated"))
        #expect(text.contains("procurement: now owned by procurement_owner: table outbox, table tenders\n"))
        #expect(text.contains("notifications: failed: boom\n"))
        #expect(text.hasSuffix("1 of 2 service(s) provisioned in database passerelle, 1 failed\n"))
        #expect(
            DatabaseProvisionCommand.text(.init(ok: false, database: nil, services: [], error: "unreachable"))
                == "error: unreachable\n")
    }

    @Test func anUnknownServiceIsAUsageError() async throws {
        let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("services.yaml")
        let command = try DatabaseProvisionCommand.parse(["--manifest", manifest.path, "--service", "nope"])
        do {
            try await command.run()
            Issue.record("an unknown service must be refused")
        } catch {
            #expect(Passerelle.exitCode(for: error) == .validationFailure)
            #expect(Passerelle.message(for: error).contains("--service nope"))
        }
    }
}
