/// Why a token was not accepted. The description is safe to return to the caller: it names the check
/// that failed, never a key or the token.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// No `Authorization: Bearer …` header.
        public static let missing = Code(rawValue: "missing")
        /// Not three base64url parts, or a header or payload that is not the expected JSON.
        public static let malformed = Code(rawValue: "malformed")
        /// `alg` is not one of the accepted algorithms (`none` and HMAC never are).
        public static let algorithmNotAllowed = Code(rawValue: "algorithmNotAllowed")
        /// No `kid`, or a `kid` absent from the key set even after a refresh.
        public static let unknownKey = Code(rawValue: "unknownKey")
        /// The signature does not verify with the named key.
        public static let badSignature = Code(rawValue: "badSignature")
        public static let wrongIssuer = Code(rawValue: "wrongIssuer")
        public static let wrongAudience = Code(rawValue: "wrongAudience")
        public static let expired = Code(rawValue: "expired")
        public static let notYetValid = Code(rawValue: "notYetValid")
        /// `iat` is in the future beyond the leeway.
        public static let issuedInFuture = Code(rawValue: "issuedInFuture")
        /// A claim the platform needs (`sub`) is missing or has the wrong form.
        public static let invalidClaim = Code(rawValue: "invalidClaim")
        /// The key set could not be read (file, URL, JSON).
        public static let keySetUnavailable = Code(rawValue: "keySetUnavailable")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(self.code.rawValue): \(self.message)" }
}
