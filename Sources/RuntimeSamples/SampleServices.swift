import SampleContracts
public import ServiceRuntime
import Storage

/// The sample services of `samples/contracts`: alpha records items and publishes them through its outbox;
/// beta receives them through its inbox. Each effect is an upsert that counts how often it was applied, so
/// a test sees a duplicate effect as `applied = 2`.
public enum SampleServices {
    /// Alpha: on `feeder.item.submitted.v1`, upserts `alpha.items` and publishes `alpha.item.recorded.v1`
    /// (aggregate: the item id).
    public static func alpha(faults: SampleFaults = SampleFaults()) -> ServiceDefinition {
        var handlers = ServiceHandlers()
        handlers.on(ItemSubmitted.self) { item, context in
            switch faults.outcome(for: item) {
            case .proceed:
                break
            case .transient:
                throw TransientError("sample transient failure of \(item.itemId)")
            case .permanent:
                throw PermanentError("sample permanent failure of \(item.itemId)")
            }
            let rows = try await context.transaction.query(
                """
                INSERT INTO items (item_id, sequence, amount, committed_micros)
                VALUES (\(item.itemId), \(item.sequence), \(item.amount), (extract(epoch FROM clock_timestamp()) * 1000000)::int8)
                ON CONFLICT (item_id) DO UPDATE SET applied = items.applied + 1
                RETURNING committed_micros
                """)
            let micros = try rows[0].decode(Int.self, at: 0)
            try await context.transaction.publish(
                ItemRecorded(itemId: item.itemId, sequence: item.sequence, amount: item.amount, committedAtMicros: micros),
                aggregate: item.itemId)
        }
        return ServiceDefinition(
            name: "alpha",
            migrations: [
                PostgresMigration(
                    version: 100, name: "items",
                    sql: """
                        CREATE TABLE items (
                            item_id          text PRIMARY KEY,
                            sequence         bigint NOT NULL,
                            amount           bigint NOT NULL,
                            applied          integer NOT NULL DEFAULT 1,
                            committed_micros bigint NOT NULL
                        );
                        """)
            ],
            handlers: handlers)
    }

    /// Beta: on `alpha.item.recorded.v1`, upserts `beta.received` with alpha's and its own commit clock.
    public static func beta() -> ServiceDefinition {
        var handlers = ServiceHandlers()
        handlers.on(ItemRecorded.self) { item, context in
            try await context.transaction.execute(
                """
                INSERT INTO received (item_id, sequence, alpha_micros, beta_micros)
                VALUES (\(item.itemId), \(item.sequence), \(item.committedAtMicros),
                        (extract(epoch FROM clock_timestamp()) * 1000000)::int8)
                ON CONFLICT (item_id) DO UPDATE SET applied = received.applied + 1
                """)
        }
        return ServiceDefinition(
            name: "beta",
            migrations: [
                PostgresMigration(
                    version: 100, name: "received",
                    sql: """
                        CREATE TABLE received (
                            item_id      text PRIMARY KEY,
                            sequence     bigint NOT NULL,
                            alpha_micros bigint NOT NULL,
                            beta_micros  bigint NOT NULL,
                            applied      integer NOT NULL DEFAULT 1
                        );
                        """)
            ],
            handlers: handlers)
    }
}
