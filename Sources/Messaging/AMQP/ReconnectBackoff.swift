/// Jittered exponential back-off between reconnect attempts.
///
/// Attempt *n* (starting at 0) waits a random duration in `[d/2, d]` where
/// `d = min(maximum, initial × multiplier^n)` ("equal jitter"): instances that lost the same broker
/// spread their reconnects instead of arriving together, and no wait is shorter than half the step.
public struct ReconnectBackoff: Sendable, Hashable {
    /// The first step. Default 0.5 s.
    public var initial: Duration
    /// The largest step. Default 30 s.
    public var maximum: Duration
    /// The factor between steps. Default 2.
    public var multiplier: Double
    /// How many attempts in a row may fail before the connection gives up; `nil` retries forever.
    public var maxAttempts: Int?

    /// Creates a back-off policy.
    ///
    /// - Parameters:
    ///   - initial: The first step.
    ///   - maximum: The largest step.
    ///   - multiplier: The factor between steps.
    ///   - maxAttempts: Failed attempts in a row before giving up; `nil` for never.
    public init(
        initial: Duration = .milliseconds(500),
        maximum: Duration = .seconds(30),
        multiplier: Double = 2,
        maxAttempts: Int? = nil
    ) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.maxAttempts = maxAttempts
    }

    /// The step before jitter for an attempt.
    ///
    /// - Parameter attempt: The attempt number, from 0.
    /// - Returns: `min(maximum, initial × multiplier^attempt)`.
    public func step(forAttempt attempt: Int) -> Duration {
        let initialSeconds = self.initial.seconds
        let scaled = initialSeconds * Self.power(self.multiplier, attempt)
        return .seconds(min(self.maximum.seconds, scaled))
    }

    /// The jittered delay before an attempt.
    ///
    /// - Parameters:
    ///   - attempt: The attempt number, from 0.
    ///   - generator: The random source (injected so tests are repeatable).
    /// - Returns: A duration in `[step/2, step]`, or `nil` when `maxAttempts` is reached.
    public func delay(forAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration? {
        if let maxAttempts = self.maxAttempts, attempt >= maxAttempts {
            return nil
        }
        let step = self.step(forAttempt: attempt).seconds
        let jittered = step / 2 + Double.random(in: 0...(step / 2), using: &generator)
        return .seconds(jittered)
    }

    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent, 64) {
            result *= base
        }
        return result
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let parts = self.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
