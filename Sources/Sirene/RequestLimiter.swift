import Synchronization

/// Makes the calls of one client wait their turn in a shared ``RequestWindow``.
final class RequestLimiter: Sendable {
    private let window: Mutex<RequestWindow>
    private let maxWait: Duration

    init(limit: RateLimit, maxWait: Duration) {
        self.window = Mutex(RequestWindow(limit: limit))
        self.maxWait = maxWait
    }

    /// Waits until the call may start.
    ///
    /// - Returns: How long the call waited.
    /// - Throws: ``SireneError`` `rateLimited` (with the wait it would have needed) when that is over the maximum
    ///   wait; `cancelled` if the task is cancelled while waiting.
    @discardableResult
    func acquire(siret: String) async throws(SireneError) -> Duration {
        let now = ContinuousClock.now
        let decision = self.window.withLock { $0.reserve(now: now, maxWait: self.maxWait) }
        switch decision {
        case .refuse(let wait):
            throw SireneError(
                .rateLimited, "the client's rate limit would hold the call longer than \(self.maxWait)", siret: siret,
                retryAfter: wait)
        case .startAt(let start):
            guard start > now else { return .zero }
            do {
                try await Task.sleep(until: start, clock: .continuous)
            } catch {
                throw SireneError(.cancelled, "cancelled while waiting for the rate limit", siret: siret,
                                  underlying: error)
            }
            return start - now
        }
    }

    /// Holds every later call for `duration` (INSEE answered 429).
    func pause(for duration: Duration) {
        let until = ContinuousClock.now + duration
        self.window.withLock { $0.pause(until: until) }
    }
}
