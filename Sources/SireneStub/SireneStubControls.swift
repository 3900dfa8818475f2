import Sirene
import Synchronization

/// What a test changes while the stub runs: a forced outage, the rate limit, a delay; and what it counts.
public final class SireneStubControls: Sendable {
    /// What the stub does with one authorised request.
    enum Admission: Equatable {
        case serve(delay: Duration?)
        case rateLimited(retryAfterSeconds: Int)
    }

    private struct State {
        var unavailable = false
        var rateLimit: RateLimit?
        var delay: Duration?
        var windowStart: ContinuousClock.Instant?
        var inWindow = 0
        var requests = 0
    }

    private let state: Mutex<State>

    init(rateLimit: RateLimit?) {
        self.state = Mutex(State(rateLimit: rateLimit))
    }

    /// While on, every request is answered 503.
    public func setUnavailable(_ unavailable: Bool) {
        self.state.withLock { $0.unavailable = unavailable }
    }

    /// After `limit.requests` authorised requests in a fixed window of `limit.window`, answer 429 with
    /// `Retry-After` until the window ends; nil lifts the limit. Starts a new window.
    public func setRateLimit(_ limit: RateLimit?) {
        self.state.withLock {
            $0.rateLimit = limit
            $0.windowStart = nil
            $0.inWindow = 0
        }
    }

    /// Holds every answer this long (to make a client time out); nil for none.
    public func setDelay(_ delay: Duration?) {
        self.state.withLock { $0.delay = delay }
    }

    /// The requests received so far, whatever their answer.
    public var requestCount: Int {
        self.state.withLock { $0.requests }
    }

    /// Counts a request; true when the stub is forced unavailable.
    func receive() -> Bool {
        self.state.withLock { state in
            state.requests += 1
            return state.unavailable
        }
    }

    /// Applies the rate limit to an authorised request.
    func admit(now: ContinuousClock.Instant = .now) -> Admission {
        self.state.withLock { state in
            guard let limit = state.rateLimit else { return .serve(delay: state.delay) }
            if let start = state.windowStart, now - start < limit.window {
                state.inWindow += 1
            } else {
                state.windowStart = now
                state.inWindow = 1
            }
            guard state.inWindow > limit.requests, let start = state.windowStart else {
                return .serve(delay: state.delay)
            }
            let remaining = limit.window - (now - start)
            let (seconds, attoseconds) = remaining.components
            return .rateLimited(retryAfterSeconds: max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0)))
        }
    }
}
