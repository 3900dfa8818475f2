import Foundation
public import Messaging
import ServiceRuntime
import Synchronization
import Topology

/// Moves what waits in the parking queues (`<queue>.dlq`, `<queue>.invalid`) into `parked_messages`, so the
/// table is the complete store that `dlq list`, `replay` and `purge` work on.
///
/// A message carrying `x-passerelle-parked-id` whose row exists is only acknowledged (the runtime stored it
/// already). Any other gets a row (``ParkedMessageRow``, inserted by the runtime's own code) plus a `parked`
/// history entry, committed **before** the ack: a failure in between leaves the message in the queue, never
/// lost. Draining a queue stops after the number of messages it held at the start (a passive declare), or
/// when nothing arrives for `idleTimeout`.
///
/// Whatever a message holds, it does not stop the drain: its row is stored sanitised (NUL escaped, long
/// values cut, the error saying what changed; ``ParkedMessageRow/storable()``), else without its properties
/// (``ParkedMessageRow/withoutProperties(because:)``). A message PostgreSQL refuses even then is left
/// unacknowledged — it goes back to its parking queue when the drain ends — and counted in
/// ``Report/unstorable``, while the others are drained.
public struct ParkingDrainer: Sendable {
    /// What one sync did.
    public struct Report: Sendable, Hashable, Codable {
        /// Messages whose row already existed, acknowledged.
        public var acknowledged = 0
        /// Messages stored as new rows.
        public var stored = 0
        /// Messages whose consumer queue already had the same message id parked, acknowledged.
        public var duplicates = 0
        /// Parking queues that do not exist on the broker.
        public var missingQueues: [String] = []
        /// Messages PostgreSQL refused to store even sanitised and without their properties: left in their
        /// parking queue.
        public var unstorable = 0

        /// An empty report.
        public init(
            acknowledged: Int = 0, stored: Int = 0, duplicates: Int = 0, missingQueues: [String] = [], unstorable: Int = 0
        ) {
            self.acknowledged = acknowledged
            self.stored = stored
            self.duplicates = duplicates
            self.missingQueues = missingQueues
            self.unstorable = unstorable
        }

        /// `2 new row(s), 1 already stored, 0 duplicate(s) acknowledged`, and `; 1 could not be stored (left in
        /// its parking queue)` when one could not.
        public var summary: String {
            "\(self.stored) new row(s), \(self.acknowledged) already stored, "
                + "\(self.duplicates) duplicate(s) acknowledged"
                + (self.unstorable > 0 ? "; \(self.unstorable) could not be stored (left in its parking queue)" : "")
        }

        /// Adds `other`'s counts and missing queues to these.
        public mutating func add(_ other: Report) {
            self.acknowledged += other.acknowledged
            self.stored += other.stored
            self.duplicates += other.duplicates
            self.missingQueues += other.missingQueues
            self.unstorable += other.unstorable
        }
    }

    /// The broker connection, on the topology's vhost.
    public let connection: AMQPConnection
    /// The store new rows go to; only services whose schema it holds are drained.
    public let store: ParkedStore
    /// Who drains, for the `parked` history entries.
    public let actor: String
    /// How long a queue may stay silent before its draining stops.
    public var idleTimeout: Duration = .seconds(1)

    /// Creates a drainer; nothing is read until ``drain(services:)``.
    public init(connection: AMQPConnection, store: ParkedStore, actor: String, idleTimeout: Duration = .seconds(1)) {
        self.connection = connection
        self.store = store
        self.actor = actor
        self.idleTimeout = idleTimeout
    }

    /// Drains both parking queues of every consumer queue of the services whose schema has the tables.
    ///
    /// - Throws: ``AMQPError`` or ``PostgresError``; what was committed and acknowledged stays so.
    public func drain(services: [DLQSession.Service]) async throws -> Report {
        var report = Report()
        for service in services where self.store.schemas.contains(service.context) {
            for queue in service.queues {
                for parking in [queue.name + ".dlq", queue.name + ".invalid"] {
                    report.add(
                        try await self.drain(
                            parking, consumerQueue: queue.name, deliveryLimit: queue.deliveryLimit,
                            schema: service.context))
                }
            }
        }
        return report
    }

    /// Drains one parking queue into `schema`; a missing queue is reported, not an error.
    public func drain(_ parkingQueue: String, consumerQueue: String, deliveryLimit: Int?, schema: String) async throws
        -> Report
    {
        let count: Int
        do {
            count = try await self.connection.declareQueue(AMQPQueueSpec(parkingQueue), passive: true).messageCount
        } catch let error as AMQPError where error.replyCode == 404 {
            return Report(missingQueues: [parkingQueue])
        }
        guard count > 0 else { return Report() }
        let consumer = try await self.connection.consume(queue: parkingQueue, prefetch: min(count, 200))
        let progress = DrainProgress()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await delivery in consumer {
                    progress.begin()
                    let outcome = try await self.settle(
                        delivery, parkingQueue: parkingQueue, consumerQueue: consumerQueue,
                        deliveryLimit: deliveryLimit, schema: schema)
                    progress.end(outcome)
                    if progress.report.total >= count { break }
                }
            }
            group.addTask {
                while !progress.isIdle(for: self.idleTimeout) {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await group.next()
            group.cancelAll()
        }
        await consumer.cancel()
        return progress.report.report
    }

    /// Stores (if needed) then acknowledges one delivery; leaves it unacknowledged when it cannot be stored.
    private func settle(
        _ delivery: AMQPDelivery, parkingQueue: String, consumerQueue: String, deliveryLimit: Int?, schema: String
    ) async throws -> DrainProgress.Outcome {
        if let id = RuntimeHeaderValues(delivery.properties).parkedID, try await self.store.exists(id, in: schema) {
            try delivery.ack()
            return .acknowledged
        }
        let record = ParkedMessageRow(
            properties: delivery.properties, body: delivery.body, exchange: delivery.exchange,
            routingKey: delivery.routingKey, consumerQueue: consumerQueue, parkingQueue: parkingQueue,
            deliveryLimit: deliveryLimit)
        let inserted: Bool
        do {
            inserted = try await self.store.insert(record, in: schema, actor: self.actor)
        } catch let refusal where ParkedMessageRow.isContentRefusal(refusal) {
            do {
                inserted = try await self.store.insert(
                    record.withoutProperties(because: refusal), in: schema, actor: self.actor)
            } catch let again where ParkedMessageRow.isContentRefusal(again) {
                return .unstorable
            }
        }
        try delivery.ack()
        return inserted ? .stored : .duplicate
    }
}

/// Shared between the draining task and its idle watchdog.
private final class DrainProgress: Sendable {
    enum Outcome {
        case acknowledged
        case stored
        case duplicate
        case unstorable
    }

    struct Counts {
        var report = ParkingDrainer.Report()
        var total: Int {
            self.report.acknowledged + self.report.stored + self.report.duplicates + self.report.unstorable
        }
    }

    private struct State {
        var counts = Counts()
        var busy = false
        var lastActivity = ContinuousClock.now
    }

    private let state = Mutex(State())

    var report: Counts { self.state.withLock { $0.counts } }

    func begin() {
        self.state.withLock { $0.busy = true }
    }

    func end(_ outcome: Outcome) {
        self.state.withLock { state in
            state.busy = false
            state.lastActivity = .now
            switch outcome {
            case .acknowledged: state.counts.report.acknowledged += 1
            case .stored: state.counts.report.stored += 1
            case .duplicate: state.counts.report.duplicates += 1
            case .unstorable: state.counts.report.unstorable += 1
            }
        }
    }

    /// Whether nothing is being handled and nothing arrived for `timeout`.
    func isIdle(for timeout: Duration) -> Bool {
        self.state.withLock { !$0.busy && ContinuousClock.now - $0.lastActivity >= timeout }
    }
}
