import Synchronization

/// Source deliveries whose messages the destination confirmed, acknowledged together once per burst of
/// confirms (one hand-over to the source's connection thread) rather than one by one.
final class AckBuffer<Delivery: Sendable>: Sendable {
    private struct State {
        var deliveries: [Delivery] = []
        var confirmed = 0
        var scheduled = false
    }

    private let state = Mutex(State())

    /// Adds the deliveries one confirm settles.
    ///
    /// - Returns: `true` when no flush is scheduled yet: the caller schedules one.
    func add(_ deliveries: [Delivery]) -> Bool {
        self.state.withLock { state in
            state.deliveries += deliveries
            state.confirmed += 1
            defer { state.scheduled = true }
            return !state.scheduled
        }
    }

    /// Takes everything added since the last flush.
    func take() -> (deliveries: [Delivery], confirmed: Int) {
        self.state.withLock { state in
            defer {
                state.deliveries.removeAll(keepingCapacity: true)
                state.confirmed = 0
                state.scheduled = false
            }
            return (state.deliveries, state.confirmed)
        }
    }
}
