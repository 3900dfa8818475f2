import Foundation
import JWTKit

/// The local stand-in for the platform's OpenID Connect provider: an ES256 signing key in a folder
/// (`signing-key.pem`, mode 0600, and its `kid` in `signing-key.kid`) and the public key set the services
/// verify against (`jwks.json`). Tokens it mints go through the same verification as production ones.
///
/// ```swift
/// let provider = try DevelopmentIdentityProvider.createIfMissing(in: secrets.appendingPathComponent("identity"))
/// let token = try await provider.issue(subject: "agent-1", roles: ["buyer"], siren: "213502388")
/// ```
///
/// ``rotate()`` makes a new signing key and keeps the previous public keys in the set, as a provider does
/// during a rotation.
public struct DevelopmentIdentityProvider: Sendable {
    /// The issuer the development tokens carry, and the services' default.
    public static let defaultIssuer = "https://identity.passerelle.local"
    /// The audience of the platform's services.
    public static let defaultAudience = "passerelle"

    public let directory: URL
    public let issuer: String
    private let key: ES256PrivateKey
    public let kid: String

    public var keySetURL: URL { self.directory.appendingPathComponent("jwks.json") }

    /// Opens the provider in `directory`, creating its first key and key set when absent.
    public static func createIfMissing(in directory: URL, issuer: String = defaultIssuer) throws -> DevelopmentIdentityProvider {
        let keyFile = directory.appendingPathComponent("signing-key.pem")
        if !FileManager.default.fileExists(atPath: keyFile.path) {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Self.write(key: ES256PrivateKey(), kid: Self.newKid(), in: directory, keepingOldKeys: false)
        }
        return try DevelopmentIdentityProvider(directory: directory, issuer: issuer)
    }

    /// Opens an existing provider.
    ///
    /// - Throws: ``IdentityError`` (`keySetUnavailable`) when the key files are missing or unreadable.
    public init(directory: URL, issuer: String = defaultIssuer) throws {
        self.directory = directory
        self.issuer = issuer
        do {
            let pem = try String(contentsOf: directory.appendingPathComponent("signing-key.pem"), encoding: .utf8)
            self.key = try ES256PrivateKey(pem: pem)
            self.kid = try String(contentsOf: directory.appendingPathComponent("signing-key.kid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw IdentityError(
                .keySetUnavailable, "no development signing key in \(directory.path): run `passerelle token keygen`")
        }
    }

    /// Makes a new signing key; the key set keeps the previous public keys, so tokens already issued stay valid.
    public func rotate() throws -> DevelopmentIdentityProvider {
        try Self.write(key: ES256PrivateKey(), kid: Self.newKid(), in: self.directory, keepingOldKeys: true)
        return try DevelopmentIdentityProvider(directory: self.directory, issuer: self.issuer)
    }

    /// Signs a token for these claims with the current key.
    public func sign(_ claims: IdentityClaims) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: self.key, kid: JWKIdentifier(string: self.kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: self.kid))
    }

    /// Mints a token for a person.
    ///
    /// - Parameters:
    ///   - subject: `sub`.
    ///   - roles: The platform roles (`buyer`, `opener`, `operator`…).
    ///   - siren: The public body of an agent.
    ///   - siret: The company (or the agent's establishment).
    ///   - ttl: Lifetime in seconds. Default one hour.
    ///   - audience: `aud`. Default ``defaultAudience``.
    ///   - now: The issue time.
    public func issue(
        subject: String, email: String? = nil, name: String? = nil, roles: [String] = [], siren: String? = nil,
        siret: String? = nil, ttl: TimeInterval = 3600, audience: [String] = [defaultAudience], now: Date = Date()
    ) async throws -> String {
        try await self.sign(
            IdentityClaims(
                issuer: self.issuer, audience: audience, subject: subject, expires: now.addingTimeInterval(ttl),
                notBefore: now, issuedAt: now, id: UUID().uuidString.lowercased(), email: email, name: name, roles: roles,
                siren: siren, siret: siret))
    }

    private static func newKid() -> String {
        "dev-" + UUID().uuidString.lowercased().prefix(8)
    }

    private static func write(key: ES256PrivateKey, kid: String, in directory: URL, keepingOldKeys: Bool) throws {
        guard let parameters = key.publicKey.parameters else {
            throw IdentityError(.keySetUnavailable, "the new key has no public parameters")
        }
        let jwksFile = directory.appendingPathComponent("jwks.json")
        var keys: [JWK] = []
        if keepingOldKeys, let data = try? Data(contentsOf: jwksFile), let set = try? JSONDecoder().decode(JWKS.self, from: data) {
            keys = set.keys
        }
        keys.append(
            .ecdsa(.es256, identifier: JWKIdentifier(string: kid), x: parameters.x, y: parameters.y, curve: .p256))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Self.writeFile(Data(key.pemRepresentation.utf8), to: directory.appendingPathComponent("signing-key.pem"), mode: 0o600)
        try Self.writeFile(Data((kid + "\n").utf8), to: directory.appendingPathComponent("signing-key.kid"), mode: 0o600)
        try Self.writeFile(try encoder.encode(JWKS(keys: keys)), to: jwksFile, mode: 0o644)
    }

    private static func writeFile(_ data: Data, to url: URL, mode: Int) throws {
        let temporary = url.appendingPathExtension("tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: mode]) else {
            throw IdentityError(.keySetUnavailable, "cannot write \(temporary.path)")
        }
        // rename(2): the readers see the old file or the new one, never half of one.
        guard rename(temporary.path, url.path) == 0 else {
            throw IdentityError(.keySetUnavailable, "cannot write \(url.path)")
        }
    }
}
