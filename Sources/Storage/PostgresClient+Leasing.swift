import Logging
import Synchronization

extension PostgresClient {
    /// Borrows a connection: an idle one that is still alive, or a new one, or the next one returned.
    func leaseConnection() async throws -> PostgresConnection {
        while true {
            switch try await self.obtainLease() {
            case .connection(let connection):
                if await connection.checkAlive() {
                    return connection
                }
                self.logger.debug("Discarding a pooled connection that died while idle")
                self.release(connection, reusable: false)
            case .openSlot:
                return try await self.openConnection()
            }
        }
    }

    /// Returns a borrowed connection; it is closed instead of kept when it is no longer reusable.
    func release(_ connection: PostgresConnection, reusable: Bool? = nil) {
        let reusable = reusable ?? connection.isReusable
        let (effects, waiter) = self.state.withLock { state in
            let effects = state.pool.release(connection, reusable: reusable)
            return (effects, effects.resume.flatMap { state.waiters.removeValue(forKey: $0.waiter) })
        }
        if let closing = effects.close {
            closing.closeInBackground()
        }
        if let waiter, let lease = effects.resume?.lease {
            waiter.resume(returning: lease)
        }
    }

    private func obtainLease() async throws -> Pool.Lease {
        if let action = self.state.withLock({ $0.pool.tryAcquire() }) {
            return try Self.lease(from: action)
        }
        let waiterID = self.state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        let timeout = self.configuration.options.acquireTimeout
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled {
                    let error = PostgresError(
                        .poolTimeout, operation: "acquire connection",
                        message: "no connection became free within \(timeout)")
                    self.failWaiter(waiterID, with: error)
                }
            }
            defer { group.cancelAll() }
            return try await self.waitForLease(waiterID)
        }
    }

    private func waitForLease(_ waiterID: Int) async throws -> Pool.Lease {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Pool.Lease, any Error>) in
                let action = self.state.withLock { state -> Pool.AcquireAction? in
                    guard !Task.isCancelled else { return nil }
                    let action = state.pool.acquire(waiter: waiterID)
                    if case .wait = action {
                        state.waiters[waiterID] = continuation
                    }
                    return action
                }
                switch action {
                case .none:
                    continuation.resume(throwing: CancellationError())
                case .wait:
                    break
                case .some(let action):
                    continuation.resume(with: Result { try Self.lease(from: action) })
                }
            }
        } onCancel: {
            self.failWaiter(waiterID, with: CancellationError())
        }
    }

    private func failWaiter(_ waiterID: Int, with error: any Error) {
        let waiter = self.state.withLock { state in
            state.pool.removeWaiter(waiterID) ? state.waiters.removeValue(forKey: waiterID) : nil
        }
        waiter?.resume(throwing: error)
    }

    private func openConnection() async throws -> PostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: self.configuration, logger: self.logger)
        } catch {
            let (effects, waiter) = self.state.withLock { state in
                let effects = state.pool.openFailed()
                return (effects, effects.resume.flatMap { state.waiters.removeValue(forKey: $0.waiter) })
            }
            if let waiter, let lease = effects.resume?.lease {
                waiter.resume(returning: lease)
            }
            throw error
        }
        guard self.state.withLock({ $0.pool.opened(connection) }) else {
            connection.closeInBackground()
            throw Self.closedError()
        }
        return connection
    }

    private static func lease(from action: Pool.AcquireAction) throws -> Pool.Lease {
        switch action {
        case .lease(let lease): return lease
        case .closed: throw Self.closedError()
        case .wait: preconditionFailure("a non-waiting acquire never answers .wait")
        }
    }

    /// The pool's counts, for tests and diagnostics.
    var poolCounts: (total: Int, idle: Int, waiters: Int) {
        self.state.withLock { ($0.pool.total, $0.pool.idleCount, $0.pool.waiterCount) }
    }
}
