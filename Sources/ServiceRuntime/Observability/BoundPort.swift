import Synchronization

/// The port a server bound, published once to any number of waiting tasks.
///
/// It moves from waiting to bound when the listener is up, and to ended when the server stops (or
/// fails to start); a waiter then gets the error instead of a port that no longer answers.
final class BoundPort: Sendable {
    private enum Phase {
        case waiting
        case bound(Int)
        case ended(ServiceRuntimeError)
    }

    private struct State {
        var phase = Phase.waiting
        var waiters: [UInt64: CheckedContinuation<Int, any Error>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Publishes the bound port and wakes every waiter; ignored once bound or ended.
    func resolve(_ port: Int) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting = state.phase else { return [] }
            state.phase = .bound(port)
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(returning: port)
        }
    }

    /// Records that the server stopped: current and later waiters get `error`.
    func end(_ error: ServiceRuntimeError) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            state.phase = .ended(error)
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(throwing: error)
        }
    }

    /// Waits until the port is known.
    func value() async throws -> Int {
        let id = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate = self.state.withLock { state -> Result<Int, any Error>? in
                    switch state.phase {
                    case .bound(let port):
                        return .success(port)
                    case .ended(let error):
                        return .failure(error)
                    case .waiting:
                        // The cancellation handler may already have run, before this waiter existed.
                        if Task.isCancelled {
                            return .failure(CancellationError())
                        }
                        state.waiters[id] = continuation
                        return nil
                    }
                }
                if let immediate {
                    continuation.resume(with: immediate)
                }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
