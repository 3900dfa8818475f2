import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import Testing

@Suite("Key set over HTTP")
struct KeySetURLTests {
    @Test func aKeySetIsFetchedFromALoopbackURL() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)")
        let provider = try DevelopmentIdentityProvider.createIfMissing(in: directory)
        let jwks = try String(contentsOf: provider.keySetURL, encoding: .utf8)
        let router = Router()
        router.get("/.well-known/jwks.json") { _, _ in jwks }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let url = "http://127.0.0.1:\(client.port ?? 0)/.well-known/jwks.json"
            let verifier = TokenVerifier(
                settings: .init(
                    issuer: DevelopmentIdentityProvider.defaultIssuer, audience: "passerelle", keySet: try KeySetSource(url)))
            let caller = try await verifier.verify(try await provider.issue(subject: "u", roles: ["operator"]))
            #expect(caller.isOperator)
        }
    }

    @Test func plainHTTPToAnotherHostIsRefused() {
        #expect(throws: IdentityError.self) { try KeySetSource("http://idp.example.org/jwks.json") }
        #expect((try? KeySetSource("https://idp.example.org/jwks.json")) == .url(URL(string: "https://idp.example.org/jwks.json")!))
    }
}
