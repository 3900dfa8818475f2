import SampleContracts
import Synchronization

/// Failures a test injects into alpha's handler.
public final class SampleFaults: Sendable {
    private struct State {
        var transientFailures: [String: Int] = [:]
        var defaultTransientFailures = 0
        var permanentFixed = false
        var attempts: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// No failures.
    public init() {}

    /// Makes the next `count` attempts at `itemId` (with behaviour `failTransient`) throw a transient error.
    public func failTransiently(_ itemId: String, times count: Int) {
        self.state.withLock { $0.transientFailures[itemId] = count }
    }

    /// Makes every `failTransient` item without its own count fail `count` times.
    public func failEveryTransientItem(times count: Int) {
        self.state.withLock { $0.defaultTransientFailures = count }
    }

    /// From now on, `failPermanent` items succeed (the cause is fixed).
    public func fixPermanentFailures() {
        self.state.withLock { $0.permanentFixed = true }
    }

    /// How many times the handler ran for `itemId`.
    public func attempts(_ itemId: String) -> Int {
        self.state.withLock { $0.attempts[itemId] ?? 0 }
    }

    enum Outcome {
        case proceed
        case transient
        case permanent
    }

    func outcome(for item: ItemSubmitted) -> Outcome {
        self.state.withLock { state in
            state.attempts[item.itemId, default: 0] += 1
            switch item.behaviour ?? .succeed {
            case .succeed:
                return .proceed
            case .failPermanent:
                return state.permanentFixed ? .proceed : .permanent
            case .failTransient:
                let remaining = state.transientFailures[item.itemId] ?? state.defaultTransientFailures
                if remaining > 0 {
                    state.transientFailures[item.itemId] = remaining - 1
                    return .transient
                }
                state.transientFailures[item.itemId] = 0
                return .proceed
            }
        }
    }
}
