public import Foundation

extension SireneClient {
    /// Where INSEE's API is, the integration key, and the limits the client keeps.
    public struct Configuration: Sendable, CustomStringConvertible {
        /// INSEE's production API Sirene 3.11 on the `portail-api.insee.fr` gateway.
        public static var inseeBaseURL: URL { URL(string: "https://api.insee.fr/api-sirene/3.11")! }

        /// The header that carries the key of an application subscribed to API Sirene on INSEE's API portal
        /// (`portail-api.insee.fr`, since 2024). The former portal's OAuth2 `Authorization: Bearer` tokens are no
        /// longer accepted, so the client sends only this header.
        public static let apiKeyHeader = "X-INSEE-Api-Key-Integration"

        /// The API's base URL; `/siret/{siret}` is appended to it.
        public let baseURL: URL
        /// The integration key; never logged, never part of ``description``.
        public var apiKey: String
        /// How long one request may take before it fails as `unavailable`, in whole seconds (rounded up, at least 1).
        public var timeout: Duration
        /// The client-side limit, shared by every call of one client.
        public var rateLimit: RateLimit
        /// The longest a call waits for its turn; beyond that it fails at once as `rateLimited`.
        public var maxWait: Duration

        /// - Parameters:
        ///   - baseURL: `https://…`, or `http://` to a loopback host (`127.0.0.1`, `localhost`, `::1`) for the stub.
        ///   - apiKey: The integration key.
        ///   - timeout: The time limit of one request (10 s by default).
        ///   - rateLimit: INSEE's public plan, 30 requests per minute, by default.
        ///   - maxWait: The longest a call waits for the rate limit (10 s by default).
        /// - Throws: ``SireneError`` `invalidConfiguration` for another URL or an empty key.
        public init(
            baseURL: URL = Self.inseeBaseURL,
            apiKey: String,
            timeout: Duration = .seconds(10),
            rateLimit: RateLimit = .insee,
            maxWait: Duration = .seconds(10)
        ) throws(SireneError) {
            guard Self.isAllowed(baseURL) else {
                throw SireneError(
                    .invalidConfiguration, "the base URL must be https:// (http:// only to a loopback address)")
            }
            guard !apiKey.isEmpty else {
                throw SireneError(.invalidConfiguration, "the integration key is empty")
            }
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.timeout = timeout
            self.rateLimit = rateLimit
            self.maxWait = maxWait
        }

        /// HTTPS anywhere; plain HTTP only to the local machine.
        static func isAllowed(_ url: URL) -> Bool {
            guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else {
                return false
            }
            switch scheme {
            case "https":
                return true
            case "http":
                return ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
            default:
                return false
            }
        }

        public var description: String {
            "SireneClient.Configuration(baseURL: \(self.baseURL.absoluteString), apiKey: ***, "
                + "timeout: \(self.timeout), rateLimit: \(self.rateLimit), maxWait: \(self.maxWait))"
        }
    }
}
