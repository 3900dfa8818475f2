import Foundation
import Identity
import Testing

@Suite("Token verification")
struct TokenVerifierTests {
    let directory: URL
    let provider: DevelopmentIdentityProvider

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        self.provider = try DevelopmentIdentityProvider.createIfMissing(in: self.directory)
    }

    func verifier(now: @escaping @Sendable () -> Date = { Date() }) -> TokenVerifier {
        TokenVerifier(
            settings: .init(
                issuer: DevelopmentIdentityProvider.defaultIssuer, audience: "passerelle",
                keySet: .file(self.provider.keySetURL.path)),
            now: now)
    }

    func code(_ body: () async throws(IdentityError) -> Caller) async -> IdentityError.Code? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func aValidTokenGivesItsCaller() async throws {
        let token = try await self.provider.issue(
            subject: "agent-7", email: "a@mairie.fr", roles: ["buyer", "opener"], siren: "213502388")
        let caller = try await self.verifier().verify(authorization: "Bearer \(token)")
        #expect(caller.subject == "agent-7")
        #expect(caller.roles == ["buyer", "opener"])
        #expect(caller.actsFor(body: "21350238800015"))
        #expect(!caller.actsFor(body: "123456789"))
    }

    @Test func missingOrNonBearerHeadersAreRefused() async {
        let verifier = self.verifier()
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(authorization: nil) } == .missing)
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(authorization: "Basic eDp5") } == .missing)
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify("not.a.jwt.at.all") } == .malformed)
    }

    @Test func timeClaimsAreCheckedWithTheLeeway() async throws {
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try await self.provider.issue(subject: "s", ttl: 300, now: issued)
        let at = { (offset: TimeInterval) in self.verifier(now: { issued.addingTimeInterval(offset) }) }
        #expect(try await at(0).verify(token).subject == "s")
        #expect(try await at(300 + 59).verify(token).subject == "s")
        let late = at(300 + 61)
        #expect(await self.code { () async throws(IdentityError) in try await late.verify(token) } == .expired)
        let early = at(-61)
        #expect(await self.code { () async throws(IdentityError) in try await early.verify(token) } == .notYetValid)
    }

    @Test func issuerAndAudienceMustMatch() async throws {
        let wrongAudience = try await self.provider.issue(subject: "s", audience: ["another-platform"])
        let verifier = self.verifier()
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(wrongAudience) } == .wrongAudience)
        let other = try DevelopmentIdentityProvider(directory: self.directory, issuer: "https://evil.example")
        let wrongIssuer = try await other.issue(subject: "s")
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(wrongIssuer) } == .wrongIssuer)
    }

    @Test func noneAndHMACAreNeverAccepted() async throws {
        let payload = Self.base64URL(Data(#"{"iss":"https://identity.passerelle.local","aud":"passerelle","sub":"x","exp":4102444800}"#.utf8))
        let none = Self.base64URL(Data(#"{"alg":"none","kid":"\#(self.provider.kid)"}"#.utf8)) + "." + payload + "."
        let verifier = self.verifier()
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(none) } == .algorithmNotAllowed)
        // The classic confusion: HS256 "signed" with the public key set as the secret.
        let hmac = Self.base64URL(Data(#"{"alg":"HS256","kid":"\#(self.provider.kid)"}"#.utf8)) + "." + payload + ".c2ln"
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(hmac) } == .algorithmNotAllowed)
    }

    @Test func aForeignKeyWithTheSameKidFailsTheSignature() async throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        let forger = try DevelopmentIdentityProvider.createIfMissing(in: elsewhere)
        // Same kid as the real key, signed with the forger's key.
        try (self.provider.kid + "\n").write(to: elsewhere.appendingPathComponent("signing-key.kid"), atomically: true, encoding: .utf8)
        let forged = try await DevelopmentIdentityProvider(directory: elsewhere).issue(subject: "s", roles: ["operator"])
        let verifier = self.verifier()
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(forged) } == .badSignature)
        _ = forger
    }

    @Test func aRotatedKeyIsPickedUpAndForgedKidsDoNotHammerTheProvider() async throws {
        let verifier = self.verifier()
        _ = try await verifier.verify(try await self.provider.issue(subject: "before"))
        #expect(await verifier.keySetReads == 1)
        let rotated = try self.provider.rotate()
        // The new kid is unknown to the cache: one more read finds it.
        #expect(try await verifier.verify(try await rotated.issue(subject: "after")).subject == "after")
        #expect(await verifier.keySetReads == 2)
        // Tokens of the old key are still valid (its public key stays in the set).
        #expect(try await verifier.verify(try await self.provider.issue(subject: "old")).subject == "old")
        // A stream of unknown kids right after: no further read inside the minimum refresh interval.
        for index in 0..<20 {
            let header = Self.base64URL(Data(#"{"alg":"ES256","kid":"forged-\#(index)"}"#.utf8))
            let token = header + ".e30.c2ln"
            #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(token) } == .unknownKey)
        }
        #expect(await verifier.keySetReads == 2)
    }

    @Test func oversizedTokensAreRefusedBeforeDecoding() async {
        let verifier = self.verifier()
        let huge = String(repeating: "a", count: 10_000) + ".b.c"
        #expect(await self.code { () async throws(IdentityError) in try await verifier.verify(huge) } == .malformed)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
