import Foundation

/// Hourly transmission windows with a byte budget (domain §3.7, S²LOW's defaults): a package goes in the current
/// hour while the bytes already sent in that hour plus its own stay within the budget, else at the start of the
/// first later hour with room. A package larger than the budget goes alone at the start of an empty hour.
public struct TransmissionWindow: Sendable, Hashable {
    public let budgetBytes: Int
    public let length: Duration

    public init(budgetBytes: Int, length: Duration = .seconds(3600)) {
        self.budgetBytes = budgetBytes
        self.length = length
    }

    public func windowStart(of time: Date) -> Date {
        let seconds = Double(self.length.components.seconds)
        return Date(timeIntervalSince1970: (time.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }

    /// When a package of `size` bytes may leave, given the bytes already booked in the windows from `now` on.
    public func slot(for size: Int, at now: Date, booked: (Date) -> Int) -> Date {
        var start = self.windowStart(of: now)
        let step = TimeInterval(self.length.components.seconds)
        for _ in 0..<(24 * 366) {
            let used = booked(start)
            if used + size <= self.budgetBytes || used == 0 {
                return max(start, now)
            }
            start = start.addingTimeInterval(step)
        }
        return start
    }
}
