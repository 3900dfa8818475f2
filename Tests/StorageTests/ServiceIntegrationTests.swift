import Foundation
import Logging
import ServiceLifecycle
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct ServiceIntegrationTests {
    @Test func gracefulShutdownClosesThePoolAndItsListeners() async throws {
        let admin = try TestDatabase.scope.client
        let name = "passerelle-service-\(TestDatabase.suffix())"
        let client = PostgresClient(configuration: try TestDatabase.configuration(applicationName: name))
        let group = ServiceGroup(services: [client], logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = try await client.query("SELECT 1")
            let notifications = try await client.listen(channel: "service_\(TestDatabase.suffix())")
            tasks.addTask {
                for try await _ in notifications {}
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let error = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
        #expect(
            try await eventually {
                let rows = try await admin.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(name)")
                return try rows[0].decode(Int.self, at: 0) == 0
            })
    }

    /// Compiles only if `withTransaction` and `withConnection` run their bodies on the caller's actor and hand
    /// back non-`Sendable` results.
    @Test func bodiesRunOnTheCallersActor() async throws {
        let ledger = Ledger(client: try TestDatabase.scope.client)
        let entries = try await ledger.load()
        #expect(entries.values == [1, 2])
    }

    final class Entries {
        var values: [Int] = []
    }

    actor Ledger {
        let client: PostgresClient
        var loads = 0

        init(client: PostgresClient) {
            self.client = client
        }

        func load() async throws -> sending Entries {
            let entries = try await self.client.withTransaction(isolation: .repeatableRead) { transaction in
                self.loads += 1
                let entries = Entries()
                entries.values = try await transaction.query("SELECT generate_series(1, 2)").decode(Int32.self).map {
                    Int($0)
                }
                return entries
            }
            let again = try await self.client.withConnection { connection in
                self.loads += 1
                return try await connection.query("SELECT 1").count
            }
            #expect(again == 1 && self.loads == 2)
            return entries
        }
    }
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["PGHOST"] != nil))
struct EnvironmentConfigurationTests {
    @Test func pgEnvironmentVariablesAloneAreEnough() async throws {
        var configuration = PostgresConfiguration.environment()
        configuration.options.applicationName = "passerelle-tests env"
        let client = PostgresClient(configuration: configuration, logger: TestDatabase.logger)
        let row = try await client.query("SELECT current_user, current_setting('application_name')")
        let (user, application) = try row[0].decode((String, String).self)
        #expect(user == ProcessInfo.processInfo.environment["PGUSER"] ?? user)
        #expect(application == "passerelle-tests env")
        #expect(!configuration.description.contains("password"))
        await client.close()
    }
}
