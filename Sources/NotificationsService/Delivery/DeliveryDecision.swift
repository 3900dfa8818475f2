import Mailer

/// What happens to a notice after one send attempt, decided without I/O from the attempt's outcome.
enum DeliveryDecision: Equatable {
    /// Accepted by the server: `sent`.
    case sent
    /// A temporary failure with retries left: `softBounced`, next attempt after the pause.
    case retry(after: Duration, diagnostic: String)
    /// A temporary failure with no retry left: `failed`, and a soft `notice.bounced`.
    case failed(diagnostic: String)
    /// A permanent refusal (5xx) or an unusable message: `hardBounced`, the address suppressed for
    /// optional mail, a hard `notice.bounced`.
    case hardBounced(diagnostic: String)

    /// Decides from a send error.
    ///
    /// - Parameters:
    ///   - error: What the transport threw (a ``MailError``, or anything else, treated as a connection failure).
    ///   - attempts: The attempts made so far, this one included.
    ///   - schedule: The retry schedule.
    ///   - random: The jitter draw.
    static func after(
        _ error: any Error, attempts: Int, schedule: RetrySchedule, random: Double = Double.random(in: 0...1)
    ) -> DeliveryDecision {
        let mailError = error as? MailError ?? MailError(.connection, "transport failure: \(type(of: error))")
        let diagnostic = String(mailError.description.prefix(1000))
        if !mailError.isRetryable {
            return .hardBounced(diagnostic: diagnostic)
        }
        guard let pause = schedule.pause(afterFailedAttempts: attempts, random: random) else {
            return .failed(diagnostic: diagnostic)
        }
        return .retry(after: pause, diagnostic: diagnostic)
    }
}
