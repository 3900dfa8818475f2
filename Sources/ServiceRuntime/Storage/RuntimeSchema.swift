public import Storage

/// The runtime's tables in each service schema: `outbox`, `inbox`, `parked_messages` and
/// `parked_message_history`.
///
/// They are ordinary migrations of the service schema with versions 1 to 99, which the runtime reserves;
/// a service's own migrations start at 100. ``migrations(service:)`` merges both lists.
public enum RuntimeSchema {
    /// The first version a service's own migration may use.
    public static let firstServiceVersion = 100

    /// The runtime's migrations.
    public static let runtimeMigrations: [PostgresMigration] = [
        PostgresMigration(version: 1, name: "runtime_outbox", sql: outboxSQL),
        PostgresMigration(version: 2, name: "runtime_inbox", sql: inboxSQL),
        PostgresMigration(version: 3, name: "runtime_parked_messages", sql: parkedSQL),
        PostgresMigration(version: 4, name: "runtime_queue_table_vacuum", sql: vacuumSQL),
    ]

    /// The runtime's migrations followed by the service's.
    ///
    /// - Parameter service: The service's migrations, versions ≥ ``firstServiceVersion``.
    /// - Throws: ``ServiceRuntimeError`` (`invalidConfiguration`) naming a service migration below 100.
    public static func migrations(service: [PostgresMigration]) throws(ServiceRuntimeError) -> [PostgresMigration] {
        if let low = service.first(where: { $0.version < firstServiceVersion }) {
            throw ServiceRuntimeError(
                .invalidConfiguration,
                "migration \(low.version)_\(low.name): versions 1–99 are reserved for the runtime; start at \(firstServiceVersion)")
        }
        return runtimeMigrations + service
    }

    /// The NOTIFY channel the outbox trigger signals on, per schema.
    public static func outboxChannel(schema: String) -> String { "\(schema)_outbox" }

    /// The number of relay partitions: rows go to `partition = hash(aggregate_key) mod partitionCount`, and
    /// one relay at a time owns a partition (an advisory lock), which keeps each aggregate's order.
    public static let partitionCount = 16

    // Rows stay unsent until the broker confirmed them; `next_attempt_at` holds a row back after a failed
    // publish, and `deliver_at` is when a scheduled message becomes due.
    static let outboxSQL = """
        CREATE TABLE outbox (
            id              bigserial PRIMARY KEY,
            message_id      text NOT NULL,
            message_type    text NOT NULL,
            exchange        text NOT NULL,
            routing_key     text NOT NULL,
            aggregate_key   text NOT NULL,
            partition       integer NOT NULL CHECK (partition >= 0),
            attributes      jsonb NOT NULL,
            body            bytea NOT NULL,
            created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
            deliver_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
            attempts        integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz,
            last_error      text,
            sent_at         timestamptz
        );
        CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
        CREATE INDEX outbox_held_back ON outbox (aggregate_key, id) WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL;
        CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
        CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
        """

    // The outbox and the inbox are queue tables: rows arrive, are updated once and are deleted by the
    // housekeeping. PostgreSQL's defaults vacuum and analyse a table after 20 % (10 % for analyse) of it
    // changed, which on a large outbox leaves many dead index entries for the relay to step over and stale
    // statistics for its plans. These vacuum after about 1,000 changes plus 1 % of the table instead.
    static let vacuumSQL = """
        ALTER TABLE outbox SET (
            autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0.01,
            autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0.01,
            autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.02
        );
        ALTER TABLE inbox SET (
            autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0.01,
            autovacuum_analyze_threshold = 1000, autovacuum_analyze_scale_factor = 0.02
        );
        """

    static let inboxSQL = """
        CREATE TABLE inbox (
            consumer     text NOT NULL,
            message_id   text NOT NULL,
            message_type text NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
            PRIMARY KEY (consumer, message_id)
        );
        CREATE INDEX inbox_processed_at ON inbox (processed_at);
        """

    // One row per parked message: what was received (properties as JSON, body as bytes), where it came
    // from, why it failed and what happened to it since (`parked_message_history`).
    static let parkedSQL = """
        CREATE TABLE parked_messages (
            id                   uuid PRIMARY KEY,
            consumer_queue       text NOT NULL,
            parking_queue        text NOT NULL,
            reason               text NOT NULL CHECK (reason IN ('failed', 'invalid', 'delivery-limit')),
            message_id           text,
            message_type         text,
            original_exchange    text NOT NULL,
            original_routing_key text NOT NULL,
            error                text NOT NULL,
            attempts             integer NOT NULL,
            properties           jsonb NOT NULL,
            body                 bytea NOT NULL,
            parked_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
            status               text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed', 'purged'))
        );
        CREATE UNIQUE INDEX parked_messages_once ON parked_messages (consumer_queue, message_id)
            WHERE status = 'parked' AND message_id IS NOT NULL;
        CREATE INDEX parked_messages_parked_at ON parked_messages (parked_at);
        CREATE TABLE parked_message_history (
            id        bigserial PRIMARY KEY,
            parked_id uuid NOT NULL REFERENCES parked_messages (id),
            action    text NOT NULL CHECK (action IN ('parked', 'replayed', 'purged', 'edited')),
            actor     text NOT NULL,
            at        timestamptz NOT NULL DEFAULT clock_timestamp(),
            detail    text
        );
        CREATE INDEX parked_message_history_parked_id ON parked_message_history (parked_id);
        """
}
