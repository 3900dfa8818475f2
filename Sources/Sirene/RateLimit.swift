/// How many requests a client may send per sliding window.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// Requests allowed in any ``window``; at least 1.
    public var requests: Int
    /// The length of the sliding window; at least 1 ms.
    public var window: Duration

    /// - Parameters:
    ///   - requests: Requests allowed per window (values below 1 count as 1).
    ///   - window: The window (values below 1 ms count as 1 ms).
    public init(requests: Int, per window: Duration) {
        self.requests = max(1, requests)
        self.window = max(.milliseconds(1), window)
    }

    /// INSEE's public plan for the Sirene API: 30 requests per minute.
    public static var insee: Self { Self(requests: 30, per: .seconds(60)) }

    public var description: String { "\(self.requests) per \(self.window)" }
}
