import Synchronization

/// Pauses consumption while failures come in a burst, instead of sending every message down the retry
/// ladder to the parking queue.
///
/// - One infrastructure failure (the database or the broker is unavailable) opens it at once.
/// - `transientThreshold` transient failures within `window` open it too (a dependency is down).
/// - While open, the pipeline handles nothing; after the cool-down it lets one message through
///   (half-open): success closes the breaker, failure re-opens it with a doubled cool-down.
public final class CircuitBreaker: Sendable {
    /// The breaker's tuning.
    public struct Settings: Sendable {
        /// Transient failures within ``window`` that open the breaker. Default 10.
        public var transientThreshold = 10
        /// The window those failures are counted in. Default 10 s.
        public var window: Duration = .seconds(10)
        /// The first cool-down. Default 500 ms.
        public var initialCooldown: Duration = .milliseconds(500)
        /// The longest cool-down. Default 15 s.
        public var maxCooldown: Duration = .seconds(15)
        /// Creates the default settings.
        public init() {}
    }

    /// The breaker's state.
    public enum State: Sendable, Equatable {
        /// Messages flow.
        case closed
        /// Nothing is handled until the instant (`ContinuousClock`).
        case open(until: ContinuousClock.Instant)
        /// One message is being tried.
        case halfOpen
    }

    private struct Storage {
        var state: State = .closed
        var cooldown: Duration
        var recentFailures: [ContinuousClock.Instant] = []
        var openings = 0
    }

    private let settings: Settings
    private let storage: Mutex<Storage>
    private let onChange: @Sendable (Bool) -> Void

    /// Creates a closed breaker.
    ///
    /// - Parameters:
    ///   - settings: The tuning.
    ///   - onChange: Called with `true` when it opens and `false` when it closes (for a metric).
    public init(settings: Settings = Settings(), onChange: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.settings = settings
        self.storage = Mutex(Storage(cooldown: settings.initialCooldown))
        self.onChange = onChange
    }

    /// The current state.
    public var state: State { self.storage.withLock { $0.state } }

    /// How many times it opened.
    public var openings: Int { self.storage.withLock { $0.openings } }

    /// Waits until a message may be handled (returns at once when closed).
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func waitUntilPermitted() async throws {
        while true {
            let wait: Duration? = self.storage.withLock { storage in
                switch storage.state {
                case .closed, .halfOpen:
                    return nil
                case .open(let until):
                    let now = ContinuousClock.now
                    if now >= until {
                        storage.state = .halfOpen
                        return nil
                    }
                    return until - now
                }
            }
            guard let wait else { return }
            try await Task.sleep(for: min(wait, .milliseconds(250)))
        }
    }

    /// Records a success: the breaker closes and the cool-down resets.
    public func recordSuccess() {
        let changed = self.storage.withLock { storage -> Bool in
            let wasOpen = storage.state != .closed
            storage.state = .closed
            storage.cooldown = self.settings.initialCooldown
            storage.recentFailures.removeAll()
            return wasOpen
        }
        if changed { self.onChange(false) }
    }

    /// Records an infrastructure failure: the breaker opens.
    public func recordInfrastructureFailure() {
        self.open()
    }

    /// Records a transient failure: the breaker opens once there are enough of them in the window, or at
    /// once when it was half-open.
    ///
    /// - Returns: Whether the breaker is now open (the message should wait rather than use an attempt).
    @discardableResult
    public func recordTransientFailure() -> Bool {
        let shouldOpen = self.storage.withLock { storage -> Bool in
            if storage.state == .halfOpen { return true }
            let now = ContinuousClock.now
            storage.recentFailures.append(now)
            storage.recentFailures.removeAll { now - $0 > self.settings.window }
            return storage.recentFailures.count >= self.settings.transientThreshold
        }
        if shouldOpen { self.open() }
        return shouldOpen
    }

    private func open() {
        let opened = self.storage.withLock { storage -> Bool in
            let wasClosed = storage.state == .closed
            if storage.state == .halfOpen {
                storage.cooldown = min(storage.cooldown * 2, self.settings.maxCooldown)
            }
            if case .open = storage.state {
                return false
            }
            storage.state = .open(until: .now + storage.cooldown)
            storage.openings += 1
            return wasClosed
        }
        if opened { self.onChange(true) }
    }
}
