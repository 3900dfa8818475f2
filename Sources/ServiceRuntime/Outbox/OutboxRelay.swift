import Foundation
import Logging
import Messaging
import Storage

/// Sends the outbox: woken by `NOTIFY` (the outbox trigger) and by a poll, it takes due rows with
/// `FOR UPDATE SKIP LOCKED`, publishes them with confirms in one windowed batch, and marks them sent only
/// after the broker confirmed them — all inside one transaction, so a crash before the commit sends them
/// again (the consumers' inboxes absorb the duplicates).
///
/// Order: rows are spread over ``RuntimeSchema/partitionCount`` partitions by aggregate key, and each
/// round first takes `pg_try_advisory_xact_lock` on the partitions it works on, so at most one relay
/// (of any instance) publishes a partition at a time, in id order. A row whose publish failed holds back
/// the later rows of its aggregate from later rounds until it is sent (rows of the same round have already
/// gone; see ``refused(_:exchange:)`` for channel-level refusals). A scheduled row (`deliver_at` in the
/// future) holds nothing back.
final class OutboxRelay: Sendable {
    let context: RuntimeContext
    /// One wake-up signal per worker.
    let wakes: [WakeSignal]

    init(context: RuntimeContext) {
        self.context = context
        self.wakes = (0..<max(1, context.configuration.relay.workers)).map { _ in WakeSignal() }
    }

    /// The partitions worker `index` tries. Each worker has a share (every `workers`-th partition, starting
    /// at its index). Without a backlog worker 0 works alone on every partition (`solo`), so a quiet outbox
    /// costs one round per wake-up; once a round comes back full, it keeps to its share and the helpers take
    /// theirs, so the rounds of a backlog run side by side instead of racing for the same locks. A partition
    /// locked by one round is skipped by the others, so order holds either way.
    func partitions(worker index: Int, solo: Bool) -> [Int32] {
        if index == 0 && solo { return self.allPartitions }
        let workers = self.wakes.count
        return (0..<RuntimeSchema.partitionCount).filter { $0 % workers == index }.map(Int32.init)
    }

    /// Every partition (the flush works on all of them).
    var allPartitions: [Int32] { (0..<RuntimeSchema.partitionCount).map(Int32.init) }

    /// The outcome of one round.
    struct Round: Sendable {
        var sent = 0
        var failed = 0
        var full = false
        /// The broker was unreachable: nothing could be published.
        var transportDown = false
    }

    /// Runs the workers until the task is cancelled. Each runs rounds on its partitions: immediately again
    /// after a full round, else on the next notification or poll. Worker 0 also keeps the gauges.
    func run() async throws {
        let listener = Task { await self.listen() }
        defer { listener.cancel() }
        await withTaskGroup(of: Void.self) { group in
            for index in self.wakes.indices {
                group.addTask { await self.work(index) }
            }
        }
    }

    private func work(_ index: Int) async {
        let wake = self.wakes[index]
        var pause: Duration = .milliseconds(100)
        var lastGauge = ContinuousClock.now - .seconds(10)
        var solo = true
        while !Task.isCancelled {
            do {
                let round = try await self.round(partitions: self.partitions(worker: index, solo: solo))
                pause = .milliseconds(100)
                if index == 0 && ContinuousClock.now - lastGauge > .seconds(1) {
                    try? await self.updateGauges()
                    lastGauge = .now
                }
                if index == 0 && self.wakes.count > 1 {
                    // A full round means a backlog: the helpers join in, each on its share. Otherwise worker 0
                    // goes back to every partition (skipping those a helper is still working on).
                    solo = !round.full
                    if round.full {
                        for helper in self.wakes.dropFirst() { helper.signal() }
                    }
                }
                if round.transportDown {
                    try await Task.sleep(for: .milliseconds(500))
                } else if !round.full {
                    // Worker 0 is woken by notifications and polls; the helpers only by worker 0.
                    await wake.wait(timeout: index == 0 ? self.context.configuration.relay.pollInterval : .seconds(5))
                }
            } catch {
                if Task.isCancelled { return }
                self.context.logger.warning("outbox relay round failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// Sends everything due, round after round, until nothing due is left or `timeout` passed.
    ///
    /// - Returns: Whether the outbox has no due row left.
    @discardableResult
    func flush(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        // A cancelled stop (not a graceful one) has no time to flush: the next start sends the rest.
        while ContinuousClock.now < deadline && !Task.isCancelled {
            do {
                let round = try await self.round(partitions: self.allPartitions)
                if round.sent == 0 && round.failed == 0 && !round.transportDown {
                    if try await self.context.database.dueCount() == 0 {
                        try? await self.updateGauges()
                        return true
                    }
                }
                if round.transportDown || (!round.full && round.sent == 0) {
                    try await Task.sleep(for: .milliseconds(100))
                }
            } catch {
                self.context.logger.warning("outbox flush round failed", metadata: ["error": "\(error)"])
                if let error = error as? PostgresError, error.code == .poolClosed { return false }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        return false
    }

    private func listen() async {
        let channel = RuntimeSchema.outboxChannel(schema: self.context.schema.name)
        while !Task.isCancelled {
            do {
                let notifications = try await self.context.client.listen(channel: channel)
                for try await _ in notifications {
                    self.wakes[0].signal()
                }
            } catch {
                // The poll keeps the relay going; listen again after a pause.
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private struct Row: Sendable {
        var id: Int64
        var exchange: String
        var routingKey: String
        var aggregate: String
        var attributes: String
        var body: Data
        var attempts: Int32
    }

    /// One round: lock those of `partitions` no other relay holds, read their due rows, publish, mark.
    func round(partitions candidates: [Int32]) async throws -> Round {
        let settings = self.context.configuration.relay
        let schema = self.context.schema
        let transport = self.context.transport
        let metrics = self.context.metrics
        let logger = self.context.logger
        // A plain index scan on `outbox_unsent` marks the entries of sent rows dead as it passes them, so later
        // rounds skip them; a bitmap scan (the planner's pick for a small outbox) visits every sent row's heap
        // page again until the next vacuum, which made rounds several times slower after a burst.
        let noBitmap = PostgresLocalSetting("enable_bitmapscan", "off")
        return try await self.context.client.withTransaction(settings: [noBitmap]) { transaction in
            // One statement: lock those of the candidate partitions no other relay holds, skip the aggregates
            // held back by a refused row, and read the due rows of the locked partitions in id order. The
            // held-back lookup is a hashed subplan (a correlated NOT EXISTS degraded badly on stale statistics:
            // 7–9 s per round on a 30,000-row backlog right after a bulk insert).
            let rows = try await transaction.query(
                """
                WITH owned AS (
                    SELECT p FROM unnest(\(candidates)::int4[]) AS p
                    WHERE pg_try_advisory_xact_lock(hashtext(\(schema.name + ".outbox")), p)
                ), held AS (
                    SELECT aggregate_key FROM \(identifier: schema).outbox
                    WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at > now()
                )
                SELECT id, exchange, routing_key, aggregate_key, attributes::text, body, attempts
                FROM \(identifier: schema).outbox
                WHERE sent_at IS NULL AND partition IN (SELECT p FROM owned) AND deliver_at <= now()
                  AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                  AND aggregate_key NOT IN (SELECT aggregate_key FROM held)
                ORDER BY id
                LIMIT \(settings.batchSize)
                FOR UPDATE SKIP LOCKED
                """
            ).decode((Int64, String, String, String, String, Data, Int32).self).map {
                Row(id: $0.0, exchange: $0.1, routingKey: $0.2, aggregate: $0.3, attributes: $0.4, body: $0.5, attempts: $0.6)
            }
            guard !rows.isEmpty else { return Round() }
            var messages: [AMQPOutboundMessage] = []
            messages.reserveCapacity(rows.count)
            for row in rows {
                let event = try OutboxAttributes.decode(row.attributes).event(data: Array(row.body))
                var message = AMQPOutboundMessage(
                    exchange: row.exchange, routingKey: row.routingKey, body: event.data,
                    properties: CloudEventAMQPMapping.properties(for: event))
                message.mandatory = true
                messages.append(message)
            }
            let results = await transport.publish(messages)
            var sent: [Int64] = []
            var failed: [(row: Row, error: AMQPError)] = []
            var transportDown = false
            for (row, result) in zip(rows, results) {
                switch result {
                case .success(let confirmation):
                    sent.append(row.id)
                    metrics.confirmLatency(confirmation.latency)
                case .failure(let error):
                    if [.connectionLost, .notConnected, .closed, .timeout].contains(error.code) {
                        transportDown = true
                    } else {
                        failed.append((row: row, error: error))
                    }
                }
            }
            if !sent.isEmpty {
                try await transaction.execute(
                    "UPDATE \(identifier: schema).outbox SET sent_at = clock_timestamp() WHERE id = ANY(\(sent)::int8[])")
                metrics.relayed(count: sent.count)
            }
            for (row, error) in Self.refused(failed, exchange: \.exchange) {
                let backoff = min(Double(1 << min(Int(row.attempts), 20)), Double(settings.maxBackoff.components.seconds))
                logger.error(
                    "outbox row refused by the broker; held back with its aggregate",
                    metadata: [
                        "outbox.id": "\(row.id)", "exchange": "\(row.exchange)", "routing.key": "\(row.routingKey)",
                        "error": "\(error)", "retry.in.s": "\(backoff)",
                    ])
                try await transaction.execute(
                    """
                    UPDATE \(identifier: schema).outbox
                    SET attempts = attempts + 1, last_error = \(String("\(error)".prefix(2000))),
                        next_attempt_at = clock_timestamp() + make_interval(secs => \(backoff))
                    WHERE id = \(row.id)
                    """)
            }
            return Round(
                sent: sent.count, failed: failed.count, full: rows.count == settings.batchSize && !transportDown,
                transportDown: transportDown)
        }
    }

    /// The failed rows to hold back, from the failures of one round.
    ///
    /// A nack or a return concerns its own message. A channel-level refusal (`channelClosed`: 404 for an
    /// exchange that does not exist, 403 for one the service may not write to) fails every message then in
    /// flight on the channel, the innocent with the guilty; holding all of them back would keep every
    /// aggregate of the round in step with the bad row for ever. So only the rows whose exchange the server's
    /// reply names are held back (or, when it names none of them, the first failed row); the others are left
    /// as they are and go again in the next round, which skips the held-back aggregates.
    static func refused<Row>(_ failed: [(row: Row, error: AMQPError)], exchange: (Row) -> String) -> [(row: Row, error: AMQPError)] {
        let collective = failed.filter { $0.error.code == .channelClosed }
        guard !collective.isEmpty else { return failed }
        let individual = failed.filter { $0.error.code != .channelClosed }
        let named = collective.filter { failure in
            guard let text = failure.error.serverReply?.text else { return false }
            return text.contains("'\(exchange(failure.row))'")
        }
        return individual + (named.isEmpty ? [collective[0]] : named)
    }

    /// Updates the lag and depth gauges and the readiness fact.
    func updateGauges() async throws {
        let rows = try await self.context.client.query(
            """
            SELECT count(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8
            FROM \(identifier: self.context.schema).outbox WHERE sent_at IS NULL AND deliver_at <= now()
            """)
        let (depth, lag) = try rows[0].decode((Int64, Double).self)
        let lagDuration = Duration.milliseconds(Int64(lag * 1000))
        self.context.metrics.outbox(lag: lagDuration, depth: Int(depth))
        self.context.health.setOutboxLag(lagDuration)
    }
}
