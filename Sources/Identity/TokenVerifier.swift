import Foundation
import JWTKit

/// Verifies platform tokens (RFC 7519, checked as RFC 8725 advises): the algorithm is one of the pinned ones,
/// the key is found by `kid` in the provider's key set, the signature verifies, then `iss` (exact), `aud`
/// (contains ours), `exp`, `nbf` and `iat` within the leeway.
///
/// The key set is cached for ``Settings/cacheLifetime``. A token naming an unknown `kid` makes it read the
/// set again, at most once per ``Settings/minimumRefreshInterval``, so a key rotation is picked up at once
/// while a stream of forged `kid`s cannot hammer the provider.
public actor TokenVerifier {
    public struct Settings: Sendable {
        /// The exact `iss` accepted.
        public var issuer: String
        /// The audience this service is: `aud` must contain it.
        public var audience: String
        public var keySet: KeySetSource
        /// `ES256` and/or `RS256`; any other `alg` (`none`, `HS256`…) is refused before a key is looked up.
        public var algorithms: Set<String> = ["ES256", "RS256"]
        /// Allowed clock skew on `exp`, `nbf` and `iat` (RFC 8725 suggests a small one). Default 60 s.
        public var leeway: TimeInterval = 60
        public var cacheLifetime: TimeInterval = 600
        public var minimumRefreshInterval: TimeInterval = 30

        public init(issuer: String, audience: String, keySet: KeySetSource) {
            self.issuer = issuer
            self.audience = audience
            self.keySet = keySet
        }
    }

    private struct LoadedKeys {
        var collection: JWTKeyCollection
        var keys: [String: JWK]
        var loadedAt: Date
    }

    public nonisolated let settings: Settings
    private let now: @Sendable () -> Date
    private var loaded: LoadedKeys?
    private var lastRefresh: Date?
    /// How many times the key set was read (for tests and metrics).
    public private(set) var keySetReads = 0

    public init(settings: Settings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.now = now
    }

    /// Reads `Authorization: Bearer <token>`'s value and verifies it.
    ///
    /// - Throws: ``IdentityError`` with `missing` when `header` is nil or not a bearer token.
    public func verify(authorization header: String?) async throws(IdentityError) -> Caller {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw IdentityError(.missing, "an Authorization: Bearer token is required")
        }
        return try await self.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
    }

    /// Verifies a token and returns the identity it proves.
    public func verify(_ token: String) async throws(IdentityError) -> Caller {
        try await self.claims(of: token).caller
    }

    /// Verifies a token and returns its claims.
    public func claims(of token: String) async throws(IdentityError) -> IdentityClaims {
        let header = try TokenHeader.parse(token)
        guard let alg = header.alg, self.settings.algorithms.contains(alg) else {
            throw IdentityError(
                .algorithmNotAllowed,
                "alg \(header.alg ?? "absent") is not accepted (\(self.settings.algorithms.sorted().joined(separator: ", ")))")
        }
        guard let kid = header.kid, !kid.isEmpty else {
            throw IdentityError(.unknownKey, "the token names no kid")
        }
        let keys = try await self.keys(containing: kid)
        guard let jwk = keys.keys[kid] else {
            throw IdentityError(.unknownKey, "no key \(kid.prefix(64)) in the provider's key set")
        }
        guard Self.key(jwk, suits: alg) else {
            throw IdentityError(.algorithmNotAllowed, "key \(kid.prefix(64)) is not a key for \(alg)")
        }
        let claims: IdentityClaims
        do {
            claims = try await keys.collection.verify(token, as: IdentityClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw IdentityError(.badSignature, "the signature does not verify")
        } catch {
            throw IdentityError(.badSignature, "the token does not verify: \(Self.reason(error))")
        }
        try self.check(claims)
        return claims
    }

    private func check(_ claims: IdentityClaims) throws(IdentityError) {
        let now = self.now()
        let leeway = self.settings.leeway
        guard claims.iss == self.settings.issuer else {
            throw IdentityError(.wrongIssuer, "iss is not \(self.settings.issuer)")
        }
        guard claims.aud.value.contains(self.settings.audience) else {
            throw IdentityError(.wrongAudience, "aud does not contain \(self.settings.audience)")
        }
        guard claims.exp.value.addingTimeInterval(leeway) > now else {
            throw IdentityError(.expired, "the token expired at \(claims.exp.value)")
        }
        if let nbf = claims.nbf, nbf.value.addingTimeInterval(-leeway) > now {
            throw IdentityError(.notYetValid, "the token is not valid before \(nbf.value)")
        }
        if let iat = claims.iat, iat.value.addingTimeInterval(-leeway) > now {
            throw IdentityError(.issuedInFuture, "the token was issued in the future (\(iat.value))")
        }
        guard !claims.sub.isEmpty, claims.sub.utf8.count <= 255 else {
            throw IdentityError(.invalidClaim, "sub is 1 to 255 bytes")
        }
        if let siren = claims.siren, !Self.digits(siren, count: 9) {
            throw IdentityError(.invalidClaim, "siren is 9 digits")
        }
        if let siret = claims.siret, !Self.digits(siret, count: 14) {
            throw IdentityError(.invalidClaim, "siret is 14 digits")
        }
    }

    private func keys(containing kid: String) async throws(IdentityError) -> LoadedKeys {
        let now = self.now()
        if let loaded, now.timeIntervalSince(loaded.loadedAt) < self.settings.cacheLifetime {
            if loaded.keys[kid] != nil { return loaded }
            // An unknown kid: perhaps a rotation. Read again, but not more often than the minimum interval.
            if let last = self.lastRefresh, now.timeIntervalSince(last) < self.settings.minimumRefreshInterval {
                return loaded
            }
            self.lastRefresh = now
        }
        return try await self.reload()
    }

    private func reload() async throws(IdentityError) -> LoadedKeys {
        self.keySetReads += 1
        let data = try await self.settings.keySet.read()
        let set: JWKS
        do {
            set = try JSONDecoder().decode(JWKS.self, from: data)
        } catch {
            throw IdentityError(.keySetUnavailable, "the key set \(self.settings.keySet) is not a JWKS document")
        }
        let collection = JWTKeyCollection()
        var keys: [String: JWK] = [:]
        for jwk in set.keys {
            // Only public EC and RSA keys with a kid: an `oct` (HMAC) key is never a verification key here.
            guard let kid = jwk.keyIdentifier?.string, jwk.keyType == .ecdsa || jwk.keyType == .rsa,
                jwk.privateExponent == nil
            else { continue }
            do {
                try await collection.add(jwk: jwk)
                keys[kid] = jwk
            } catch {
                continue
            }
        }
        let loaded = LoadedKeys(collection: collection, keys: keys, loadedAt: self.now())
        self.loaded = loaded
        return loaded
    }

    private static func key(_ jwk: JWK, suits alg: String) -> Bool {
        if let declared = jwk.algorithm, declared.rawValue != alg { return false }
        switch alg {
        case "ES256": return jwk.keyType == .ecdsa && (jwk.curve == nil || jwk.curve?.rawValue == "P-256")
        case "RS256": return jwk.keyType == .rsa
        default: return false
        }
    }

    private static func digits(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) }
    }

    private static func reason(_ error: any Error) -> String {
        String(String(describing: error).prefix(200))
    }
}
