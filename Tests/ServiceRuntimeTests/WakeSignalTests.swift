import Testing

@testable import ServiceRuntime

/// ``WakeSignal``: kept signals, timeouts on an injected clock, one wake per signal, cancellation.
@Suite(.timeLimit(.minutes(1)))
struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitIsKeptAndReturnsAtOnce() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        wake.signal()
        #expect(await wake.wait(timeout: .seconds(3600)) == .signalled)
        #expect(clock.sleeperCount == 0)
    }

    @Test func keptSignalsDoNotAddUp() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        wake.signal()
        wake.signal()
        #expect(await wake.wait(timeout: .seconds(1)) == .signalled)
        async let second = wake.wait(timeout: .seconds(1))
        await eventually { clock.sleeperCount == 1 && wake.waitingCount == 1 }
        clock.advance(by: .seconds(1))
        #expect(await second == .timedOut)
    }

    @Test func theWaitTimesOutOnItsClock() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        async let outcome = wake.wait(timeout: .seconds(5))
        await eventually { clock.sleeperCount == 1 && wake.waitingCount == 1 }
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1, "not yet")
        clock.advance(by: .seconds(1))
        #expect(await outcome == .timedOut)
        #expect(wake.waitingCount == 0)
        // The timeout took no signal: the next one is kept for the next wait.
        wake.signal()
        #expect(await wake.wait(timeout: .seconds(5)) == .signalled)
    }

    @Test func aSignalDuringTheWaitEndsIt() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        async let outcome = wake.wait(timeout: .seconds(5))
        await eventually { clock.sleeperCount == 1 && wake.waitingCount == 1 }
        wake.signal()
        #expect(await outcome == .signalled)
        #expect(clock.sleeperCount == 0, "the timer is cancelled")
    }

    @Test func oneSignalWakesOneWaitTheOldestFirst() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        let first = Task { await wake.wait(timeout: .seconds(5)) }
        await eventually { wake.waitingCount == 1 }
        let second = Task { await wake.wait(timeout: .seconds(5)) }
        await eventually { wake.waitingCount == 2 && clock.sleeperCount == 2 }
        wake.signal()
        #expect(await first.value == .signalled)
        #expect(wake.waitingCount == 1, "the second wait still waits")
        clock.advance(by: .seconds(5))
        #expect(await second.value == .timedOut)
    }

    @Test func cancellingTheWaitingTaskEndsTheWaitAndLeavesNothingBehind() async {
        let clock = ManualClock()
        let wake = WakeSignal(clock: clock)
        let waiting = Task { await wake.wait(timeout: .seconds(3600)) }
        await eventually { wake.waitingCount == 1 && clock.sleeperCount == 1 }
        waiting.cancel()
        #expect(await waiting.value == .cancelled)
        #expect(wake.waitingCount == 0)
        #expect(clock.sleeperCount == 0)
        // The cancelled wait took nothing: a later signal is kept for the next wait.
        wake.signal()
        #expect(await wake.wait(timeout: .seconds(1)) == .signalled)
    }

    @Test func anAlreadyCancelledTaskLeavesAKeptSignalForTheNextWait() async {
        let wake = WakeSignal(clock: ManualClock())
        wake.signal()
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await wake.wait(timeout: .seconds(1))
        }
        #expect(await cancelled.value == .cancelled)
        #expect(await wake.wait(timeout: .seconds(1)) == .signalled)
    }

    /// Signals, timeouts and cancellations racing on the real clock: every wait returns, no continuation leaks
    /// (a leaked or twice-resumed continuation would be reported or crash), and no signal given to a wait is
    /// lost.
    @Test func racingSignalsTimeoutsAndCancellationsAreSafe() async {
        let wake = WakeSignal()
        for round in 0..<200 {
            let waits = (0..<4).map { index in
                Task { await wake.wait(timeout: .microseconds(50 * (index + 1))) }
            }
            for (index, wait) in waits.enumerated() where (round + index) % 3 == 0 {
                wait.cancel()
            }
            wake.signal()
            var outcomes: [WakeSignal.Wake] = []
            for wait in waits { outcomes.append(await wait.value) }
            #expect(outcomes.filter { $0 == .signalled }.count <= 1)
            if !outcomes.contains(.signalled) {
                // Nobody took it, so it is kept.
                #expect(await wake.wait(timeout: .seconds(10)) == .signalled)
            }
            #expect(wake.waitingCount == 0)
        }
    }
}
