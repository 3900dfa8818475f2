import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct ListenIntegrationTests {
    @Test func notificationsArriveAndSurviveATerminatedBackend() async throws {
        let admin = try TestDatabase.scope.client
        let name = "passerelle-listen-\(TestDatabase.suffix())"
        let channel = "Test Channel \(TestDatabase.suffix())"
        let client = PostgresClient(configuration: try TestDatabase.configuration(applicationName: name))
        let notifications = try await client.listen(channel: channel)
        let received = Shared<[PostgresNotification]>([])
        let consumer = Task {
            for try await notification in notifications {
                received.update { $0.append(notification) }
            }
        }
        try await client.notify(channel: channel, payload: "hello")
        #expect(try await eventually { received.value.contains { $0.payload == "hello" } })
        let first = try #require(received.value.first)
        #expect(first.channel == channel)

        let listening = "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'"
        var binds = PostgresBindings()
        binds.append(name)
        let pid = try await admin.query(PostgresQuery(unsafeSQL: listening, binds: binds))[0].decode(Int32.self, at: 0)
        _ = try await admin.query("SELECT pg_terminate_backend(\(pid), 5000)")

        // Notifications sent while the listener reconnects are lost, so keep sending until one arrives.
        var sent = 0
        #expect(
            try await eventually {
                sent += 1
                try await client.notify(channel: channel, payload: "after \(sent)")
                try await Task.sleep(for: .milliseconds(100))
                return received.value.contains { $0.payload.hasPrefix("after") }
            })
        let relistened = try await admin.query(PostgresQuery(unsafeSQL: listening, binds: binds))
        #expect(try relistened.decode(Int32.self).allSatisfy { $0 != pid })
        consumer.cancel()
        await client.close()
    }

    @Test func closingTheClientEndsTheSequence() async throws {
        let client = PostgresClient(configuration: try TestDatabase.configuration())
        let notifications = try await client.listen(channel: "closing_\(TestDatabase.suffix())")
        let consumer = Task {
            var count = 0
            for try await _ in notifications {
                count += 1
            }
            return count
        }
        await client.close()
        #expect(try await consumer.value == 0)
    }
}
