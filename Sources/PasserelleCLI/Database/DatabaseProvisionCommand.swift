import ArgumentParser
import Foundation
import Logging
import PasserelleOps
import ServiceRuntime
import Storage
import Topology

/// `passerelle db provision`: each service's PostgreSQL login and owner roles, schema and privileges
/// (`PostgresServiceRole`), the login role's password from the service's `pg-<name>` secret.
struct DatabaseProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create or update each service's PostgreSQL login role, owner role and schema.",
        discussion: """
            For every service of services.yaml (or only --service): the login role svc_<name> gets its password \
            from PASSERELLE_SECRET_PG_<NAME>, else from $PASSERELLE_HOME/secrets/pg-<name>, which is created \
            (random, mode 0600) when missing; passwords are never printed. The roles are made through the \
            administrator's connection (--postgres-url, else $PASSERELLE_PG_URL, else the PG* variables): the NOLOGIN \
            role <name>_owner owns schema <name> and everything already in it (tables an older run created as \
            the superuser are handed over), migrations run as it, and svc_<name> may only read and write its \
            rows. Idempotent. `passerelle topology apply` does not do this; run both (scripts/up does). \
            Exit status: 0 when every service is provisioned, 1 when one failed, the database is unreachable or \
            the manifest breaks a rule, 2 on a usage error.
            """)

    /// One service's outcome, a row of the table or an element of `--json`'s `services`.
    struct Row: Encodable, Sendable, Hashable {
        var service: String
        var login: String
        var owner: String
        var schema: String
        /// `created`, `updated` or `failed`.
        var status: String
        /// Where the password came from: `environment`, `file`, or `created` (a new file).
        var secret: String?
        /// The objects of the schema handed over to the owner role, as `<kind> <name>`.
        var takenOver: [String]
        /// Why it failed; `nil` otherwise.
        var error: String?
    }

    struct Report: Encodable {
        var ok: Bool
        /// The database the roles were provisioned in.
        var database: String?
        var services: [Row]
        /// Why nothing could be done (the database is unreachable); `nil` otherwise.
        var error: String?
    }

    @OptionGroup var location: ServicesManifestLocation

    @Option(help: "Only this service of the manifest.")
    var service: String?

    @Option(
        name: .customLong("postgres-url"),
        help: "PostgreSQL URL, administrator's credentials (default: $PASSERELLE_PG_URL, else the PG* variables).")
    var postgresURL: String?

    @Option(help: "The secrets folder. Default: $PASSERELLE_HOME/secrets.")
    var secrets: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    init() {}

    func run() async throws {
        let manifest = try self.location.load(json: self.json)
        if let service = self.service, manifest.service(named: service) == nil {
            let known = manifest.services.map(\.name).joined(separator: ", ")
            throw ValidationError(
                "--service \(service): no such service in \(self.location.url.lastPathComponent) (services: \(known))")
        }
        let names = manifest.services.map(\.name).filter { self.service == nil || $0 == self.service }
        var configuration: PostgresConfiguration
        do {
            configuration = try PostgresConfiguration(
                connectionString: self.postgresURL ?? ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"] ?? "")
        } catch {
            let source = self.postgresURL != nil ? "--postgres-url" : "PASSERELLE_PG_URL"
            throw ValidationError("Invalid PostgreSQL URL (\(source)): \(error)")
        }
        configuration.options.applicationName = "passerelle db provision"
        configuration.options.poolSize = 1
        configuration.options.connectTimeout = .seconds(5)
        var logger = Logger(label: "passerelle.db")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: configuration, logger: logger)
        let store = SecretStore(directory: self.secrets.map { URL(fileURLWithPath: $0) } ?? defaultSecretsDirectory())
        let report: Report
        do {
            let database = try await client.query("SELECT current_database()")[0].decode(String.self, at: 0)
            let rows = await Self.provision(services: names, admin: client, secrets: store)
            report = Report(ok: rows.allSatisfy { $0.status != "failed" }, database: database, services: rows)
        } catch {
            report = Report(
                ok: false, services: [],
                error: "cannot reach PostgreSQL as the administrator: \(error) "
                    + "(check PASSERELLE_PG_URL or --postgres-url; scripts/infra up)")
        }
        await client.close()
        if self.json {
            try JSONOutput.print(report)
        } else {
            print(Self.text(report), terminator: "")
        }
        if !report.ok { throw ExitCode.failure }
    }

    /// Provisions each service in turn with the default role names; a failure is reported on its row and the
    /// others still run.
    ///
    /// - Parameters:
    ///   - services: The services (schemas).
    ///   - admin: The administrator's client, connected to the services' database.
    ///   - secrets: Where each service's `pg-<name>` password is read, or created when missing.
    /// - Returns: One row per service, in order.
    static func provision(services: [String], admin: PostgresClient, secrets: SecretStore) async -> [Row] {
        var rows: [Row] = []
        for service in services {
            let login = PostgresServiceRole.Names.defaultLogin(service: service)
            let owner = PostgresServiceRole.Names.defaultOwner(service: service)
            var row = Row(
                service: service, login: login, owner: owner, schema: service, status: "failed", takenOver: [])
            do {
                let secret = ServiceConfiguration.postgresSecretName(service: service)
                let existed = secrets.existingPassword(for: secret) != nil
                let fromEnvironment = secrets.environment[SecretStore.variable(for: secret)].map { !$0.isEmpty } ?? false
                let password = try secrets.password(for: secret)
                row.secret = fromEnvironment ? "environment" : existed ? "file" : "created"
                let outcome = try await PostgresServiceRole.provision(
                    try PostgresServiceRole.Names(service: service), password: password, using: admin)
                row.status = outcome.created ? "created" : "updated"
                row.takenOver = outcome.takenOver
            } catch {
                row.error = "\(error)"
            }
            rows.append(row)
        }
        return rows
    }

    /// The report for people: one line per service, the objects taken over, the failures, a summary.
    static func text(_ report: Report) -> String {
        if let error = report.error {
            return "error: \(error)\n"
        }
        var table = TextTable(columns: [
            .init("SERVICE"), .init("LOGIN ROLE"), .init("OWNER ROLE"), .init("SCHEMA"), .init("STATUS"),
            .init("SECRET"), .init("TAKEN OVER", alignment: .right),
        ])
        for row in report.services {
            table.append([
                row.service, row.login, row.owner, row.schema, row.status, row.secret ?? "-", String(row.takenOver.count),
            ])
        }
        var text = table.render()
        for row in report.services where !row.takenOver.isEmpty {
            text += "\(row.service): now owned by \(row.owner): \(row.takenOver.joined(separator: ", "))\n"
        }
        for row in report.services {
            if let error = row.error { text += "\(row.service): failed: \(error)\n" }
        }
        let failed = report.services.filter { $0.status == "failed" }.count
        text += "\(report.services.count - failed) of \(report.services.count) service(s) provisioned in database "
            + "\(report.database ?? "?")\(failed > 0 ? ", \(failed) failed" : "")\n"
        return text
    }
}
