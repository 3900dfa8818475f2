/// What the consumer pipeline does when the broker refuses its own copy of a delivery (to a delay level
/// or a parking queue): how it retries in the background, and how long it holds the delivery.
///
/// The defaults hold a delivery at most 5 minutes, far below RabbitMQ's `consumer_timeout` (30 minutes in
/// 3.10), after which the broker would close the channel of a consumer holding an unacknowledged delivery.
public struct RepublishPolicy: Sendable, Hashable {
    /// The first pause after a refusal. Default 250 ms.
    public var initialBackoff: Duration = .milliseconds(250)
    /// The longest pause; pauses double from ``initialBackoff`` up to it, each jittered by ±25 %. Default 30 s.
    public var maxBackoff: Duration = .seconds(30)
    /// How long a delivery whose copy is refused stays unacknowledged before it is given back to its queue
    /// (a nack with requeue): the broker delivers it again later, counting a delivery towards the queue's
    /// delivery limit. Default 5 minutes.
    public var holdLimit: Duration = .seconds(300)

    /// Creates the default policy.
    public init() {}

    /// The pause after `refusals` consecutive refusals (1 for the first): doubled each time, capped,
    /// jittered by ±25 %.
    func pause(after refusals: Int) -> Duration {
        var pause = self.initialBackoff
        var count = 1
        while count < refusals && pause < self.maxBackoff {
            pause *= 2
            count += 1
        }
        return min(pause, self.maxBackoff) * Double.random(in: 0.75...1.25)
    }
}
