import Foundation
import Identity
import Logging
import ServiceRuntime
import Testing
import Topology

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import Bridge

/// The bridge's HTTP routes called as the wrong person and the right one, on a real listener. The brokers it
/// points at do not exist: the routes answer whatever the links are doing.
@Suite struct BridgeRoutesAccessTests {
    @Test func pauseAndResumeNeedAnOperatorStatusDoesNot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let provider = try DevelopmentIdentityProvider.createIfMissing(in: directory)
        let verifier = TokenVerifier(
            settings: .init(
                issuer: DevelopmentIdentityProvider.defaultIssuer, audience: "passerelle", keySet: .file(provider.keySetURL.path)))
        let settings = try TopologySettings(yaml: "partners: [prefecture]\nbridges:\n  prefecture: {url: 'amqp://127.0.0.1:9/prefecture'}\n")
        let configuration = try BridgeConfiguration(
            partner: "prefecture", settings: settings,
            environment: ["PASSERELLE_SECRET_PREFECTURE": "x", "PASSERELLE_SECRET_HUB_PREFECTURE": "y", "PASSERELLE_AMQP_URL": "amqp://127.0.0.1:9/%2F"])
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let bridges = try PartnerBridges(
            configurations: [configuration], hub: BridgeContractsFixture.hub, stateFolder: directory.appendingPathComponent("bridges"),
            http: .init(host: "127.0.0.1", port: 0), verifier: verifier, logger: logger)
        let task = Task { try await bridges.run() }
        let base = "http://127.0.0.1:\(try await bridges.boundPort())"

        func call(_ method: String, _ path: String, token: String? = nil) async throws -> Int {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        #expect(try await call("GET", "/bridge/status") == 200)
        #expect(try await call("POST", "/bridge/prefecture/pause") == 401)
        let agent = try await provider.issue(subject: "agent", roles: ["buyer"], siren: "212102313")
        #expect(try await call("POST", "/bridge/prefecture/pause", token: agent) == 403)
        #expect(bridges.links.allSatisfy { !$0.pause.isPaused })
        let operatorToken = try await provider.issue(subject: "op", roles: ["operator"])
        #expect(try await call("POST", "/bridge/prefecture/pause?direction=outbound", token: operatorToken) == 200)
        #expect(bridges.links.filter(\.pause.isPaused).map(\.route.direction) == [.outbound])
        // The pause survives a restart: it is a marker file.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("bridges/prefecture.outbound.paused").path))
        #expect(try await call("POST", "/bridge/nobody/pause", token: operatorToken) == 404)
        #expect(try await call("POST", "/bridge/prefecture/resume", token: agent) == 403)
        #expect(try await call("POST", "/bridge/prefecture/resume", token: operatorToken) == 200)
        #expect(bridges.links.allSatisfy { !$0.pause.isPaused })
        task.cancel()
        _ = await task.result
    }
}
