import ArgumentParser
import Foundation
import Logging
import Messaging
import PasserelleOps
import ServiceRuntime
import Storage

extension Passerelle {
    /// `passerelle doctor`: checks that RabbitMQ and PostgreSQL are reachable and set up for Passerelle.
    ///
    /// Each check is one row (name, status, detail, fix). The command prints a table, or one JSON object
    /// with `--json`, and exits 0 when no check failed (warnings allowed), 1 when one did, and 2 on a
    /// usage error such as an invalid `--amqp-url`.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that RabbitMQ and PostgreSQL are reachable and set up for Passerelle.",
            discussion: """
                Each option falls back to its environment variable, then to the local development default: \
                amqp://guest:***@localhost:5672/%2F, http://localhost:15672, guest/guest, and "" for PostgreSQL \
                (libpq then reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE). postgres.superuser fails when a \
                service of services.yaml would log in as a superuser, or a client whose application_name starts \
                with passerelle is connected as one. \
                Exit status: 0 when no check failed (warnings allowed), 1 when a check failed, 2 on a usage error.
                """
        )

        /// Help for an option that falls back to `variable`. Defaults are listed in the discussion, not here,
        /// so that `--help` never prints a password taken from the environment.
        private static func help(_ text: String, _ variable: String, _ valueName: String) -> ArgumentHelp {
            ArgumentHelp("\(text) (default: $\(variable)).", valueName: valueName)
        }

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Option(name: .customLong("amqp-url"), help: Self.help("Broker AMQP URL", "PASSERELLE_AMQP_URL", "url"))
        var amqpURL: String?

        @Option(
            name: .customLong("management-url"),
            help: Self.help("Management API base URL", "PASSERELLE_AMQP_MANAGEMENT_URL", "url")
        )
        var managementURL: String?

        @Option(
            name: .customLong("management-user"),
            help: Self.help("Management API user", "PASSERELLE_MANAGEMENT_USER", "user")
        )
        var managementUser: String?

        @Option(
            name: .customLong("management-password"),
            help: Self.help("Management API password", "PASSERELLE_MANAGEMENT_PASSWORD", "password")
        )
        var managementPassword: String?

        @Option(
            name: .customLong("postgres-url"),
            help: Self.help("libpq connection string, URI or key=value", "PASSERELLE_PG_URL", "url")
        )
        var postgresURL: String?

        init() {}

        mutating func validate() throws {
            _ = try self.settings(environment: ProcessInfo.processInfo.environment)
        }

        mutating func run() async throws {
            let settings = try self.settings(environment: ProcessInfo.processInfo.environment)
            let logger = Logger(label: "passerelle.doctor")
            let report = await DoctorReport(checks: Self.runChecks(settings, logger: logger))
            if self.json {
                try JSONOutput.print(report)
            } else {
                print(report.renderText(), terminator: "")
            }
            if !report.ok {
                throw ExitCode(1)
            }
        }

        /// Resolves every setting: the option if given, else the environment variable, else the default.
        ///
        /// - Parameter environment: The process environment; tests pass their own.
        /// - Returns: The settings to check with.
        /// - Throws: `ValidationError` naming the bad part of an invalid AMQP or management URL.
        func settings(environment: [String: String]) throws -> DoctorSettings {
            let amqpURL =
                self.amqpURL ?? environment.nonEmpty("PASSERELLE_AMQP_URL") ?? DoctorSettings.defaultAMQPURL
            let amqpSource = self.amqpURL != nil ? "--amqp-url" : "PASSERELLE_AMQP_URL"
            let amqp: AMQPConfiguration
            do {
                amqp = try AMQPConfiguration(url: amqpURL)
            } catch {
                throw ValidationError("Invalid AMQP URL (\(amqpSource)): \(error.description)")
            }

            let managementURL = self.managementURL ?? environment.nonEmpty("PASSERELLE_AMQP_MANAGEMENT_URL")
                ?? DoctorSettings.defaultManagementURL
            let user = self.managementUser ?? environment.nonEmpty("PASSERELLE_MANAGEMENT_USER") ?? "guest"
            let password = self.managementPassword ?? environment.nonEmpty("PASSERELLE_MANAGEMENT_PASSWORD") ?? "guest"
            let management: ManagementClient
            do {
                management = try ManagementClient(baseURL: managementURL, username: user, password: password)
            } catch {
                let source = self.managementURL != nil ? "--management-url" : "PASSERELLE_AMQP_MANAGEMENT_URL"
                throw ValidationError("Invalid management URL (\(source)): \(error.reason ?? "\(error.code)")")
            }
            return DoctorSettings(
                amqp: amqp,
                management: management,
                postgresURL: self.postgresURL ?? environment["PASSERELLE_PG_URL"] ?? "",
                serviceUsers: Self.serviceUsers(environment: environment)
            )
        }

        /// The PostgreSQL role each service of the manifest (`$PASSERELLE_SERVICES_MANIFEST`, else
        /// `./services.yaml`) logs in as, as the runtime reads it from `environment`; none without a readable
        /// manifest.
        static func serviceUsers(environment: [String: String]) -> [DoctorSettings.ServiceUser] {
            let path = environment["PASSERELLE_SERVICES_MANIFEST"] ?? "services.yaml"
            guard let manifest = try? ServicesManifest(contentsOf: URL(fileURLWithPath: path)) else { return [] }
            return manifest.services.compactMap { service in
                ServiceConfiguration.postgresUser(service: service.name, environment: environment).map {
                    DoctorSettings.ServiceUser(service: service.name, user: $0)
                }
            }
        }
    }
}

/// The resolved inputs of `passerelle doctor`.
struct DoctorSettings: Sendable {
    /// The broker used by local development and the tests.
    static let defaultAMQPURL = "amqp://guest:guest@localhost:5672/%2F"
    /// The management listener used by local development and the tests.
    static let defaultManagementURL = "http://localhost:15672"

    var amqp: AMQPConfiguration
    var management: ManagementClient
    /// A libpq connection string; `""` lets libpq read `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, ….
    var postgresURL: String
    /// The role each service of `services.yaml` would log in as (checked not to be a superuser).
    var serviceUsers: [ServiceUser] = []

    /// A service and the PostgreSQL role it would log in as.
    struct ServiceUser: Sendable, Hashable {
        var service: String
        var user: String
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of an environment variable, or `nil` when it is unset or empty.
    fileprivate func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }
}

/// One row of the doctor's report.
struct DoctorCheck: Encodable, Sendable, Hashable {
    /// How a check ended.
    enum Status: String, Encodable, Sendable {
        /// The check passed.
        case ok
        /// Something works but is not as Passerelle expects (for example an old version). Exit code stays 0.
        case warn
        /// The check failed. The command exits with 1.
        case fail
    }

    /// The check's name, for example `amqp.login`.
    var name: String
    /// How the check ended.
    var status: Status
    /// What was found; never a password.
    var detail: String
    /// What to do about a warning or failure; `nil` when the check passed.
    var fix: String?

    static func ok(_ name: String, _ detail: String) -> Self {
        Self(name: name, status: .ok, detail: detail, fix: nil)
    }

    static func warn(_ name: String, _ detail: String, fix: String) -> Self {
        Self(name: name, status: .warn, detail: detail, fix: fix)
    }

    static func fail(_ name: String, _ detail: String, fix: String) -> Self {
        Self(name: name, status: .fail, detail: detail, fix: fix)
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case status
        case detail
        case fix
    }

    /// Always writes `fix`, as `null` when there is none, so every row has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.name, forKey: .name)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.detail, forKey: .detail)
        try container.encode(self.fix, forKey: .fix)
    }
}

/// The doctor's report: every check, and whether none failed.
struct DoctorReport: Encodable, Sendable {
    /// `true` when no check failed; warnings are allowed.
    var ok: Bool
    /// The rows, in a fixed order.
    var checks: [DoctorCheck]

    init(checks: [DoctorCheck]) {
        self.ok = !checks.contains { $0.status == .fail }
        self.checks = checks
    }

    /// The report for people: a table of the checks, the fixes, and a one-line summary.
    func renderText() -> String {
        var table = TextTable(headers: ["CHECK", "STATUS", "DETAIL"])
        for check in self.checks {
            table.append([check.name, check.status.rawValue, check.detail])
        }
        var text = table.render()
        let fixes = self.checks.filter { $0.fix != nil }
        if !fixes.isEmpty {
            var fixTable = TextTable(headers: ["TO FIX", "HOW"])
            for check in fixes {
                fixTable.append([check.name, check.fix ?? ""])
            }
            text += "\n" + fixTable.render()
        }
        let failed = self.checks.filter { $0.status == .fail }.count
        let warned = self.checks.filter { $0.status == .warn }.count
        let passed = self.checks.count - failed - warned
        text += "\n\(passed) ok, \(warned) \(warned == 1 ? "warning" : "warnings"), \(failed) failed\n"
        return text
    }
}

extension Passerelle.Doctor {
    typealias OverviewResult = Result<ManagementOverview, ManagementError>
    typealias NodesResult = Result<[ManagementNode], ManagementError>

    /// The plugins Passerelle needs on every running node: the management API (topology, `doctor`),
    /// Prometheus metrics, and shovels (bridges).
    static let requiredPlugins = ["rabbitmq_management", "rabbitmq_prometheus", "rabbitmq_shovel"]

    /// Runs the broker, management and PostgreSQL checks concurrently and returns the rows in a fixed order.
    /// The PostgreSQL migrations, then the superusers, are read after the login succeeded.
    static func runChecks(_ settings: DoctorSettings, logger: Logger) async -> [DoctorCheck] {
        async let amqp = Self.login(settings.amqp, logger: logger)
        async let management = Self.inspect(settings.management)
        async let postgres = Self.inspectPostgres(settings.postgresURL, logger: logger)
        let (amqpResult, (overview, nodes), (postgresResult, migrations)) = await (amqp, management, postgres)
        var privileges: PrivilegesResult?
        if case .success = postgresResult {
            privileges = await Self.readPrivileges(
                settings.postgresURL, users: settings.serviceUsers.map { ($0.service, $0.user) }, logger: logger)
        }
        return [
            Self.amqpLoginCheck(amqpResult, redactedURL: settings.amqp.redactedURL),
            Self.managementCheck(overview, baseURL: settings.management.baseURL.absoluteString),
            Self.brokerVersionCheck(overview: overview, amqp: amqpResult),
            Self.pluginsCheck(nodes),
            Self.postgresLoginCheck(postgresResult),
            Self.postgresDatabaseCheck(postgresResult),
            Self.postgresVersionCheck(postgresResult),
            Self.postgresMigrationsCheck(migrations),
            Self.postgresSuperuserCheck(privileges),
        ] + (await Self.bridgeChecks(logger: logger)) + (await Self.documentsChecks())
    }

    /// Runs `body` and keeps its typed error (there is no `async` `Result.init(catching:)`).
    private static func capture<Success, Failure: Error>(
        _ body: () async throws(Failure) -> Success
    ) async -> Result<Success, Failure> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private static func login(
        _ configuration: AMQPConfiguration,
        logger: Logger
    ) async -> Result<AMQPServerInfo, any Error> {
        do {
            let connection = try await AMQPConnection.connect(configuration, logger: logger)
            let info = connection.serverInfo
            await connection.close()
            return .success(info)
        } catch {
            return .failure(error)
        }
    }

    /// Reads the overview, then the nodes; `nodes` is `nil` when the overview already failed.
    ///
    /// A node reports its plugins only once the management agent has emitted its first statistics, a
    /// few seconds after it starts, so the nodes are read again (up to `attempts` times) while a running
    /// node has not reported them.
    static func inspect(
        _ client: ManagementClient,
        attempts: Int = 3,
        retryDelay: Duration = .seconds(2),
        clock: any Clock<Duration> = ContinuousClock()
    ) async -> (overview: OverviewResult, nodes: NodesResult?) {
        let overview = await Self.capture { () async throws(ManagementError) in try await client.overview() }
        guard case .success = overview else {
            return (overview, nil)
        }
        var nodes = await Self.capture { () async throws(ManagementError) in try await client.nodes() }
        for _ in 1..<max(1, attempts) {
            guard case .success(let list) = nodes, list.contains(where: { $0.running && $0.runningPlugins == nil })
            else {
                break
            }
            try? await clock.sleep(for: retryDelay)
            nodes = await Self.capture { () async throws(ManagementError) in try await client.nodes() }
        }
        return (overview, nodes)
    }

    static func amqpLoginCheck(_ result: Result<AMQPServerInfo, any Error>, redactedURL: String) -> DoctorCheck {
        switch result {
        case .success(let info):
            return .ok("amqp.login", "\(info.product) \(info.version) (\(redactedURL))")
        case .failure(let error):
            return .fail(
                "amqp.login",
                "\(error) (\(redactedURL))",
                fix: "run scripts/infra up, or check PASSERELLE_AMQP_URL (--amqp-url)"
            )
        }
    }

    static func managementCheck(
        _ result: OverviewResult,
        baseURL: String
    ) -> DoctorCheck {
        switch result {
        case .success(let overview):
            let management = overview.managementVersion.map { ", management \($0)" } ?? ""
            let node = overview.node.map { " on \($0)" } ?? ""
            return .ok("management.api", "RabbitMQ \(overview.rabbitmqVersion)\(management)\(node) (\(baseURL))")
        case .failure(let error):
            let fix: String
            if error.code == .unauthorized {
                fix = "check PASSERELLE_MANAGEMENT_USER and PASSERELLE_MANAGEMENT_PASSWORD (--management-user, "
                    + "--management-password)"
            } else if error.code == .unreachable {
                fix = "run scripts/infra up, or rabbitmq-plugins enable rabbitmq_management, or check "
                    + "PASSERELLE_AMQP_MANAGEMENT_URL (--management-url)"
            } else {
                fix = "check that PASSERELLE_AMQP_MANAGEMENT_URL (--management-url) is the management listener"
            }
            return .fail("management.api", "\(error) (\(baseURL))", fix: fix)
        }
    }

    static func brokerVersionCheck(
        overview: OverviewResult,
        amqp: Result<AMQPServerInfo, any Error>
    ) -> DoctorCheck {
        let name = "broker.version"
        guard let version = (try? overview.get().rabbitmqVersion) ?? (try? amqp.get().version) else {
            return .fail(name, "not checked: no broker answered", fix: "run scripts/infra up")
        }
        guard let (major, minor) = Self.majorMinor(version) else {
            return .warn(name, "cannot read the version \"\(version)\"", fix: "use RabbitMQ 3.10 or newer")
        }
        guard (major, minor) >= (3, 10) else {
            return .warn(
                name,
                "RabbitMQ \(version) is older than 3.10, the oldest version Passerelle supports",
                fix: "upgrade RabbitMQ to 3.10 or newer"
            )
        }
        return .ok(name, "RabbitMQ \(version) (3.10 or newer)")
    }

    static func pluginsCheck(_ nodes: NodesResult?) -> DoctorCheck {
        let name = "broker.plugins"
        switch nodes {
        case nil:
            return .fail(name, "not checked: management.api failed", fix: "fix management.api first")
        case .failure(let error) where error.code == .unauthorized:
            return .warn(
                name,
                "not checked: \(error)",
                fix: "use a management user with the monitoring or administrator tag (PASSERELLE_MANAGEMENT_USER)"
            )
        case .failure(let error):
            return .fail(name, "not checked: \(error)", fix: "run scripts/infra up")
        case .success(let nodes):
            let running = nodes.filter(\.running)
            guard !running.isEmpty else {
                return .fail(name, "no running node listed by /api/nodes", fix: "run scripts/infra up")
            }
            let silent = running.filter { $0.runningPlugins == nil }.map(\.name)
            let missing = running.compactMap { node -> (node: String, plugins: [String])? in
                guard let plugins = node.runningPlugins else { return nil }
                let absent = Self.requiredPlugins.filter { !plugins.contains($0) }
                return absent.isEmpty ? nil : (node.name, absent)
            }
            if !missing.isEmpty {
                let detail = missing.map { "missing \($0.plugins.joined(separator: ", ")) on \($0.node)" }
                let toEnable = Self.requiredPlugins.filter { plugin in
                    missing.contains { $0.plugins.contains(plugin) }
                }
                return .fail(
                    name,
                    detail.joined(separator: "; "),
                    fix: "rabbitmq-plugins enable \(toEnable.joined(separator: " ")), or run scripts/infra up"
                )
            }
            if !silent.isEmpty {
                return .warn(
                    name,
                    "not reported yet by \(silent.joined(separator: ", ")) (statistics start a few seconds after boot)",
                    fix: "run passerelle doctor again in a few seconds"
                )
            }
            let names = running.map(\.name).joined(separator: ", ")
            return .ok(name, "\(Self.requiredPlugins.joined(separator: ", ")) running on \(names)")
        }
    }

    static func postgresLoginCheck(_ result: Result<PostgresServerInfo, PostgresError>) -> DoctorCheck {
        let name = "postgres.login"
        switch result {
        case .success(let info):
            return .ok(name, "PostgreSQL \(info.serverVersion), database \(info.database) as \(info.user)")
        case .failure(let error):
            let fix: String
            if error.code == .authenticationFailed {
                fix = "check the user and password in PASSERELLE_PG_URL (--postgres-url) or PGUSER/PGPASSWORD"
            } else if Self.missingDatabase(error) != nil {
                fix = "create the database (see postgres.database), or check PASSERELLE_PG_URL (--postgres-url)"
            } else if error.code == .invalidConnectionString {
                fix = "fix PASSERELLE_PG_URL (--postgres-url): postgres://user:password@host:port/db or key=value"
            } else {
                fix = "run scripts/infra up, or check PASSERELLE_PG_URL (--postgres-url) and PGHOST/PGPORT "
                    + "(scripts/infra env)"
            }
            let detail = error.message.isEmpty ? "\(error.code)" : "\(error.code): \(error.message)"
            return .fail(name, detail, fix: fix)
        }
    }

    static func postgresVersionCheck(_ result: Result<PostgresServerInfo, PostgresError>) -> DoctorCheck {
        let name = "postgres.version"
        guard case .success(let info) = result else {
            return .fail(name, "not checked: postgres.login failed", fix: "fix postgres.login first")
        }
        guard info.serverVersionNumber >= 150_000 else {
            return .warn(
                name,
                "PostgreSQL \(info.serverVersion) is older than 15",
                fix: "upgrade PostgreSQL to 15 or newer"
            )
        }
        return .ok(name, "PostgreSQL \(info.serverVersion) (15 or newer)")
    }

    /// The major and minor numbers of a version such as `3.10.8` or `4.0.0-rc.1`.
    static func majorMinor(_ version: String) -> (Int, Int)? {
        let parts = version.split(separator: ".", maxSplits: 2).prefix(2).map {
            Int($0.prefix(while: \.isNumber))
        }
        guard parts.count == 2, let major = parts[0], let minor = parts[1] else {
            return nil
        }
        return (major, minor)
    }
}
