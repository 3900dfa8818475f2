/// The client-side sliding window, without I/O: when each request may start so that no window of
/// ``RateLimit/window`` holds more than ``RateLimit/requests`` starts, and how long INSEE asked to pause.
struct RequestWindow {
    typealias Instant = ContinuousClock.Instant

    enum Decision: Equatable {
        /// Go at this instant (now, or later: the caller sleeps until then).
        case startAt(Instant)
        /// Starting would mean waiting longer than allowed; nothing was reserved.
        case refuse(retryAfter: Duration)
    }

    let limit: RateLimit
    /// The start of every request that still counts, ascending (some may be in the future).
    private(set) var starts: [Instant] = []
    /// No request starts before this instant (set after a 429).
    private(set) var pausedUntil: Instant?

    init(limit: RateLimit) {
        self.limit = limit
    }

    /// Reserves the earliest start allowed, unless it is more than `maxWait` away.
    mutating func reserve(now: Instant, maxWait: Duration) -> Decision {
        let window = self.limit.window
        self.starts.removeAll { $0 + window <= now }
        var start = now
        if let pausedUntil = self.pausedUntil, pausedUntil > start {
            start = pausedUntil
        }
        if self.starts.count >= self.limit.requests {
            // The request `requests` places back must have left the window.
            start = max(start, self.starts[self.starts.count - self.limit.requests] + self.limit.window)
        }
        let wait = start - now
        guard wait <= maxWait else {
            return .refuse(retryAfter: wait)
        }
        // Starts stay ascending: `start` is at least every earlier start (the pause only moves forward).
        self.starts.append(start)
        return .startAt(start)
    }

    /// Holds every later request until `instant` (never moves an existing pause earlier).
    mutating func pause(until instant: Instant) {
        if let pausedUntil = self.pausedUntil, pausedUntil >= instant {
            return
        }
        self.pausedUntil = instant
    }
}
