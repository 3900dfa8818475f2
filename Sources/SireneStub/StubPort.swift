import Synchronization

/// The port the stub bound, published once to any number of waiting tasks.
final class StubPort: Sendable {
    private enum Phase {
        case waiting
        case bound(Int)
        case ended(any Error)
    }

    private struct State {
        var phase = Phase.waiting
        var waiters: [UInt64: CheckedContinuation<Int, any Error>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Publishes the port; ignored once bound or ended.
    func resolve(_ port: Int) {
        self.finish(.success(port))
    }

    /// Records that the server stopped or failed: waiters get `error`.
    func end(_ error: any Error) {
        self.finish(.failure(error))
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
                    case .bound(let port): return .success(port)
                    case .ended(let error): return .failure(error)
                    case .waiting:
                        if Task.isCancelled { return .failure(CancellationError()) }
                        state.waiters[id] = continuation
                        return nil
                    }
                }
                immediate.map { continuation.resume(with: $0) }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func finish(_ result: Result<Int, any Error>) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            switch (state.phase, result) {
            case (.waiting, .success(let port)):
                state.phase = .bound(port)
            case (_, .failure(let error)):
                state.phase = .ended(error)
            default:
                return []
            }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(with: result)
        }
    }
}
