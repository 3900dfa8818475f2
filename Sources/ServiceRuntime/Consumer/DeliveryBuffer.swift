import Synchronization

/// Collects deliveries as the transport hands them over, so the pipeline can take everything that is
/// already there (up to a batch) instead of one small hand-over at a time: under load the batches grow by
/// themselves, at low load a message is handled as soon as it arrives.
final class DeliveryBuffer: Sendable {
    private struct State {
        var items: [InboundMessage] = []
        var finished = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Adds a hand-over.
    func append(_ batch: [InboundMessage]) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.items.append(contentsOf: batch)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Marks the end of the deliveries (the consumer stopped), with the error it stopped with, if any.
    func finish(_ failure: (any Error)? = nil) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.finished = true
            state.failure = failure
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Waits for at least one delivery and takes up to `limit` of those present.
    ///
    /// - Returns: The deliveries, or `nil` once the buffer is empty and finished.
    /// - Throws: The error the consumer stopped with, once the buffer is empty.
    func take(limit: Int) async throws -> [InboundMessage]? {
        while true {
            let outcome: Result<[InboundMessage]?, any Error>? = self.state.withLock { state in
                if !state.items.isEmpty {
                    let count = min(limit, state.items.count)
                    let taken = Array(state.items.prefix(count))
                    state.items.removeFirst(count)
                    return .success(taken)
                }
                if state.finished {
                    if let failure = state.failure {
                        return .failure(failure)
                    }
                    return .success(nil)
                }
                return nil
            }
            if let outcome {
                return try outcome.get()
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = self.state.withLock { state -> Bool in
                    if !state.items.isEmpty || state.finished {
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
