import Logging
import Storage

/// Deletes what is no longer needed: sent outbox rows after their retention, inbox rows after the
/// duplicate-detection window. Only rows already marked sent are ever deleted from the outbox.
struct Housekeeping: Sendable {
    let context: RuntimeContext

    /// Deletes, in slices of 10,000 rows, until nothing old is left.
    ///
    /// - Returns: The number of outbox and inbox rows deleted.
    @discardableResult
    func cleanUp() async throws -> (outbox: Int, inbox: Int) {
        try await Self.cleanUp(client: self.context.client, schema: self.context.schema, configuration: self.context.configuration)
    }

    /// Deletes old sent outbox rows and old inbox rows of one schema.
    static func cleanUp(
        client: PostgresClient, schema: PostgresIdentifier, configuration: ServiceConfiguration
    ) async throws -> (outbox: Int, inbox: Int) {
        let sentSeconds = Double(configuration.sentOutboxRetention.components.seconds)
        let inboxSeconds = Double(configuration.inboxRetention.components.seconds)
        var outbox = 0
        var inbox = 0
        while true {
            let deleted = try await client.execute(
                """
                DELETE FROM \(identifier: schema).outbox WHERE id IN (
                    SELECT id FROM \(identifier: schema).outbox
                    WHERE sent_at IS NOT NULL AND sent_at < clock_timestamp() - make_interval(secs => \(sentSeconds))
                    LIMIT 10000)
                """)
            outbox += deleted
            if deleted < 10000 { break }
        }
        while true {
            let deleted = try await client.execute(
                """
                DELETE FROM \(identifier: schema).inbox WHERE (consumer, message_id) IN (
                    SELECT consumer, message_id FROM \(identifier: schema).inbox
                    WHERE processed_at < clock_timestamp() - make_interval(secs => \(inboxSeconds))
                    LIMIT 10000)
                """)
            inbox += deleted
            if deleted < 10000 { break }
        }
        return (outbox, inbox)
    }

    /// Refreshes the connection fact every second and cleans up every `interval`, until cancelled.
    func run(interval: Duration = .seconds(60)) async {
        var lastCleanUp = ContinuousClock.now
        while !Task.isCancelled {
            self.context.health.setConnected(self.context.transport.isConnected)
            if ContinuousClock.now - lastCleanUp >= interval {
                lastCleanUp = .now
                do {
                    let (outbox, inbox) = try await self.cleanUp()
                    if outbox + inbox > 0 {
                        self.context.logger.info("housekeeping", metadata: ["outbox.deleted": "\(outbox)", "inbox.deleted": "\(inbox)"])
                    }
                } catch {
                    self.context.logger.warning("housekeeping failed", metadata: ["error": "\(error)"])
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
