import Foundation
import Synchronization

/// The live figures of one bridge direction, read by `GET /bridge/status` and `/metrics`.
public final class BridgeStats: Sendable {
    /// What the direction is doing.
    public enum State: String, Sendable, Codable {
        case connecting, running, paused, failing
    }

    /// A snapshot, as `passerelle bridge status --json` prints it.
    public struct Snapshot: Sendable, Codable, Hashable {
        public var partner: String
        public var direction: String
        public var state: String
        public var sourceQueue: String
        /// Messages waiting in the source queue (ready, not yet delivered), at the last sample.
        public var backlog: Int?
        /// Delivered to the bridge, not yet confirmed by the destination.
        public var inFlight: Int
        public var forwarded: Int
        public var quarantined: Int
        /// Redeliveries settled without sending again (already confirmed or in flight).
        public var duplicatesAbsorbed: Int
        /// Publishes retried after a destination failure.
        public var retries: Int
        /// Forwarded per second over the last sampling period.
        public var ratePerSecond: Double
        public var lastError: String?
        public var lastErrorAt: Date?
        public var lastRefusal: String?
        public var sourceConnection: String?
        public var destinationConnection: String?
    }

    private let snapshot: Mutex<Snapshot>

    init(partner: String, direction: BridgeDirection, sourceQueue: String) {
        self.snapshot = Mutex(Snapshot(
            partner: partner, direction: direction.rawValue, state: State.connecting.rawValue, sourceQueue: sourceQueue,
            backlog: nil, inFlight: 0, forwarded: 0, quarantined: 0, duplicatesAbsorbed: 0, retries: 0,
            ratePerSecond: 0, lastError: nil, lastErrorAt: nil, lastRefusal: nil, sourceConnection: nil,
            destinationConnection: nil))
    }

    public var current: Snapshot { self.snapshot.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) {
        self.snapshot.withLock { body(&$0) }
    }

    func set(_ state: State) {
        self.update { $0.state = state.rawValue }
    }

    func fail(_ message: String) {
        self.update {
            $0.lastError = message
            $0.lastErrorAt = Date()
        }
    }
}
