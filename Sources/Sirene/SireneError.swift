/// Why an establishment could not be looked up in Sirene.
///
/// Callers switch on ``code``: ``Code/notFound`` (no such SIRET), ``Code/rateLimited`` (retry after
/// ``retryAfter``), ``Code/unavailable`` (try again later), ``Code/unauthorized`` (the integration key is wrong),
/// ``Code/malformed`` (INSEE answered something this client cannot read; ``field`` names what is missing).
public struct SireneError: Error {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notFound
            case rateLimited
            case unavailable
            case unauthorized
            case malformed
            case unexpectedStatus
            case invalidConfiguration
            case cancelled
        }

        private let base: Base

        /// INSEE knows no establishment with this SIRET (HTTP 404).
        public static var notFound: Self { Self(base: .notFound) }
        /// Too many requests: INSEE answered 429, or the client's own limit would make the call wait longer than
        /// allowed. ``SireneError/retryAfter`` says when to try again.
        public static var rateLimited: Self { Self(base: .rateLimited) }
        /// INSEE could not be reached or failed: HTTP 5xx, a network error or a timeout.
        public static var unavailable: Self { Self(base: .unavailable) }
        /// The integration key was refused (HTTP 401 or 403).
        public static var unauthorized: Self { Self(base: .unauthorized) }
        /// The answer could not be read: not JSON, or a required field is missing or has the wrong shape
        /// (``SireneError/field`` names it).
        public static var malformed: Self { Self(base: .malformed) }
        /// INSEE answered a status this client does not expect (for example 400).
        public static var unexpectedStatus: Self { Self(base: .unexpectedStatus) }
        /// The client's configuration is unusable (for example a plain `http://` URL to a remote host).
        public static var invalidConfiguration: Self { Self(base: .invalidConfiguration) }
        /// The calling task was cancelled before the answer arrived.
        public static var cancelled: Self { Self(base: .cancelled) }

        /// The code's name, for example `rateLimited`.
        public var description: String { String(describing: self.base) }
    }

    /// What went wrong.
    public var code: Code
    /// What happened, in words; never holds the key or establishment data.
    public var message: String
    /// The SIRET looked up, when there was one. Kept out of ``description``: a sole trader's SIRET identifies a
    /// person.
    public var siret: String?
    /// The HTTP status INSEE (or the stub) answered, if an answer arrived.
    public var httpStatus: Int?
    /// For ``Code/rateLimited``: how long to wait before trying again.
    public var retryAfter: Duration?
    /// For ``Code/malformed``: the JSON path of the missing or unreadable field, for example
    /// `etablissement.adresseEtablissement.codeCommuneEtablissement`.
    public var field: String?
    /// The error that caused this one (a `URLError`, a `DecodingError`…).
    public var underlying: (any Error)?
    /// The file that threw the error.
    public var file: String
    /// The line that threw the error.
    public var line: Int

    public init(
        _ code: Code,
        _ message: String,
        siret: String? = nil,
        httpStatus: Int? = nil,
        retryAfter: Duration? = nil,
        field: String? = nil,
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.siret = siret
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.field = field
        self.underlying = underlying
        self.file = file
        self.line = line
    }
}

extension SireneError: CustomStringConvertible {
    /// A one-line summary that is safe to log: no key, no SIRET, no establishment data.
    public var description: String {
        var details = [self.message]
        self.httpStatus.map { details.append("HTTP \($0)") }
        self.field.map { details.append("field \($0)") }
        self.retryAfter.map { details.append("retry after \($0)") }
        return "SireneError(\(self.code)): \(details.joined(separator: ", "))"
    }
}

extension SireneError: CustomDebugStringConvertible {
    /// Everything, including the SIRET and the underlying error.
    public var debugDescription: String {
        var parts = [self.description]
        self.siret.map { parts.append("siret: \($0)") }
        self.underlying.map { parts.append("underlying: \(String(reflecting: $0))") }
        parts.append("[\(self.file):\(self.line)]")
        return parts.joined(separator: "; ")
    }
}
