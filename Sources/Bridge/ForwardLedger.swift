import Synchronization

/// The messages (with their source deliveries) a bridge direction has in flight or has recently forwarded, by CloudEvents id, so that a
/// source redelivery (after the source connection was lost with confirms pending) is settled without being
/// sent twice: an id still in flight waits for its confirm, an id already confirmed is acknowledged at once.
///
/// Confirmed ids are remembered up to ``capacity`` (oldest forgotten first); beyond that a redelivery is sent
/// again, and the receiver's inbox absorbs it.
final class ForwardLedger<Delivery: Sendable>: Sendable {
    /// What to do with a delivery.
    enum Admission: Equatable {
        /// Not seen: forward it.
        case forward
        /// Already confirmed at the destination: acknowledge it now.
        case alreadyConfirmed
        /// The same message is in flight: its confirm settles this delivery too.
        case joinedInFlight
    }

    private struct State {
        var inFlight: [String: [Delivery]] = [:]
        var confirmed: Set<String> = []
        var order: [String] = []
        var head = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func admit(_ id: String, delivery: Delivery) -> Admission {
        self.state.withLock { state in
            if state.confirmed.contains(id) { return .alreadyConfirmed }
            if state.inFlight[id] != nil {
                state.inFlight[id]!.append(delivery)
                return .joinedInFlight
            }
            state.inFlight[id] = [delivery]
            return .forward
        }
    }

    /// Records the destination's confirm and returns every delivery it settles.
    func confirmed(_ id: String) -> [Delivery] {
        self.state.withLock { state in
            let deliveries = state.inFlight.removeValue(forKey: id) ?? []
            if state.confirmed.insert(id).inserted {
                state.order.append(id)
                if state.order.count - state.head > self.capacity {
                    state.confirmed.remove(state.order[state.head])
                    state.head += 1
                    if state.head > self.capacity {
                        state.order.removeFirst(state.head)
                        state.head = 0
                    }
                }
            }
            return deliveries
        }
    }

    /// Forgets an in-flight id (its source connection is gone: the deliveries come back and are admitted again).
    func abandon(_ id: String) {
        _ = self.state.withLock { $0.inFlight.removeValue(forKey: id) }
    }

    var inFlightCount: Int { self.state.withLock { $0.inFlight.count } }
}
