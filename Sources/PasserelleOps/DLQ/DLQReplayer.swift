public import ContractMessaging
import Foundation
public import Messaging

/// Replays parked messages: validate against the contract, publish with a confirm, and only then mark the
/// row `replayed` with a history entry. Publishes are spaced to at most `rate` per second.
public struct DLQReplayer: Sendable {
    /// The outcome for one row.
    public struct Result: Sendable, Hashable, Encodable {
        /// What happened to the row.
        public enum Outcome: String, Sendable, Hashable, Encodable {
            /// Published, confirmed, and marked `replayed`.
            case replayed
            /// The contract no longer accepts the body, or the row cannot be rebuilt.
            case refused
            /// The publish failed, or the row was no longer parked.
            case failed
        }

        /// The row's id, lower case.
        public var id: String
        /// The service (schema) the row belongs to.
        public var service: String
        /// The row's message type, whose contract the body was checked against.
        public var messageType: String?
        /// Replayed, refused by the contract, or failed.
        public var outcome: Outcome
        /// Where it went (`exchange / routing key`), or why it did not.
        public var detail: String
    }

    /// The rows' store, where replays are recorded.
    public let store: ParkedStore
    /// A confirming publisher on the topology's vhost.
    public let publisher: AMQPPublisher
    /// The contracts bodies are checked against.
    public let catalog: MessageCatalog
    /// Who replays, for the history.
    public let actor: String
    /// Messages per second.
    public var rate: Double = 50
    /// Called after each message with (done, total).
    public var progress: @Sendable (Int, Int) -> Void = { _, _ in }

    /// Creates a replayer; nothing is sent until ``replay(_:editedBody:)``.
    public init(
        store: ParkedStore, publisher: AMQPPublisher, catalog: MessageCatalog, actor: String, rate: Double = 50,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) {
        self.store = store
        self.publisher = publisher
        self.catalog = catalog
        self.actor = actor
        self.rate = rate
        self.progress = progress
    }

    /// Replays `messages` in order.
    ///
    /// - Parameters:
    ///   - messages: The rows (rows not `parked` are reported as failed).
    ///   - editedBody: A replacement body (only with one message, from `--edit`).
    /// - Returns: One result per row.
    /// - Throws: `CancellationError` while pacing; a failed row is a result, not an error.
    public func replay(_ messages: [ParkedMessage], editedBody: [UInt8]? = nil) async throws -> [Result] {
        var pacer = ReplayPacer(rate: self.rate)
        var results: [Result] = []
        for (index, message) in messages.enumerated() {
            if message.status != "parked" {
                results.append(Self.result(message, .failed, "status is \(message.status), not parked"))
            } else {
                try await pacer.wait()
                results.append(await self.replay(message, editedBody: editedBody))
            }
            self.progress(index + 1, messages.count)
        }
        return results
    }

    private func replay(_ message: ParkedMessage, editedBody: [UInt8]?) async -> Result {
        let body = editedBody ?? Array(message.body)
        let outbound: AMQPOutboundMessage
        do {
            try ReplayMessage.validate(body, type: message.messageType, catalog: self.catalog)
            outbound = try ReplayMessage.outbound(for: message, body: body)
        } catch {
            return Self.result(message, .refused, "\(error)")
        }
        let destination = "\(outbound.exchange) / \(outbound.routingKey)"
        do {
            _ = try await self.publisher.publish(outbound)
        } catch {
            return Self.result(message, .failed, "publish to \(destination): \(error)")
        }
        do {
            let marked = try await self.store.markReplayed(
                message, actor: self.actor, destination: destination, editedBody: editedBody)
            guard marked else {
                return Self.result(message, .failed, "published to \(destination), but the row was no longer parked")
            }
        } catch {
            return Self.result(message, .failed, "published to \(destination), but marking it failed: \(error)")
        }
        return Self.result(message, .replayed, destination)
    }

    private static func result(_ message: ParkedMessage, _ outcome: Result.Outcome, _ detail: String) -> Result {
        Result(
            id: message.id.uuidString.lowercased(), service: message.service, messageType: message.messageType,
            outcome: outcome, detail: detail)
    }
}

/// Spaces calls `1 / rate` seconds apart (the first one goes at once).
public struct ReplayPacer: Sendable {
    /// The time between two calls.
    public let interval: Duration
    private var next: ContinuousClock.Instant?

    /// Creates a pacer for `rate` calls per second (at least one per 1000 s).
    public init(rate: Double) {
        self.interval = .nanoseconds(Int64((1_000_000_000 / max(rate, 0.001)).rounded()))
    }

    /// Waits until the next slot, then books the one after it.
    public mutating func wait() async throws {
        let now = ContinuousClock.now
        if let next = self.next, next > now {
            try await Task.sleep(until: next, clock: .continuous)
        }
        self.next = max(now, self.next ?? now).advanced(by: self.interval)
    }
}
