import Foundation
import Hummingbird
import Identity
import Logging
import ServiceLifecycle
@testable import ServiceRuntime
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The access rule declared beside each route, enforced before its handler: tokens verified, roles, the
/// per-client rate of anonymous calls, body sizes; and no route without a rule.
@Suite(.timeLimit(.minutes(1))) struct RouteGuardTests {
    let provider: DevelopmentIdentityProvider

    init() throws {
        self.provider = try DevelopmentIdentityProvider.createIfMissing(
            in: FileManager.default.temporaryDirectory.appendingPathComponent("route-guard-\(UUID().uuidString)"))
    }

    var verifier: TokenVerifier {
        TokenVerifier(
            settings: .init(issuer: self.provider.issuer, audience: "passerelle", keySet: .file(self.provider.keySetURL.path)))
    }

    static func routes(_ routes: ServiceRoutes) {
        routes.get("/public", .anonymous(sees: "a constant")) { _, _, _ in "public" }
        routes.get("/maybe", .optionalToken("anyone", sees: "who they are")) { _, _, access in
            access.caller?.subject ?? "anonymous"
        }
        routes.get("/ops", .token("operators", sees: "a constant", roles: ["operator"])) { _, _, access in
            access.caller?.subject ?? ""
        }
        routes.get("/bodies/:siren", .token("agents of the body", sees: "the body's data")) { _, context, access in
            try access.requireAgent(of: context.parameters.get("siren") ?? "")
            return "ok"
        }
        routes.post("/upload", .token("anyone signed in", sees: "a size", bodyLimit: 100)) { request, _, _ in
            var request = request
            return "\(try await request.collectBody(upTo: 100).readableBytes)"
        }
    }

    func withServer(
        limiter: RateLimiter = RateLimiter(), _ body: (_ request: (String, String, String?, Data?) async throws -> Int) async throws -> Void
    ) async throws {
        let logger = Logger(label: "route-guard-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = ObservabilityServer(
            configuration: .init(), metrics: RuntimeMetrics(service: "http"), health: HealthState(), logger: logger,
            routes: Self.routes, verifier: self.verifier, limiter: limiter)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let session = URLSession(configuration: .ephemeral)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.boundPort()
            try await body { method, path, token, payload in
                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
                request.httpMethod = method
                request.httpBody = payload
                if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
                let (_, response) = try await session.data(for: request)
                return (response as? HTTPURLResponse)?.statusCode ?? 0
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        session.invalidateAndCancel()
    }

    @Test func tokensAndRolesAreCheckedBeforeTheHandler() async throws {
        let agent = try await self.provider.issue(subject: "agent", roles: ["buyer"], siren: "213502388")
        let operatorToken = try await self.provider.issue(subject: "ops", roles: ["operator"])
        let expired = try await self.provider.issue(subject: "old", roles: ["operator"], ttl: 1, now: Date().addingTimeInterval(-3600))
        try await self.withServer { request in
            let s1 = try await request("GET", "/public", nil, nil)
            #expect(s1 == 200)
            let s2 = try await request("GET", "/ops", nil, nil)
            #expect(s2 == 401)
            let s3 = try await request("GET", "/ops", "not-a-token", nil)
            #expect(s3 == 401)
            let s4 = try await request("GET", "/ops", expired, nil)
            #expect(s4 == 401)
            let s5 = try await request("GET", "/ops", agent, nil)
            #expect(s5 == 403)
            let s6 = try await request("GET", "/ops", operatorToken, nil)
            #expect(s6 == 200)
            // An optional token that is sent must verify.
            let s7 = try await request("GET", "/maybe", nil, nil)
            #expect(s7 == 200)
            let s8 = try await request("GET", "/maybe", "forged", nil)
            #expect(s8 == 401)
            // The per-object check: this body, or an operator.
            let s9 = try await request("GET", "/bodies/213502388", agent, nil)
            #expect(s9 == 200)
            let s10 = try await request("GET", "/bodies/552081317", agent, nil)
            #expect(s10 == 403)
            let s11 = try await request("GET", "/bodies/552081317", operatorToken, nil)
            #expect(s11 == 200)
        }
    }

    @Test func bodiesOverTheRouteLimitAreRefusedBeforeTheHandler() async throws {
        let token = try await self.provider.issue(subject: "u")
        try await self.withServer { request in
            let s12 = try await request("POST", "/upload", token, Data(count: 100))
            #expect(s12 == 200)
            let s13 = try await request("POST", "/upload", token, Data(count: 101))
            #expect(s13 == 413)
            let s14 = try await request("POST", "/upload", nil, Data(count: 10))
            #expect(s14 == 401)
        }
    }

    @Test func anonymousCallsAreRateLimitedPerClient() async throws {
        var settings = RateLimiter.Settings()
        settings.burst = 5
        settings.perSecond = 0.01
        try await self.withServer(limiter: RateLimiter(settings: settings)) { request in
            for _ in 0..<5 {
                let s15 = try await request("GET", "/public", nil, nil)
                #expect(s15 == 200)
            }
            let s16 = try await request("GET", "/public", nil, nil)
            #expect(s16 == 429)
            let s17 = try await request("GET", "/maybe", nil, nil)
            #expect(s17 == 429)
            // A verified caller is not counted against the anonymous budget.
            let s18 = try await request("GET", "/maybe", try await self.provider.issue(subject: "u"), nil)
            #expect(s18 == 200)
            // The monitoring routes are not rate-limited.
            let s19 = try await request("GET", "/health/live", nil, nil)
            #expect(s19 == 200)
        }
    }

    @Test func aRouteWithoutARuleStopsTheListenerFromStarting() throws {
        let (_, declared) = try ObservabilityServer.makeRoutes(
            metrics: RuntimeMetrics(service: "x"), health: HealthState(), routes: Self.routes, verifier: nil,
            limiter: RateLimiter())
        #expect(declared.undeclaredRoutes.isEmpty)
        #expect(Set(declared.declarations.map(\.route)).isSuperset(of: ["GET /metrics", "GET /ops", "POST /upload"]))
        // A route added to the router directly, bypassing the rules, is found by the walk.
        declared.router.get("/sneaky") { _, _ in "leak" }
        #expect(declared.undeclaredRoutes == ["GET /sneaky"])
        #expect(throws: ServiceRuntimeError.self) {
            try ObservabilityServer.makeRoutes(
                metrics: RuntimeMetrics(service: "x"), health: HealthState(),
                routes: { routes in routes.router.get("/sneaky") { _, _ in "leak" } }, verifier: nil, limiter: RateLimiter())
        }
    }

    @Test func withoutAnIdentityProviderEveryTokenRouteAnswers401() async throws {
        let logger = Logger(label: "route-guard-tests", factory: { _ in SwiftLogNoOpLogHandler() })
        let server = ObservabilityServer(
            configuration: .init(), metrics: RuntimeMetrics(service: "http"), health: HealthState(), logger: logger,
            routes: Self.routes, verifier: nil)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.boundPort()
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/ops")!)
            request.setValue("Bearer \(try await self.provider.issue(subject: "ops", roles: ["operator"]))", forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 401)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
