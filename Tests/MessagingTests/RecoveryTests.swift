import Testing

@testable import Messaging

/// A repeatable random source for back-off tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ReconnectBackoffTests {
    @Test func stepsDoubleUpToTheMaximum() {
        let backoff = ReconnectBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        #expect(backoff.step(forAttempt: 0) == .milliseconds(500))
        #expect(backoff.step(forAttempt: 1) == .seconds(1))
        #expect(backoff.step(forAttempt: 3) == .seconds(4))
        #expect(backoff.step(forAttempt: 6) == .seconds(30))
        #expect(backoff.step(forAttempt: 1_000) == .seconds(30))
    }

    @Test func jitterStaysBetweenHalfAndTheFullStep() {
        let backoff = ReconnectBackoff()
        var generator = SeededGenerator(state: 42)
        var delays: Set<Duration> = []
        for attempt in 0..<8 {
            for _ in 0..<50 {
                let delay = try! #require(backoff.delay(forAttempt: attempt, using: &generator))
                let step = backoff.step(forAttempt: attempt)
                #expect(delay >= step / 2 && delay <= step)
                delays.insert(delay)
            }
        }
        #expect(delays.count > 300, "delays must be spread, not identical")
    }

    @Test func givesUpAfterMaxAttempts() {
        let backoff = ReconnectBackoff(maxAttempts: 2)
        var generator = SeededGenerator(state: 1)
        #expect(backoff.delay(forAttempt: 1, using: &generator) != nil)
        #expect(backoff.delay(forAttempt: 2, using: &generator) == nil)
    }
}

@Suite struct RecoveryStateMachineTests {
    @Test func lossWaitsThenReconnectsAndStartsANewEpoch() {
        var machine = RecoveryStateMachine(backoff: ReconnectBackoff())
        var generator = SeededGenerator(state: 7)
        let start = ContinuousClock.now
        guard case .wait(let until) = machine.connectionLost(now: start, generator: &generator) else {
            Issue.record("a loss must schedule a wait")
            return
        }
        #expect(until > start)
        #expect(machine.tick(now: start) == .wait(until: until))
        #expect(machine.tick(now: until) == .connect)
        #expect(machine.connected() == .restore(epoch: 2))
        #expect(machine.state == .open(epoch: 2))
    }

    @Test func failedAttemptsBackOffFurther() {
        var machine = RecoveryStateMachine(backoff: ReconnectBackoff(initial: .seconds(1), maximum: .seconds(60)))
        var generator = SeededGenerator(state: 9)
        var now = ContinuousClock.now
        var waits: [Duration] = []
        guard case .wait(var until) = machine.connectionLost(now: now, generator: &generator) else { return }
        for _ in 0..<4 {
            waits.append(now.duration(to: until))
            now = until
            #expect(machine.tick(now: now) == .connect)
            guard case .wait(let next) = machine.connectFailed(now: now, generator: &generator) else {
                Issue.record("a failed attempt must schedule another")
                return
            }
            until = next
        }
        // Attempt n waits within [2^n / 2, 2^n] seconds.
        for (attempt, wait) in waits.enumerated() {
            let step = Duration.seconds(1 << attempt)
            #expect(wait >= step / 2 && wait <= step)
        }
    }

    @Test func exhaustedAttemptsGiveUpAndClose() {
        var machine = RecoveryStateMachine(backoff: ReconnectBackoff(maxAttempts: 1))
        var generator = SeededGenerator(state: 3)
        let now = ContinuousClock.now
        guard case .wait(let until) = machine.connectionLost(now: now, generator: &generator) else { return }
        #expect(machine.tick(now: until) == .connect)
        #expect(machine.connectFailed(now: until, generator: &generator) == .giveUp)
        #expect(machine.state == .closed)
    }

    @Test func disabledRecoveryGivesUpAtOnce() {
        var machine = RecoveryStateMachine(backoff: ReconnectBackoff(maxAttempts: 0))
        var generator = SeededGenerator(state: 3)
        #expect(machine.connectionLost(now: .now, generator: &generator) == .giveUp)
    }

    @Test func eventsOutOfOrderAreIgnored() {
        var machine = RecoveryStateMachine(backoff: ReconnectBackoff())
        var generator = SeededGenerator(state: 5)
        #expect(machine.connected() == .none)
        #expect(machine.tick(now: .now) == .none)
        #expect(machine.connectFailed(now: .now, generator: &generator) == .none)
        machine.close()
        #expect(machine.connectionLost(now: .now, generator: &generator) == .none)
    }
}
