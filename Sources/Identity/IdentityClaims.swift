import Foundation
public import JWTKit

/// The claims of a platform token: the registered ones (RFC 7519 §4.1) and the platform's own.
///
/// `verify(using:)` checks nothing: ``TokenVerifier`` checks the registered claims itself, with its clock
/// and leeway, after the signature.
public struct IdentityClaims: JWTPayload, Equatable {
    public var iss: String
    public var aud: AudienceClaim
    public var sub: String
    public var exp: ExpirationClaim
    public var nbf: NotBeforeClaim?
    public var iat: IssuedAtClaim?
    public var jti: String?
    public var email: String?
    public var name: String?
    public var roles: [String]?
    public var siren: String?
    public var siret: String?

    public init(
        issuer: String, audience: [String], subject: String, expires: Date, notBefore: Date? = nil, issuedAt: Date? = nil,
        id: String? = nil, email: String? = nil, name: String? = nil, roles: [String] = [], siren: String? = nil,
        siret: String? = nil
    ) {
        self.iss = issuer
        self.aud = AudienceClaim(value: audience)
        self.sub = subject
        self.exp = ExpirationClaim(value: expires)
        self.nbf = notBefore.map { NotBeforeClaim(value: $0) }
        self.iat = issuedAt.map { IssuedAtClaim(value: $0) }
        self.jti = id
        self.email = email
        self.name = name
        self.roles = roles.isEmpty ? nil : roles
        self.siren = siren
        self.siret = siret
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The identity these claims prove.
    public var caller: Caller {
        Caller(subject: self.sub, email: self.email, roles: Set(self.roles ?? []), siren: self.siren, siret: self.siret)
    }
}
