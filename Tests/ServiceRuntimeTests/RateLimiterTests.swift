import Synchronization
import ServiceRuntime
import Testing

@Suite struct RateLimiterTests {
    final class Clock: Sendable {
        let now = Mutex(0.0)
        func advance(_ seconds: Double) { self.now.withLock { $0 += seconds } }
    }

    @Test func aBurstThenTheSteadyRatePerClient() {
        let clock = Clock()
        var settings = RateLimiter.Settings()
        settings.burst = 3
        settings.perSecond = 1
        let limiter = RateLimiter(settings: settings, now: { clock.now.withLock { $0 } })
        #expect((0..<3).allSatisfy { _ in limiter.take("a") == nil })
        #expect(limiter.take("a") != nil)
        #expect(limiter.take("b") == nil)
        clock.advance(1)
        #expect(limiter.take("a") == nil)
        #expect(limiter.take("a") != nil)
    }

    @Test func aFloodOfAddressesDoesNotGrowTheTableWithoutBound() {
        var settings = RateLimiter.Settings()
        settings.maxClients = 100
        let limiter = RateLimiter(settings: settings)
        for index in 0..<10_000 { _ = limiter.take("10.0.\(index / 256).\(index % 256)") }
        #expect(limiter.clientCount <= 100)
    }
}
