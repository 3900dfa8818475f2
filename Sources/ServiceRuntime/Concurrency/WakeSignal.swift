import Synchronization

/// Wakes a task that waits for work, such as the outbox relay waiting for rows or a worker waiting for notices.
///
/// The semantics are those of an auto-reset event (a binary semaphore):
/// - ``signal()`` wakes one current ``wait(timeout:)``, the one that has waited longest.
/// - A signal that arrives while nobody waits is kept, and the next ``wait(timeout:)`` returns at once.
///   Kept signals do not add up: any number of them count as one wake-up, not as a count of events.
/// - ``wait(timeout:)`` returns at the first signal, when `timeout` has passed on the clock, or as soon as
///   the waiting task is cancelled, whichever comes first. It never throws; it says which one ended it.
/// - Cancellation-safe: a cancelled or timed-out wait leaves nothing behind (no continuation, no timer task)
///   and takes no signal, so a later ``signal()`` goes to the next wait. A signal given to a wait is never
///   lost: if it races with the timeout or with cancellation, the wait reports ``Wake/signalled``.
///
/// ```swift
/// let wake = WakeSignal()
/// // LISTEN task: a NOTIFY means work is there.
/// for try await _ in notifications { wake.signal() }
/// // Worker task: work, then wait for the next notification or poll anyway after 5 s.
/// while !Task.isCancelled {
///     try await self.processDueRows()
///     await wake.wait(timeout: .seconds(5))
/// }
/// ```
public final class WakeSignal: Sendable {
    /// What ended a ``WakeSignal/wait(timeout:)``.
    public enum Wake: Hashable, Sendable {
        /// A signal: sent during the wait, or kept from before it.
        case signalled
        /// The timeout passed without a signal.
        case timedOut
        /// The waiting task was cancelled before a signal came.
        case cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var pending = false
        var nextID: UInt64 = 0
        /// Oldest first.
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())
    private let clock: any Clock<Duration>

    /// Creates a signal with nothing pending.
    ///
    /// - Parameter clock: The clock timeouts are measured on; tests pass a manual clock.
    public init(clock: any Clock<Duration> = ContinuousClock()) {
        self.clock = clock
    }

    /// Wakes the wait that has waited longest, or, when nobody waits, keeps the signal for the next wait.
    ///
    /// Never suspends; safe to call from any thread or task.
    public func signal() {
        let waiter = self.state.withLock { state -> Waiter? in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: true)
    }

    /// Waits for a signal, at most `timeout`.
    ///
    /// Returns at once when a signal is kept from before the call (and takes it), or when the task is already
    /// cancelled (then it leaves a kept signal for the next wait).
    ///
    /// - Parameter timeout: The longest wait, on the signal's clock.
    /// - Returns: What ended the wait.
    @discardableResult
    public func wait(timeout: Duration) async -> Wake {
        if Task.isCancelled { return .cancelled }
        let (signalled, id) = self.state.withLock { state -> (Bool, UInt64) in
            defer { state.nextID &+= 1 }
            guard state.pending else { return (false, state.nextID) }
            state.pending = false
            return (true, state.nextID)
        }
        if signalled { return .signalled }
        return await withTaskGroup(of: Wake.self) { group in
            group.addTask { await self.waitForSignal(id: id) ? .signalled : .cancelled }
            group.addTask {
                do {
                    try await self.clock.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            var wake = await group.next() ?? .cancelled
            group.cancelAll()
            // The other child may have taken a signal meanwhile: report it, so it is not lost.
            for await other in group where other == .signalled {
                wake = .signalled
            }
            return wake
        }
    }

    /// The number of waits waiting for a signal now (for tests).
    var waitingCount: Int {
        self.state.withLock { $0.waiters.count }
    }

    /// Suspends until ``signal()`` picks this waiter (`true`) or the task is cancelled (`false`).
    private func waitForSignal(id: UInt64) async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let outcome = self.state.withLock { state -> Bool? in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    // Checked under the lock: a cancellation handler that ran before this found no waiter.
                    if Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }
}
