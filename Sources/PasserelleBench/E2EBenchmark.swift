import ContractMessaging
import Contracts
import Foundation
import Logging
import Messaging
import PasserelleCLI
import PasserelleOps
import RuntimeSamples
import SampleContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Topology

/// `passerelle bench e2e`: the sample flow feeder → alpha → beta on the real servers, in a throwaway vhost
/// and database.
///
/// 1. Throughput: `messages` items are published as fast as possible; alpha's handler records each and
///    publishes through its outbox; beta consumes through its inbox. Events/s = items ÷ (last beta commit −
///    first alpha commit), from the database clocks both handlers record.
/// 2. Latency: items at `rate`/s for `latencySeconds`; the latency of an item is beta's commit clock minus
///    alpha's commit clock (p50, p99).
/// 3. Relay: with both services stopped, `relayMessages` rows are written to alpha's outbox; a fresh alpha
///    drains them; relay/s = rows ÷ (last `sent_at` − first `sent_at`).
/// 4. One consuming instance: beta, started on the backlog the relay phase queued for it; consumer/s =
///    events ÷ (last beta commit − first beta commit).
/// 5. The publishing side as one consuming instance: alpha, started on `relayMessages` queued feeder items,
///    each handled with a row and an outbox row (its relay running too); items ÷ alpha's commit span.
struct E2EBenchmark: Sendable {
    struct Settings: Sendable {
        var amqp: AMQPConfiguration
        var management: ManagementClient
        var postgres: PostgresConfiguration
        var contracts: URL
        var messages: Int
        var rate: Int
        var latencySeconds: Int
        var relayMessages: Int
        var batch: Int
        var relayWorkers: Int
    }

    struct Result: Codable, Sendable {
        var events_per_s: Double
        var p50_ms: Double
        var p99_ms: Double
        var relay_per_s: Double
        var messages: Int
        var latency_rate_per_s: Int
        var latency_messages: Int
        var relay_messages: Int
        var batch: Int
        var relay_workers: Int
        var throughput_seconds: Double
        var consumer_per_s: Double
        var beta_flow_per_s: Double
        /// Latency phase: alpha's handler → the outbox row marked sent (relay wake-up, publish, confirm).
        var relay_hop_p50_ms: Double
        var relay_hop_p99_ms: Double
        /// Latency phase: the row marked sent → beta's handler (delivery, beta's transaction start).
        var delivery_hop_p50_ms: Double
        var delivery_hop_p99_ms: Double
        /// Alpha alone on a backlog of feeder items: each handled in its inbox transaction with a row and an
        /// outbox row, its relay running alongside.
        var publishing_consumer_per_s: Double
    }

    let settings: Settings
    let progress: @Sendable (String) -> Void

    func run() async throws -> Result {
        let platform = try await ThrowawayPlatform.create(
            name: "e2e", contracts: self.settings.contracts, amqp: self.settings.amqp, management: self.settings.management,
            postgres: self.settings.postgres, progress: self.progress)
        do {
            let result = try await self.measure(platform)
            await platform.remove()
            return result
        } catch {
            await platform.remove()
            throw error
        }
    }

    private func measure(_ platform: ThrowawayPlatform) async throws -> Result {
        let postgres = platform.postgres()
        let catalog = platform.catalog
        var logger = Logger(label: "passerelle.bench")
        logger.logLevel = .error
        func host(_ definition: ServiceDefinition) throws -> ServiceHost {
            var configuration = ServiceConfiguration(
                amqp: try platform.amqp(service: definition.name, connectionName: "bench \(definition.name)"), postgres: postgres)
            configuration.operatorUsers = [try platform.amqp(service: nil, connectionName: "bench feeder").username]
            configuration.consumer.batchSize = self.settings.batch
            configuration.relay.workers = self.settings.relayWorkers
            return try ServiceHost(
                definition: definition, configuration: configuration, catalog: catalog, topology: platform.topology, logger: logger)
        }
        let feeder = try await AMQPConnection.connect(try platform.amqp(service: nil, connectionName: "bench feeder"), logger: logger)
        defer { Task { await feeder.close() } }
        let raw = try await feeder.makePublisher(window: 1000)
        let publisher = TypedPublisher(publisher: raw, catalog: catalog, source: "/bench/feeder")
        let probe = PostgresClient(configuration: postgres)
        defer { Task { await probe.close() } }

        let alpha = try await ServiceHarness.start(try host(SampleServices.alpha()), timeout: .seconds(60))
        let beta = try await ServiceHarness.start(try host(SampleServices.beta()), timeout: .seconds(60))

        // 1. Throughput.
        self.progress("throughput: \(self.settings.messages) events")
        let started = ContinuousClock.now
        try await self.publish(prefix: "t", count: self.settings.messages, rate: 0, publisher: publisher, raw: raw)
        try await self.waitFor(table: "beta.received", prefix: "t", count: self.settings.messages, probe: probe)
        let elapsed = ContinuousClock.now - started
        let span = try await probe.query(
            """
            SELECT ((max(beta_micros) - min(alpha_micros)) / 1e6)::float8, ((max(beta_micros) - min(beta_micros)) / 1e6)::float8
            FROM beta.received WHERE item_id LIKE 't-%'
            """)[0].decode((Double, Double).self)

        // 2. Latency at a fixed rate.
        let latencyCount = self.settings.rate * self.settings.latencySeconds
        self.progress("latency: \(latencyCount) events at \(self.settings.rate)/s")
        try await self.publish(prefix: "l", count: latencyCount, rate: self.settings.rate, publisher: publisher, raw: raw)
        try await self.waitFor(table: "beta.received", prefix: "l", count: latencyCount, probe: probe)
        let latencies = try await probe.query(
            "SELECT ((beta_micros - alpha_micros) / 1000.0)::float8 FROM beta.received WHERE item_id LIKE 'l-%'"
        ).decode(Double.self)
        let percentiles = Percentiles(latencies)
        // Where the time goes: alpha's handler → the relay marked the row sent (after the broker's confirm),
        // and sent → beta's handler.
        let hops = try await probe.query(
            """
            SELECT ((extract(epoch FROM o.sent_at) * 1e6 - r.alpha_micros) / 1000.0)::float8,
                   ((r.beta_micros - extract(epoch FROM o.sent_at) * 1e6) / 1000.0)::float8
            FROM beta.received r JOIN alpha.outbox o ON o.aggregate_key = r.item_id
            WHERE r.item_id LIKE 'l-%'
            """
        ).decode((Double, Double).self)
        let toSent = Percentiles(hops.map(\.0))
        let sentToBeta = Percentiles(hops.map(\.1))

        // 3. Relay drain on its own.
        try await alpha.stop()
        try await beta.stop()
        self.progress("relay: writing \(self.settings.relayMessages) outbox rows")
        let writer = try host(SampleServices.alpha())
        var written = 0
        while written < self.settings.relayMessages {
            let slice = min(1000, self.settings.relayMessages - written)
            let base = written
            try await writer.withTransaction { transaction in
                for index in base..<(base + slice) {
                    try await transaction.publish(
                        ItemRecorded(itemId: "r-\(index)", sequence: index, amount: index, committedAtMicros: 0),
                        aggregate: "r-\(index)")
                }
            }
            written += slice
        }
        self.progress("relay: draining")
        let relay = try await ServiceHarness.start(try host(SampleServices.alpha()), timeout: .seconds(60))
        let drained = try await Self.poll(timeout: .seconds(300)) {
            try await relay.host.outboxDue() == 0
        }
        try await relay.stop()
        guard drained else {
            throw BenchFailure("the relay did not drain \(self.settings.relayMessages) rows within 300 s")
        }
        let relaySpan = try await probe.query(
            """
            SELECT count(*), EXTRACT(EPOCH FROM max(sent_at) - min(sent_at))::float8 FROM alpha.outbox
            WHERE message_id IN (SELECT message_id FROM alpha.outbox ORDER BY id DESC LIMIT \(self.settings.relayMessages))
            """)[0].decode((Int64, Double).self)

        // 4. One consuming instance on a backlog: beta drains what the relay phase queued for it.
        self.progress("consumer: beta drains \(self.settings.relayMessages) queued events")
        let drainingBeta = try await ServiceHarness.start(try host(SampleServices.beta()), timeout: .seconds(60))
        try await self.waitFor(table: "beta.received", prefix: "r", count: self.settings.relayMessages, probe: probe)
        try await drainingBeta.stop()
        let consumerSpan = try await probe.query(
            "SELECT ((max(beta_micros) - min(beta_micros)) / 1e6)::float8 FROM beta.received WHERE item_id LIKE 'r-%'"
        )[0].decode(Double.self, at: 0)

        // 5. The publishing side as one consuming instance: alpha drains a backlog of feeder items, writing
        //    its row and an outbox row per item (its relay runs alongside, as in production).
        self.progress("publishing consumer: alpha drains \(self.settings.relayMessages) queued items")
        try await self.publish(prefix: "a", count: self.settings.relayMessages, rate: 0, publisher: publisher, raw: raw)
        let drainingAlpha = try await ServiceHarness.start(try host(SampleServices.alpha()), timeout: .seconds(60))
        try await self.waitFor(table: "alpha.items", prefix: "a", count: self.settings.relayMessages, probe: probe)
        try await drainingAlpha.stop()
        let alphaSpan = try await probe.query(
            "SELECT ((max(committed_micros) - min(committed_micros)) / 1e6)::float8 FROM alpha.items WHERE item_id LIKE 'a-%'"
        )[0].decode(Double.self, at: 0)

        return Result(
            events_per_s: Double(self.settings.messages) / max(span.0, 0.001),
            p50_ms: percentiles.value(at: 50), p99_ms: percentiles.value(at: 99),
            relay_per_s: Double(relaySpan.0) / max(relaySpan.1, 0.001),
            messages: self.settings.messages, latency_rate_per_s: self.settings.rate, latency_messages: latencyCount,
            relay_messages: self.settings.relayMessages, batch: self.settings.batch,
            relay_workers: self.settings.relayWorkers,
            throughput_seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            consumer_per_s: Double(self.settings.relayMessages) / max(consumerSpan, 0.001),
            beta_flow_per_s: Double(self.settings.messages) / max(span.1, 0.001),
            relay_hop_p50_ms: toSent.value(at: 50), relay_hop_p99_ms: toSent.value(at: 99),
            delivery_hop_p50_ms: sentToBeta.value(at: 50), delivery_hop_p99_ms: sentToBeta.value(at: 99),
            publishing_consumer_per_s: Double(self.settings.relayMessages) / max(alphaSpan, 0.001))
    }

    private func publish(
        prefix: String, count: Int, rate: Int, publisher: TypedPublisher, raw: AMQPPublisher
    ) async throws {
        let chunk = rate > 0 ? max(1, rate / 100) : 500
        let started = ContinuousClock.now
        var sent = 0
        while sent < count {
            let size = min(chunk, count - sent)
            let messages = try (sent..<(sent + size)).map { index in
                try publisher.prepare(ItemSubmitted(itemId: "\(prefix)-\(index)", sequence: index, amount: index))
            }
            for result in await raw.publish(messages) {
                _ = try result.get()
            }
            sent += size
            if rate > 0 {
                let due = started + .seconds(Double(sent) / Double(rate))
                let now = ContinuousClock.now
                if due > now {
                    try await Task.sleep(until: due, clock: .continuous)
                }
            }
        }
    }

    /// Waits until `table` (alpha's or beta's) holds `count` rows whose `item_id` starts with `prefix-`.
    private func waitFor(table: String, prefix: String, count: Int, probe: PostgresClient) async throws {
        let done = try await Self.poll(timeout: .seconds(600)) {
            let rows = try await probe.query(
                "SELECT count(*) FROM \(unescaped: table) WHERE item_id LIKE \(prefix + "-%")")
            return try rows[0].decode(Int64.self, at: 0) >= count
        }
        guard done else {
            throw BenchFailure("\(table) did not reach \(count) rows within 600 s")
        }
    }

    private static func poll(timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// A benchmark that could not complete.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) {
        self.description = description
    }
}
