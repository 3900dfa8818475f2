import Foundation
import Synchronization

/// A service's clock for its durable timers: the system time plus an offset that tests move forward (a reminder due in
/// 7 days fires at once after `advance(by: 7 * 86_400)`), kept across a restart of the service when the same clock is
/// handed to the new instance.
public final class ServiceClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(self.offset.withLock { $0 }) }

    public func advance(by seconds: TimeInterval) {
        self.offset.withLock { $0 += seconds }
    }
}
