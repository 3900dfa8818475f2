import Foundation
import Logging
import Storage

/// What `passerelle doctor` found about superusers: the role each service of `services.yaml` would log in as,
/// and the Passerelle clients connected as a superuser right now.
struct DoctorPrivileges: Sendable, Hashable {
    /// The PostgreSQL role a service would log in as, and what the server says of it.
    struct ServiceLogin: Sendable, Hashable {
        /// The service.
        var service: String
        /// The role (`svc_<name>`, or the user of `PASSERELLE_<NAME>_PG_URL`).
        var user: String
        /// Whether the role exists.
        var exists: Bool
        /// Whether it is a superuser (`pg_roles.rolsuper`).
        var superuser: Bool
    }

    /// A session of `pg_stat_activity` whose `application_name` starts with `passerelle`.
    struct Client: Sendable, Hashable {
        var pid: Int
        var user: String
        var application: String
    }

    /// One entry per service, in the manifest's order.
    var services: [ServiceLogin]
    /// The Passerelle clients connected as a superuser, the doctor's own session excepted.
    var superuserClients: [Client]
}

extension Passerelle.Doctor {
    typealias PrivilegesResult = Result<DoctorPrivileges, PostgresError>

    /// Reads, as the doctor's PostgreSQL user, whether each service's role (`users`: service and role) is a
    /// superuser, and which sessions named `passerelle…` are connected as one.
    static func readPrivileges(
        _ connectionString: String, users: [(service: String, user: String)], logger: Logger
    ) async -> PrivilegesResult {
        let client: PostgresClient
        do {
            client = try Self.doctorClient(connectionString, logger: logger)
        } catch {
            return .failure(error)
        }
        let result: PrivilegesResult
        do {
            // One connection for both statements, so that pg_backend_pid() is the session that asks.
            result = .success(
                try await client.withConnection { connection in
                    var services: [DoctorPrivileges.ServiceLogin] = []
                    for (service, user) in users {
                        let rows = try await connection.query("SELECT rolsuper FROM pg_roles WHERE rolname = \(user)")
                        let superuser = try rows.first?.decode(Bool.self, at: 0)
                        services.append(
                            .init(service: service, user: user, exists: superuser != nil, superuser: superuser ?? false))
                    }
                    let sessions = try await connection.query(
                        """
                        SELECT a.pid, a.usename::text, a.application_name
                        FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
                        WHERE r.rolsuper AND a.application_name LIKE 'passerelle%' AND a.pid <> pg_backend_pid()
                        ORDER BY a.pid
                        """)
                    let clients = try sessions.decode((Int32, String, String).self).map { pid, user, application in
                        DoctorPrivileges.Client(pid: Int(pid), user: user, application: application)
                    }
                    return DoctorPrivileges(services: services, superuserClients: clients)
                })
        } catch {
            result = .failure(
                (error as? PostgresError)
                    ?? PostgresError(.cancelled, operation: "read pg_roles and pg_stat_activity", message: "\(error)"))
        }
        await client.close()
        return result
    }

    /// `postgres.superuser`: fails when a service would log in as a superuser or a Passerelle client is connected
    /// as one; warns when a service's role does not exist yet.
    static func postgresSuperuserCheck(_ result: PrivilegesResult?) -> DoctorCheck {
        let name = "postgres.superuser"
        switch result {
        case nil:
            return .fail(name, "not checked: postgres.login failed", fix: "fix postgres.login first")
        case .failure(let error):
            return .fail(
                name, "cannot read pg_roles and pg_stat_activity: \(Self.summary(error))",
                fix: "check that the role of PASSERELLE_PG_URL (--postgres-url) can read pg_catalog")
        case .success(let found):
            var problems: [String] = []
            var fixes: [String] = []
            let superusers = found.services.filter(\.superuser)
            if !superusers.isEmpty {
                problems.append(
                    superusers.map { "\($0.service) would connect as \($0.user), a superuser" }.joined(separator: "; "))
                fixes.append(
                    "let each service log in as svc_<name> (unset "
                        + superusers.map { "PASSERELLE_\($0.service.uppercased())_PG_URL" }.joined(separator: ", ")
                        + ") and run passerelle db provision")
            }
            if !found.superuserClients.isEmpty {
                let clients = found.superuserClients.map { "pid \($0.pid) \"\($0.application)\" as \($0.user)" }
                problems.append("connected as a superuser: " + clients.joined(separator: ", "))
                fixes.append(
                    "stop those clients; run passerelle db provision and restart the services: they log in as "
                        + "svc_<name> (docs/postgres.md)")
            }
            if !problems.isEmpty {
                return .fail(name, problems.joined(separator: "; "), fix: fixes.joined(separator: "; "))
            }
            let missing = found.services.filter { !$0.exists }
            if !missing.isEmpty {
                return .warn(
                    name, "role " + missing.map(\.user).joined(separator: ", ") + " does not exist yet",
                    fix: "run passerelle db provision (scripts/up does)")
            }
            let logins = found.services.map { "\($0.service) as \($0.user)" }
            let services = logins.isEmpty ? "no service in services.yaml" : logins.joined(separator: ", ")
            return .ok(name, "\(services); no passerelle client connected as a superuser")
        }
    }
}
