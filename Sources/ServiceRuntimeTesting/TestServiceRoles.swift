public import Foundation
import Messaging
public import ServiceRuntime
public import Storage

/// The least-privilege PostgreSQL roles of the services a test runs, in the test's own database: per service
/// a login role and an owner role provisioned as `passerelle db provision` does, with a prefix of their own
/// because roles belong to the whole cluster while each test has its own database.
///
/// ```swift
/// let roles = try await TestServiceRoles.provision(services: ["alpha"], database: database, admin: admin)
/// var configuration = ServiceConfiguration(amqp: amqp, postgres: admin)
/// try roles.connect(&configuration, as: "alpha")     // svc login, owner for the migrations
/// …
/// // after DROP DATABASE:
/// await roles.drop(admin: admin)
/// ```
///
/// A service started with such a configuration runs with the rights it has in production (rows of its own
/// schema, migrations through `SET ROLE` to the owner), so every test that runs one proves they suffice.
public struct TestServiceRoles: Sendable {
    /// The prefix of every role name, for example `t1a2b3c4d_`.
    public let prefix: String
    /// The database the schemas and privileges are in.
    public let database: String
    /// Each service's names and its login role's password.
    let logins: [String: (names: PostgresServiceRole.Names, password: String)]

    /// A fresh prefix: `t` and 8 random hexadecimal digits, then `_`.
    public static func makePrefix() -> String {
        "t\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8))_"
    }

    /// Provisions the roles and schema of every service in `database`, with random passwords.
    ///
    /// - Parameters:
    ///   - services: The services (schemas), for example `["procurement"]`.
    ///   - database: The test's database; it must exist.
    ///   - admin: A superuser's configuration; its database is replaced by `database`.
    ///   - prefix: The role prefix; default a fresh ``makePrefix()``.
    /// - Returns: The roles, to connect services with and to drop afterwards.
    /// - Throws: ``PostgresError`` or `CancellationError`.
    public static func provision(
        services: [String], database: String, admin: PostgresConfiguration, prefix: String = Self.makePrefix()
    ) async throws -> TestServiceRoles {
        var configuration = admin
        configuration.database = database
        configuration.options.poolSize = 1
        let client = PostgresClient(configuration: configuration)
        var logins: [String: (names: PostgresServiceRole.Names, password: String)] = [:]
        do {
            for service in services {
                let names = try PostgresServiceRole.Names(service: service, prefix: prefix)
                let password = UUID().uuidString
                try await PostgresServiceRole.provision(names, password: password, using: client)
                logins[service] = (names, password)
            }
        } catch {
            await client.close()
            await Self(prefix: prefix, database: database, logins: logins).drop(admin: admin)
            throw error
        }
        await client.close()
        return TestServiceRoles(prefix: prefix, database: database, logins: logins)
    }

    /// The names provisioned for `service`, or `nil` when it was not provisioned.
    public func names(_ service: String) -> PostgresServiceRole.Names? {
        self.logins[service]?.names
    }

    /// Makes `configuration` connect as `service`'s login role, to this database, named `passerelle <service>`
    /// in `pg_stat_activity` as in production, and migrate as its owner.
    ///
    /// - Throws: ``ServiceRuntimeError`` (`invalidConfiguration`) when `service` was not provisioned.
    public func connect(_ configuration: inout ServiceConfiguration, as service: String) throws {
        guard let login = self.logins[service] else {
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "no PostgreSQL roles provisioned for \(service) (provisioned: \(self.logins.keys.sorted().joined(separator: ", ")))")
        }
        configuration.postgres.user = login.names.login
        configuration.postgres.password = login.password
        configuration.postgres.database = self.database
        configuration.postgres.options.applicationName = "passerelle \(service)"
        configuration.postgresOwner = login.names.owner
    }

    /// `admin` logged in as `service`'s login role instead (for tests that check what the role may do).
    ///
    /// - Throws: ``ServiceRuntimeError`` (`invalidConfiguration`) when `service` was not provisioned.
    public func login(_ service: String, admin: PostgresConfiguration) throws -> PostgresConfiguration {
        var configuration = ServiceConfiguration(amqp: .init(), postgres: admin)
        try self.connect(&configuration, as: service)
        return configuration.postgres
    }

    /// Drops every role, in the maintenance database of `admin`. Call it after dropping ``database``: the roles
    /// hold privileges there until then. Failures are ignored (cleanup).
    public func drop(admin: PostgresConfiguration) async {
        var configuration = admin
        configuration.options.poolSize = 1
        let client = PostgresClient(configuration: configuration)
        for login in self.logins.values {
            _ = try? await client.execute("DROP ROLE IF EXISTS \(unescaped: login.names.login)")
            _ = try? await client.execute("DROP ROLE IF EXISTS \(unescaped: login.names.owner)")
        }
        await client.close()
    }
}
