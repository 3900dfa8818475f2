import Testing

@testable import Sirene

@Suite struct RequestWindowTests {
    private let zero = ContinuousClock.now

    @Test func grantsTheLimitAtOnceThenSchedulesTheNextWhenTheOldestLeaves() {
        var window = RequestWindow(limit: RateLimit(requests: 3, per: .milliseconds(200)))
        for _ in 0..<3 {
            #expect(window.reserve(now: self.zero, maxWait: .seconds(1)) == .startAt(self.zero))
        }
        #expect(window.reserve(now: self.zero, maxWait: .seconds(1)) == .startAt(self.zero + .milliseconds(200)))
        #expect(window.reserve(now: self.zero + .milliseconds(50), maxWait: .seconds(1))
            == .startAt(self.zero + .milliseconds(200)))
        #expect(window.reserve(now: self.zero + .milliseconds(50), maxWait: .seconds(1))
            == .startAt(self.zero + .milliseconds(200)))
        // Three starts at 200 ms: the next one waits for 400 ms.
        #expect(window.reserve(now: self.zero + .milliseconds(60), maxWait: .seconds(1))
            == .startAt(self.zero + .milliseconds(400)))
    }

    @Test func refusesBeyondTheMaximumWaitWithoutReserving() {
        var window = RequestWindow(limit: RateLimit(requests: 1, per: .seconds(60)))
        #expect(window.reserve(now: self.zero, maxWait: .seconds(1)) == .startAt(self.zero))
        #expect(window.reserve(now: self.zero + .seconds(10), maxWait: .seconds(1))
            == .refuse(retryAfter: .seconds(50)))
        #expect(window.starts.count == 1)
        #expect(window.reserve(now: self.zero + .seconds(60), maxWait: .zero) == .startAt(self.zero + .seconds(60)))
    }

    @Test func pauseHoldsLaterRequestsAndNeverMovesBack() {
        var window = RequestWindow(limit: RateLimit(requests: 30, per: .seconds(60)))
        window.pause(until: self.zero + .seconds(5))
        window.pause(until: self.zero + .seconds(2))
        #expect(window.reserve(now: self.zero, maxWait: .seconds(1)) == .refuse(retryAfter: .seconds(5)))
        #expect(window.reserve(now: self.zero, maxWait: .seconds(10)) == .startAt(self.zero + .seconds(5)))
        #expect(window.reserve(now: self.zero + .seconds(6), maxWait: .zero) == .startAt(self.zero + .seconds(6)))
    }

    @Test func forgetsStartsThatLeftTheWindow() {
        var window = RequestWindow(limit: RateLimit(requests: 2, per: .seconds(1)))
        _ = window.reserve(now: self.zero, maxWait: .zero)
        _ = window.reserve(now: self.zero + .milliseconds(500), maxWait: .zero)
        #expect(window.reserve(now: self.zero + .milliseconds(1200), maxWait: .zero)
            == .startAt(self.zero + .milliseconds(1200)))
        #expect(window.starts.count == 2)
    }
}
