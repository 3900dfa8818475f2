/// The answer of a health probe: an overall status and the checks it was computed from.
///
/// Encoded as JSON on `GET /health/live` and `GET /health/ready`, for example
/// `{"status":"unavailable","checks":{"broker":{"ok":false,"detail":"not connected"},…}}`.
public struct HealthReport: Sendable, Codable, Hashable {
    /// The overall status.
    public enum Status: String, Sendable, Codable, Hashable {
        /// Every check passed.
        case ok
        /// At least one check failed.
        case unavailable
    }

    /// The result of one check.
    public struct Check: Sendable, Codable, Hashable {
        /// Whether the check passed.
        public var ok: Bool
        /// Why it failed (or a note), safe to show to anyone who can reach the endpoint.
        public var detail: String?

        /// Creates a check result.
        ///
        /// - Parameters:
        ///   - ok: Whether the check passed.
        ///   - detail: An explanation, usually given when the check failed.
        public init(ok: Bool, detail: String? = nil) {
            self.ok = ok
            self.detail = detail
        }
    }

    /// `ok` when every check passed, `unavailable` otherwise.
    public var status: Status
    /// The checks, by name (see ``HealthCheckName``).
    public var checks: [String: Check]

    /// Creates a report whose status follows from the checks: `ok` only when every check passed.
    ///
    /// - Parameter checks: The checks, by name.
    public init(checks: [String: Check]) {
        self.checks = checks
        self.status = checks.values.allSatisfy(\.ok) ? .ok : .unavailable
    }

    /// Whether the status is `ok`.
    public var isOK: Bool { self.status == .ok }

    /// The names of the failed checks, sorted.
    public var failedChecks: [String] {
        self.checks.filter { !$0.value.ok }.keys.sorted()
    }
}
