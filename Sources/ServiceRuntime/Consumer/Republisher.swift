import Foundation
import Logging
import Messaging
import Synchronization

/// Publishes the consumer's own copy of a delivery — to a delay level (``Path/retry``) or a parking queue
/// (``Path/parking``) — with a confirm, and settles the delivery only once the broker took the copy.
///
/// - While the broker is unreachable (connection lost, not connected, confirm timeout), the copy is tried
///   again in place, as every other publish and handler would fail too.
/// - When the broker **refuses** the copy (a nack, a return because nothing is bound to the parking or
///   retry routing key, a channel error such as 403 or 404), the delivery is held: it stays
///   unacknowledged while a background task publishes the copy again with a capped, jittered exponential
///   back-off (``RepublishPolicy``); the pipeline goes on with the other deliveries at once. Each refusal
///   counts in `passerelle_republish_refused_total{queue, path}`; the first of a streak (per destination)
///   is logged at `critical`, the end of a streak at `notice`. Once the copy is taken, the delivery is
///   settled as usual. After ``RepublishPolicy/holdLimit`` it is given back to its queue (nack with
///   requeue) instead, so the broker never times the consumer out. Nothing is dropped either way.
///
/// Held deliveries use the queue's prefetch window: when every copy is refused, at most prefetch
/// deliveries are held and consumption waits for them.
final class Republisher: Sendable {
    /// Which copy.
    enum Path: String, Sendable {
        /// To a broker delay level, through the service's retry exchange.
        case retry
        /// To `<queue>.dlq` or `<queue>.invalid`, through the service's retry exchange.
        case parking
    }

    private enum Outcome {
        case taken
        case refused(AMQPError)
        case unavailable(AMQPError)
    }

    /// One held delivery, settled once: by its background task, or given back by ``releaseHeld()``.
    private final class Held: Sendable {
        let delivery: InboundMessage
        private let claimed = Mutex(false)

        init(_ delivery: InboundMessage) {
            self.delivery = delivery
        }

        /// Whether this caller is the one to settle it.
        func claim() -> Bool {
            self.claimed.withLock { claimed in
                defer { claimed = true }
                return !claimed
            }
        }
    }

    private struct State {
        /// Consecutive refusals per destination (`exchange/routing key`).
        var streaks: [String: Int] = [:]
        var held: [UUID: (held: Held, task: Task<Void, Never>)] = [:]
    }

    let context: RuntimeContext
    let queue: String
    let policy: RepublishPolicy
    private let state = Mutex(State())

    init(context: RuntimeContext, queue: String, policy: RepublishPolicy) {
        self.context = context
        self.queue = queue
        self.policy = policy
    }

    /// Publishes `copy` and runs `settle` (which acknowledges `delivery`) once the broker took it.
    ///
    /// - Returns: `true` when the copy was taken and `settle` ran; `false` when the broker refused it and the
    ///   delivery is held (`settle` runs later, if the copy is taken within the hold limit).
    /// - Throws: `CancellationError` while the broker is unreachable and the task is cancelled.
    @discardableResult
    func publish(
        _ copy: AMQPOutboundMessage, path: Path, for delivery: InboundMessage, settle: @escaping @Sendable () -> Void
    ) async throws -> Bool {
        // The broker stamps the copy with the service's own user: the original validated sender travels in
        // a header, which only copies the service itself publishes can carry (ActorToken.senderHeader).
        var copy = copy
        copy.properties = ActorToken.forwarding(delivery.properties, ownUser: self.context.ownUser).merging(into: copy.properties)
        var pause: Duration = .milliseconds(100)
        while true {
            try Task.checkCancellation()
            switch await self.attempt(copy, path: path) {
            case .taken:
                settle()
                return true
            case .refused:
                self.hold(copy, path: path, delivery: delivery, settle: settle)
                return false
            case .unavailable(let error):
                self.context.logger.warning(
                    "publish to \(copy.exchange) failed, will retry",
                    metadata: ["routing.key": "\(copy.routingKey)", "error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// Stops the background retries and gives their deliveries back to the queue (the consumer stopped).
    func releaseHeld() {
        let held = self.state.withLock { state in
            defer { state.held.removeAll() }
            return Array(state.held.values)
        }
        for (entry, task) in held {
            task.cancel()
            if entry.claim() {
                try? entry.delivery.reject(requeue: true)
            }
        }
    }

    /// Whether the broker refused the message itself, as opposed to being out of reach.
    static func isRefusal(_ error: AMQPError) -> Bool {
        switch error.code {
        case .connectionFailed, .authenticationFailed, .tlsFailed, .connectionLost, .heartbeatTimeout,
            .connectionClosedByServer, .timeout, .notConnected, .closed:
            return false
        default:
            return true
        }
    }

    private func hold(
        _ copy: AMQPOutboundMessage, path: Path, delivery: InboundMessage, settle: @escaping @Sendable () -> Void
    ) {
        let key = UUID()
        let held = Held(delivery)
        self.state.withLock { state in
            let task = Task {
                await self.retry(copy, path: path, held: held, settle: settle)
                self.state.withLock { _ = $0.held.removeValue(forKey: key) }
            }
            state.held[key] = (held, task)
        }
    }

    private func retry(
        _ copy: AMQPOutboundMessage, path: Path, held: Held, settle: @escaping @Sendable () -> Void
    ) async {
        let deadline = ContinuousClock.now + self.policy.holdLimit
        var refusals = 1
        while !Task.isCancelled {
            let remaining = deadline - .now
            guard remaining > .zero else { break }
            do {
                try await Task.sleep(for: min(self.policy.pause(after: refusals), remaining))
            } catch {
                return
            }
            guard ContinuousClock.now < deadline else { break }
            switch await self.attempt(copy, path: path) {
            case .taken:
                if held.claim() { settle() }
                return
            case .refused:
                refusals += 1
            case .unavailable:
                continue
            }
        }
        guard !Task.isCancelled, held.claim() else { return }
        do {
            try held.delivery.reject(requeue: true)
            self.context.logger.error(
                "the broker kept refusing the \(path.rawValue) copy; the delivery goes back to \(self.queue)",
                metadata: ["routing.key": "\(copy.routingKey)", "refusals": "\(refusals)"])
        } catch {
            self.context.logger.debug("giving back a held delivery failed; the broker delivers it again", metadata: ["error": "\(error)"])
        }
    }

    private func attempt(_ copy: AMQPOutboundMessage, path: Path) async -> Outcome {
        let destination = "\(copy.exchange)/\(copy.routingKey)"
        switch await self.context.transport.publish([copy])[0] {
        case .success(let confirmation):
            self.context.metrics.confirmLatency(confirmation.latency)
            let ended = self.state.withLock { $0.streaks.removeValue(forKey: destination) }
            if let ended {
                self.context.logger.notice(
                    "the broker takes the \(path.rawValue) copies to \(destination) again",
                    metadata: ["consumer.queue": "\(self.queue)", "refusals": "\(ended)"])
            }
            return .taken
        case .failure(let error) where Self.isRefusal(error):
            self.context.metrics.republishRefused(queue: self.queue, path: path.rawValue)
            let streak = self.state.withLock { state -> Int in
                state.streaks[destination, default: 0] += 1
                return state.streaks[destination] ?? 1
            }
            if streak == 1 {
                self.context.logger.critical(
                    "the broker refuses the \(path.rawValue) copies to \(destination): their deliveries are held and retried",
                    metadata: ["consumer.queue": "\(self.queue)", "error": "\(error)"])
            } else {
                self.context.logger.debug(
                    "\(path.rawValue) copy refused again", metadata: ["routing.key": "\(copy.routingKey)", "error": "\(error)"])
            }
            return .refused(error)
        case .failure(let error):
            return .unavailable(error)
        }
    }
}
