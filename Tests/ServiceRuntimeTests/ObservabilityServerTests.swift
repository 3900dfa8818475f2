import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import ServiceRuntime
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension ObservabilityTests {
    @Suite(.timeLimit(.minutes(1)))
    struct Server {
        private let logger = Logger(label: "observability-tests", factory: { _ in SwiftLogNoOpLogHandler() })

        @Test func metricsAndHealthAnswerOverHTTP() async throws {
            let metrics = RuntimeMetrics(service: "procurement")
            let health = HealthState()
            metrics.handled(type: "tender.published.v1")
            let server = ObservabilityServer(
                configuration: .init(), metrics: metrics, health: health, logger: self.logger)

            try await self.withRunningGroup(server) { port in
                let client = HTTPProbe(port: port)
                defer { client.close() }

                let scrape = try await client.get("/metrics")
                #expect(scrape.status == 200)
                #expect(scrape.contentType?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(
                    scrape.body.contains(
                        #"passerelle_messages_handled_total{service="procurement",type="tender.published.v1"} 1"#))

                let live = try await client.get("/health/live")
                #expect(live.status == 200)
                #expect(try live.report().isOK)

                let notReady = try await client.get("/health/ready")
                #expect(notReady.status == 503)
                #expect(notReady.contentType?.hasPrefix("application/json") == true)
                #expect(try notReady.report().failedChecks == ["broker", "consumers", "migrations"])

                health.setConnected(true)
                health.setConsuming(true)
                health.setMigrationsApplied(true)
                let ready = try await client.get("/health/ready")
                #expect(ready.status == 200)
                #expect(try ready.report().status == .ok)

                #expect(try await client.get("/no/such/path").status == 404)
            }
        }

        @Test func serviceRoutesAreServedBesideTheBuiltInOnes() async throws {
            let server = ObservabilityServer(
                configuration: .init(host: "127.0.0.1", port: 0),
                metrics: RuntimeMetrics(service: "notifications"),
                health: HealthState(),
                logger: self.logger,
                routes: { routes in
                    routes.get("/unsubscribe/:token", .anonymous(sees: "a confirmation")) { _, context, _ in
                        "unsubscribed \(context.parameters.get("token") ?? "")"
                    }
                }
            )
            try await self.withRunningGroup(server) { port in
                let client = HTTPProbe(port: port)
                defer { client.close() }
                let answer = try await client.get("/unsubscribe/abc")
                #expect(answer.status == 200)
                #expect(answer.body == "unsubscribed abc")
                #expect(try await client.get("/metrics").status == 200)
            }
        }

        @Test func serverStopsWhenTheGroupShutsDown() async throws {
            let server = ObservabilityServer(
                configuration: .init(),
                metrics: RuntimeMetrics(service: "desk"),
                health: HealthState(),
                logger: self.logger
            )
            var port = 0
            try await self.withRunningGroup(server) { bound in
                port = bound
                let client = HTTPProbe(port: bound)
                defer { client.close() }
                let live = try await client.get("/health/live")
                #expect(live.status == 200)
            }
            #expect(port > 0)
            await #expect(throws: ServiceRuntimeError.self) { try await server.boundPort() }
            let client = HTTPProbe(port: port)
            defer { client.close() }
            await #expect(throws: (any Error).self) { try await client.get("/health/live") }
        }

        @Test func cancellingRunStopsTheServer() async throws {
            let server = ObservabilityServer(
                configuration: .init(),
                metrics: RuntimeMetrics(service: "training"),
                health: HealthState(),
                logger: self.logger
            )
            let running = Task { try await server.run() }
            let port = try await server.boundPort()
            #expect(port > 0)
            running.cancel()
            _ = await running.result
            await #expect(throws: ServiceRuntimeError.self) { try await server.boundPort() }
        }

        @Test func portInUseFailsRunAndBoundPort() async throws {
            let first = ObservabilityServer(
                configuration: .init(),
                metrics: RuntimeMetrics(service: "first"),
                health: HealthState(),
                logger: self.logger
            )
            try await self.withRunningGroup(first) { port in
                let second = ObservabilityServer(
                    configuration: .init(port: port),
                    metrics: RuntimeMetrics(service: "second"),
                    health: HealthState(),
                    logger: self.logger
                )
                await #expect(throws: (any Error).self) { try await second.run() }
                await #expect(throws: ServiceRuntimeError.self) { try await second.boundPort() }
            }
        }

        /// Runs the server in a `ServiceGroup`, calls `body` with the bound port, then shuts the group down
        /// gracefully and waits for it to finish.
        private func withRunningGroup(
            _ server: ObservabilityServer,
            _ body: (Int) async throws -> Void
        ) async throws {
            let group = ServiceGroup(configuration: .init(services: [server], logger: self.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let port = try await server.boundPort()
                try await body(port)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }
}

/// A plain HTTP client for the tests: one ephemeral `URLSession`, so no connection outlives the test.
private struct HTTPProbe {
    struct Answer {
        var status: Int
        var contentType: String?
        var body: String

        func report() throws -> HealthReport {
            try JSONDecoder().decode(HealthReport.self, from: Data(self.body.utf8))
        }
    }

    let port: Int
    let session = URLSession(configuration: .ephemeral)

    func get(_ path: String) async throws -> Answer {
        let url = try #require(URL(string: "http://127.0.0.1:\(self.port)\(path)"))
        let (data, response) = try await self.session.data(from: url)
        let http = try #require(response as? HTTPURLResponse)
        return Answer(
            status: http.statusCode,
            contentType: http.value(forHTTPHeaderField: "Content-Type"),
            body: String(decoding: data, as: UTF8.self)
        )
    }

    func close() {
        self.session.invalidateAndCancel()
    }
}
