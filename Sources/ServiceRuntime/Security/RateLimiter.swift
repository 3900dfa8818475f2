import Foundation
import Synchronization

/// A token bucket per client address: `burst` calls at once, then `perSecond`. Buckets of clients idle for
/// a while are forgotten, and the table never holds more than `maxClients` (the oldest go first), so a
/// flood of addresses cannot grow it without bound.
public final class RateLimiter: Sendable {
    public struct Settings: Sendable {
        public var burst: Double = 60
        public var perSecond: Double = 2
        public var maxClients = 10_000
        public init() {}
    }

    private struct Bucket {
        var tokens: Double
        var updated: TimeInterval
    }

    public let settings: Settings
    private let buckets = Mutex([String: Bucket]())
    private let now: @Sendable () -> TimeInterval

    public init(settings: Settings = Settings(), now: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSince1970 }) {
        self.settings = settings
        self.now = now
    }

    /// How many clients have a bucket now.
    public var clientCount: Int { self.buckets.withLock { $0.count } }

    /// Takes one token from `client`'s bucket.
    ///
    /// - Returns: `nil` when allowed, else the seconds to wait before the next call is allowed.
    public func take(_ client: String) -> Double? {
        let now = self.now()
        let settings = self.settings
        return self.buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: settings.burst, updated: now)
            bucket.tokens = min(settings.burst, bucket.tokens + (now - bucket.updated) * settings.perSecond)
            bucket.updated = now
            defer {
                if buckets.count >= settings.maxClients, buckets[client] == nil {
                    // Forget the full buckets first (idle clients), then the oldest.
                    let idle = buckets.filter { $0.value.tokens + (now - $0.value.updated) * settings.perSecond >= settings.burst }
                    for key in idle.keys { buckets[key] = nil }
                    if buckets.count >= settings.maxClients,
                        let oldest = buckets.min(by: { $0.value.updated < $1.value.updated })?.key
                    {
                        buckets[oldest] = nil
                    }
                }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / settings.perSecond }
            bucket.tokens -= 1
            return nil
        }
    }
}
