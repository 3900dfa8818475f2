/// When to try a soft-bounced notice again: exponential pauses with jitter (domain §6.4), at most one retry
/// per pause of the schedule.
public struct RetrySchedule: Sendable, Equatable {
    /// The pauses before retry 1, 2, … (default 1 min, 5 min, 30 min, 2 h, 12 h).
    public var pauses: [Duration]
    /// The jitter as a fraction of the pause (0.2 = ±20 %).
    public var jitter: Double

    /// Creates a schedule.
    public init(pauses: [Duration], jitter: Double = 0.2) {
        self.pauses = pauses
        self.jitter = max(0, min(jitter, 1))
    }

    /// The most attempts in all: the first send plus one retry per pause.
    public var maxAttempts: Int { self.pauses.count + 1 }

    /// The pause after `attempts` failed attempts, or `nil` when the notice has used up its retries.
    ///
    /// - Parameters:
    ///   - attempts: How many attempts failed so far (1 after the first send failed).
    ///   - random: A value in `0...1`; 0.5 means no jitter (tests pass a fixed value).
    public func pause(afterFailedAttempts attempts: Int, random: Double = Double.random(in: 0...1)) -> Duration? {
        guard attempts >= 1, attempts <= self.pauses.count else { return nil }
        let base = self.pauses[attempts - 1]
        let factor = 1 + self.jitter * (2 * min(max(random, 0), 1) - 1)
        let millis = Double(base.components.seconds) * 1000 + Double(base.components.attoseconds) / 1e15
        return .milliseconds(Int64((millis * factor).rounded()))
    }
}
