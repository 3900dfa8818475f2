import ArgumentParser
import Foundation
import Messaging
import PasserelleOps
import ServiceRuntime
import Storage
import Testing
import Topology

/// One `dlq` test's world: a topology test bed (its own vhost) plus its own database `dlq_<random>` with the
/// runtime's tables in the `notifications` schema; both removed afterwards.
struct DLQTestBed: Sendable {
    static let queue = "notifications.procurement-events"
    static let type = "procurement.tender-document.downloaded.v1"
    static let exchange = "procurement.events"

    let topology: TopologyTestBed
    let database: String
    let databaseURL: String
    let client: PostgresClient
    let settingsFile: URL

    /// The options every `dlq` subcommand gets in these tests.
    var common: [String] {
        [
            "--contracts", TopologyTestBed.contractsURL.path, "--settings", self.settingsFile.path, "--amqp-url",
            IntegrationEnvironment.amqpURL, "--database-url", self.databaseURL,
        ]
    }

    /// The store the commands use, for checking rows and history.
    func store() async throws -> ParkedStore {
        try await ParkedStore(client: self.client, services: ["notifications"])
    }

    /// A valid body for ``type``; `dceVersion: 0` breaks the contract (minimum 1).
    static func body(dceVersion: Int = 1, download: String = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f") -> [UInt8] {
        let files = #"[{"fileName":"rc.pdf","sha256":"\#(String(repeating: "ab", count: 32))"}]"#
        return Array(
            (#"{"downloadId":"\#(download)","tenderId":"0b6f2c1e-9a4d-4c3b-8e5f-1d2a3b4c5d6e","#
                + #""dceVersion":\#(dceVersion),"downloadedAt":"2026-11-29T10:00:00Z","files":\#(files)}"#).utf8)
    }

    /// CloudEvents-style properties for a message of ``type``.
    static func properties(id: String, type: String = DLQTestBed.type, extra: AMQPTable = [:]) -> AMQPProperties {
        var headers = extra
        headers["cloudEvents_id"] = .string(id)
        headers["cloudEvents_type"] = .string(type)
        headers["cloudEvents_source"] = "/passerelle/procurement"
        headers["cloudEvents_specversion"] = "1.0"
        return AMQPProperties(contentType: "application/json", messageID: id, type: type, headers: headers)
    }

    /// Parks a message the way the runtime does: row + `parked` history in one transaction, then a copy in
    /// `<queue>.dlq` (through `notifications.retry`) with the diagnostic headers.
    @discardableResult
    func parkLikeTheRuntime(
        messageID: String, body: [UInt8] = DLQTestBed.body(), type: String = DLQTestBed.type,
        parkedAt: Date? = nil, reason: String = "failed"
    ) async throws -> UUID {
        let id = UUID()
        let parking = Self.queue + (reason == "invalid" ? ".invalid" : ".dlq")
        let headers: AMQPTable = [
            RuntimeHeaders.parkedID: .string(id.uuidString.lowercased()), RuntimeHeaders.reason: .string(reason),
            RuntimeHeaders.error: "handler failed: boom", RuntimeHeaders.attempt: .int32(4),
            RuntimeHeaders.originalExchange: .string(Self.exchange), RuntimeHeaders.originalRoutingKey: .string(type),
            RuntimeHeaders.consumerQueue: .string(Self.queue), RuntimeHeaders.parkedAt: "2026-11-29T10:00:00Z",
        ]
        let properties = Self.properties(id: messageID, type: type, extra: headers)
        try await self.client.withTransaction { tx in
            try await tx.execute(
                """
                INSERT INTO notifications.parked_messages (id, consumer_queue, parking_queue, reason, message_id,
                    message_type, original_exchange, original_routing_key, error, attempts, properties, body, parked_at)
                VALUES (\(id), \(Self.queue), \(parking), \(reason), \(messageID), \(type), \(Self.exchange), \(type),
                    'handler failed: boom', 4, \(PostgresRawJSON(StoredProperties.json(properties))), \(Data(body)),
                    coalesce(\(parkedAt)::timestamptz, clock_timestamp()))
                """)
            try await tx.execute(
                """
                INSERT INTO notifications.parked_message_history (parked_id, action, actor)
                VALUES (\(id), 'parked', 'runtime:notifications')
                """)
        }
        try await withConnection("park", configuration: try self.topology.amqp("park", as: "notifications")) {
            connection in
            let publisher = try await connection.makePublisher()
            _ = try await publisher.publish(
                AMQPOutboundMessage(
                    exchange: "notifications.retry", routingKey: parking, body: body, properties: properties))
        }
        return id
    }

    /// The number of messages in a queue (passive declare).
    func count(_ queue: String) async throws -> Int {
        try await withConnection("count", configuration: try self.topology.amqp("count")) { connection in
            try await connection.declareQueue(AMQPQueueSpec(queue), passive: true).messageCount
        }
    }
}

/// Runs `body` with a fresh topology (applied, `extra` settings YAML) and a fresh database; always cleans up.
func withDLQTestBed(_ name: String, settings extra: String = "", _ body: (DLQTestBed) async throws -> Void)
    async throws
{
    try await withTopologyTestBed(name) { topology in
        try await topology.apply(try topology.session(extra))
        let settingsFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dlq-settings-\(UUID().uuidString).yaml")
        try Data("vhost: \(topology.vhost)\nuserPrefix: \(topology.userPrefix)\n\(extra)".utf8).write(to: settingsFile)
        defer { try? FileManager.default.removeItem(at: settingsFile) }

        let database = "dlq_\(UUID().uuidString.lowercased().replacing("-", with: "").prefix(12))"
        let adminURL = IntegrationEnvironment.environment["PASSERELLE_PG_URL"] ?? ""
        let admin = PostgresClient(
            configuration: try PostgresConfiguration(connectionString: adminURL), logger: IntegrationEnvironment.logger)
        try await admin.execute("CREATE DATABASE \(unescaped: database)")
        let databaseURL = dlqDatabaseURL(adminURL, database: database)
        let client = PostgresClient(
            configuration: try PostgresConfiguration(connectionString: databaseURL),
            logger: IntegrationEnvironment.logger)
        let bed = DLQTestBed(
            topology: topology, database: database, databaseURL: databaseURL, client: client,
            settingsFile: settingsFile)
        do {
            try await PostgresMigrations(schema: "notifications", migrations: RuntimeSchema.runtimeMigrations)
                .apply(using: client)
            try await body(bed)
        } catch {
            await client.close()
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)")
            await admin.close()
            throw error
        }
        await client.close()
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unescaped: database) WITH (FORCE)")
        await admin.close()
    }
}

/// The admin URL with another database name (a `postgres://` URL's path, else a `dbname=` keyword).
func dlqDatabaseURL(_ adminURL: String, database: String) -> String {
    if var components = URLComponents(string: adminURL), components.scheme?.hasPrefix("postgres") == true {
        components.path = "/" + database
        if let url = components.string { return url }
    }
    return "dbname=\(database)"
}

/// Runs a command and returns its exit status (0 when it returns normally).
func exitStatus(_ body: () async throws -> Void) async throws -> Int32 {
    do {
        try await body()
        return 0
    } catch let code as ExitCode {
        return code.rawValue
    }
}

/// Waits up to `timeout` for one message on `queue`, acknowledges it and returns it.
func receiveOne(_ queue: String, configuration: AMQPConfiguration, timeout: Duration = .seconds(10)) async throws
    -> AMQPDelivery?
{
    try await withConnection("receive \(queue)", configuration: configuration) { connection in
        let consumer = try await connection.consume(queue: queue, prefetch: 1)
        let delivery = try await withThrowingTaskGroup(of: AMQPDelivery?.self) { group in
            group.addTask {
                for try await delivery in consumer {
                    try delivery.ack()
                    return delivery
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        await consumer.cancel()
        return delivery
    }
}
