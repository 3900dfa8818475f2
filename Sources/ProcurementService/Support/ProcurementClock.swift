import Foundation
import Synchronization

/// Procurement's notion of now. Production reads the system clock; tests (and only tests) move it
/// forward to run a 30-day procedure in seconds. Durable timers are scheduled at the real instant that
/// corresponds to a procurement instant (``realInstant(for:)``), so a moved clock and the outbox agree.
public final class ProcurementClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    /// The instant ``now()`` returns while the clock is stopped (tests).
    private let stopped = Mutex<Date?>(nil)

    /// The system clock.
    public init() {}

    /// The current procurement instant, to the millisecond: the precision of the receipts and of the instants
    /// the events carry (`2026-04-02T10:00:00.123Z`).
    public func now() -> Date {
        if let instant = self.stopped.withLock({ $0 }) { return instant }
        return Self.millisecond(Date().addingTimeInterval(self.offset.withLock { $0 }))
    }

    /// Moves procurement's clock forward (tests).
    public func advance(by seconds: TimeInterval) {
        self.offset.withLock { $0 += seconds }
        self.stopped.withLock { $0 = $0?.addingTimeInterval(seconds) }
    }

    /// Stops procurement's clock at `instant` (rounded to the nearest millisecond, so `deadline - 0.001` is one
    /// millisecond before the deadline whatever its binary value) until ``resume()``: every ``now()`` returns
    /// it, so a test can act at an exact instant (a deposit at the deadline). Tests only.
    public func stop(at instant: Date) {
        self.offset.withLock { $0 = instant.timeIntervalSince(Date()) }
        self.stopped.withLock { $0 = Date(timeIntervalSince1970: (instant.timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    /// Lets a stopped clock run again, as if it had kept running since ``stop(at:)``.
    public func resume() {
        self.stopped.withLock { $0 = nil }
    }

    /// The procurement instant of a wall-clock instant reported by another service (a send time).
    public func procurementInstant(forReal instant: Date) -> Date {
        Self.millisecond(instant.addingTimeInterval(self.offset.withLock { $0 }))
    }

    /// The wall-clock instant at which a procurement instant comes.
    public func realInstant(for instant: Date) -> Date {
        instant.addingTimeInterval(-self.offset.withLock { $0 })
    }

    /// The instant with its fraction cut to whole milliseconds.
    private static func millisecond(_ instant: Date) -> Date {
        Date(timeIntervalSince1970: (instant.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }
}
