/// The connect / lose / reconnect cycle of one connection, with no I/O.
///
/// The connection thread feeds it events and carries out the action it returns. Each successful
/// (re)connect starts a new *epoch*: deliveries carry the epoch they arrived in, so an ack for a
/// delivery from an earlier epoch is never sent on the new connection (its tag would be unknown there,
/// a 406 that closes the channel).
struct RecoveryStateMachine {
    enum State: Equatable {
        /// A connect attempt is running; `attempt` counts the failed attempts before it.
        case connecting(attempt: Int)
        /// Connected, in the given epoch.
        case open(epoch: Int)
        /// Waiting until `until` before attempt `attempt`.
        case waiting(attempt: Int, until: ContinuousClock.Instant)
        /// Closed by the owner, or given up.
        case closed
    }

    enum Action: Equatable {
        /// Nothing to do.
        case none
        /// Open a new connection now.
        case connect
        /// The connection is back: reopen channels, restore qos and confirm mode, re-consume, re-send.
        case restore(epoch: Int)
        /// Wait, then call ``tick(now:)``.
        case wait(until: ContinuousClock.Instant)
        /// Stop trying: fail everything that waits for the connection.
        case giveUp
    }

    /// Starts open in epoch 1: the first connect is made by the caller, who sees its error directly.
    private(set) var state: State = .open(epoch: 1)
    private(set) var epoch = 1
    let backoff: ReconnectBackoff

    init(backoff: ReconnectBackoff) {
        self.backoff = backoff
    }

    /// A connect attempt succeeded.
    mutating func connected() -> Action {
        guard case .connecting = self.state else { return .none }
        self.epoch += 1
        self.state = .open(epoch: self.epoch)
        return .restore(epoch: self.epoch)
    }

    /// A connect attempt failed.
    mutating func connectFailed(now: ContinuousClock.Instant, generator: inout some RandomNumberGenerator) -> Action {
        guard case .connecting(let attempt) = self.state else { return .none }
        return self.scheduleAttempt(attempt + 1, now: now, generator: &generator)
    }

    /// The open connection broke.
    mutating func connectionLost(now: ContinuousClock.Instant, generator: inout some RandomNumberGenerator) -> Action {
        guard case .open = self.state else { return .none }
        return self.scheduleAttempt(0, now: now, generator: &generator)
    }

    /// Time passed; starts the next attempt when its wait is over.
    mutating func tick(now: ContinuousClock.Instant) -> Action {
        guard case .waiting(let attempt, let until) = self.state else { return .none }
        guard now >= until else { return .wait(until: until) }
        self.state = .connecting(attempt: attempt)
        return .connect
    }

    /// The owner closed the connection.
    mutating func close() {
        self.state = .closed
    }

    private mutating func scheduleAttempt(
        _ attempt: Int,
        now: ContinuousClock.Instant,
        generator: inout some RandomNumberGenerator
    ) -> Action {
        guard let delay = self.backoff.delay(forAttempt: attempt, using: &generator) else {
            self.state = .closed
            return .giveUp
        }
        let until = now.advanced(by: delay)
        self.state = .waiting(attempt: attempt, until: until)
        return .wait(until: until)
    }
}
