import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Identity
import Logging
import PasserelleCLI
import ServiceRuntime

extension PasserelleBench {
    /// `passerelle bench auth`: what token verification costs. Verifications per second of one ES256 token
    /// (key set cached), then the HTTP throughput of the same trivial route served anonymously and behind a
    /// token, on one service listener in this process.
    struct BenchAuth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auth",
            abstract: "Measure token verification: per call, and HTTP throughput with and without a token.",
            discussion: "No server needed. Run it on a release build for figures to quote."
        )

        @Option(help: "Token verifications in the direct measurement.")
        var verifications = 5_000

        @Option(help: "HTTP requests per route.")
        var requests = 4_000

        @Option(help: "HTTP requests in flight.")
        var concurrency = 16

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard self.verifications > 0, self.requests > 0 else { throw ValidationError("--verifications and --requests must be at least 1") }
            guard (1...256).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1–256") }
        }

        struct Report: Encodable {
            var verify_per_s: Double
            var verify_us: Double
            var anonymous_rps: Double
            var anonymous_p50_ms: Double
            var anonymous_p99_ms: Double
            var token_rps: Double
            var token_p50_ms: Double
            var token_p99_ms: Double
            var requests: Int
            var concurrency: Int
        }

        func run() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-auth-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let provider = try DevelopmentIdentityProvider.createIfMissing(in: folder)
            let settings = TokenVerifier.Settings(
                issuer: provider.issuer, audience: DevelopmentIdentityProvider.defaultAudience, keySet: .file(provider.keySetURL.path))
            let token = try await provider.issue(subject: "bench", roles: ["operator"], ttl: 3600)

            let verifier = TokenVerifier(settings: settings)
            _ = try await verifier.verify(token)
            FileHandle.standardError.write(Data("bench: \(self.verifications) verifications\n".utf8))
            let start = ContinuousClock.now
            for _ in 0..<self.verifications { _ = try await verifier.verify(token) }
            let seconds = (ContinuousClock.now - start).secondsAsDouble
            let perSecond = Double(self.verifications) / seconds

            var logger = Logger(label: "passerelle.bench.auth")
            logger.logLevel = .error
            let server = ObservabilityServer(
                configuration: .init(host: "127.0.0.1", port: 0), metrics: RuntimeMetrics(service: "bench"),
                health: HealthState(maxOutboxLag: .seconds(30)), logger: logger,
                routes: { routes in
                    routes.get("/open", .anonymous(sees: "a constant", rateLimited: false)) { _, _, _ in "ok" }
                    routes.get("/signed", .token("any verified caller", sees: "a constant")) { _, _, _ in "ok" }
                }, verifier: TokenVerifier(settings: settings))
            let task = Task { try await server.run() }
            defer { task.cancel() }
            let base = "http://127.0.0.1:\(try await server.boundPort())"
            let open = try await self.load("\(base)/open", token: nil)
            let signed = try await self.load("\(base)/signed", token: token)
            let report = Report(
                verify_per_s: perSecond, verify_us: 1e6 / perSecond,
                anonymous_rps: open.rps, anonymous_p50_ms: open.p50, anonymous_p99_ms: open.p99,
                token_rps: signed.rps, token_p50_ms: signed.p50, token_p99_ms: signed.p99,
                requests: self.requests, concurrency: self.concurrency)
            if self.json {
                try JSONOutput.print(report)
                return
            }
            var table = TextTable(columns: [
                .init("MEASURE"), .init("PER SECOND", alignment: .right), .init("P50 MS", alignment: .right),
                .init("P99 MS", alignment: .right),
            ])
            table.append(["ES256 verify (key set cached)", String(format: "%.0f", perSecond), String(format: "%.3f", 1000 / perSecond), ""])
            table.append(["GET anonymous route", String(format: "%.0f", open.rps), String(format: "%.2f", open.p50), String(format: "%.2f", open.p99)])
            table.append(["GET token route", String(format: "%.0f", signed.rps), String(format: "%.2f", signed.p50), String(format: "%.2f", signed.p99)])
            print("\(self.requests) requests per route, \(self.concurrency) in flight, one listener in this process")
            print(table.render(), terminator: "")
        }

        private func load(_ url: String, token: String?) async throws -> (rps: Double, p50: Double, p99: Double) {
            FileHandle.standardError.write(Data("bench: \(self.requests) × GET \(url)\n".utf8))
            let total = self.requests
            let started = ContinuousClock.now
            var latencies: [Double] = []
            try await withThrowingTaskGroup(of: Double.self) { group in
                var next = 0
                func add() {
                    next += 1
                    group.addTask {
                        let sent = ContinuousClock.now
                        let reply = try await ServiceHTTP.request("GET", url, token: token)
                        guard reply.status == 200 else { throw BenchFailure("GET \(url): \(reply.status) \(reply.text)") }
                        return (ContinuousClock.now - sent).secondsAsDouble * 1000
                    }
                }
                for _ in 0..<min(self.concurrency, total) { add() }
                while let latency = try await group.next() {
                    latencies.append(latency)
                    if next < total { add() }
                }
            }
            let seconds = (ContinuousClock.now - started).secondsAsDouble
            let percentiles = Percentiles(latencies)
            return (Double(total) / seconds, percentiles.value(at: 50), percentiles.value(at: 99))
        }
    }
}
