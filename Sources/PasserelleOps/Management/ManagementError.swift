public import Foundation

/// A failed management API request.
///
/// It names the request (`GET` and the path) and the HTTP status, plus a short reason: the server's
/// `reason` field, a connection failure or a decoding problem. It never holds the password or the
/// `Authorization` header, so ``description`` is safe to print and log.
public struct ManagementError: Error, Sendable {
    /// What went wrong; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidURL
            case unreachable
            case unauthorized
            case httpStatus
            case decoding
        }

        private let base: Base

        /// The base URL or path does not form an HTTP(S) URL.
        public static var invalidURL: Self { Self(base: .invalidURL) }
        /// No HTTP answer: connection refused, unknown host, TLS failure or timeout.
        public static var unreachable: Self { Self(base: .unreachable) }
        /// HTTP 401: wrong credentials, or a user without the tag the endpoint needs.
        public static var unauthorized: Self { Self(base: .unauthorized) }
        /// Another HTTP status outside 200–299 (see ``ManagementError/status``).
        public static var httpStatus: Self { Self(base: .httpStatus) }
        /// The answer was not the JSON expected.
        public static var decoding: Self { Self(base: .decoding) }

        public var description: String { String(describing: self.base) }
    }

    /// What went wrong.
    public var code: Code
    /// The HTTP method.
    public var method: String
    /// The request path below the base URL, for example `/api/overview`.
    public var path: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// A short explanation, free of credentials.
    public var reason: String?

    /// Creates an error; `reason` must not contain credentials or payloads.
    public init(_ code: Code, method: String = "GET", path: String, status: Int? = nil, reason: String? = nil) {
        self.code = code
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
    }

    /// A short reason for a transport or decoding error, without URLs or payloads.
    ///
    /// - Parameter error: A `URLError`, a `DecodingError` or anything else (then only its type is named).
    /// - Returns: For example `connection refused` or `missing key nodes[0].name`.
    public static func reason(for error: any Error) -> String {
        if let error = error as? URLError {
            switch error.code {
            case .cannotConnectToHost: return "connection refused"
            case .timedOut: return "timed out"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .networkConnectionLost: return "connection lost"
            case .badServerResponse: return "not an HTTP answer"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid:
                return "TLS handshake failed"
            default: return "URL error \(error.code.rawValue)"
            }
        }
        if let error = error as? DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                return "missing key \(Self.path(context.codingPath + [key]))"
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                return "unexpected value at \(Self.path(context.codingPath))"
            case .dataCorrupted(let context):
                return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(Self.path(context.codingPath))"
            @unknown default:
                return "cannot decode the answer"
            }
        }
        return String(describing: type(of: error))
    }

    /// The `reason` (or `error`) field of a management API error body, at most 200 characters.
    ///
    /// - Parameter data: The answer's body.
    /// - Returns: The reason, or `nil` when the body is not such a JSON object.
    public static func reason(inBody data: Data) -> String? {
        struct Body: Decodable {
            var error: String?
            var reason: String?
        }
        guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
            return nil
        }
        return (body.reason ?? body.error).map { String($0.prefix(200)) }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}

extension ManagementError: CustomStringConvertible {
    /// For example `ManagementError(unauthorized) GET /api/nodes: HTTP 401, Login failed`.
    public var description: String {
        var text = "ManagementError(\(self.code)) \(self.method) \(self.path)"
        let details = [self.status.map { "HTTP \($0)" }, self.reason].compactMap { $0 }
        if !details.isEmpty {
            text += ": " + details.joined(separator: ", ")
        }
        return text
    }
}
