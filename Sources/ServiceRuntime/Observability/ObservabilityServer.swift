import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
public import Identity

/// A small HTTP listener serving `/metrics`, `/health/live`, `/health/ready` and any routes the service adds.
///
/// - `GET /metrics`: the Prometheus text exposition of ``RuntimeMetrics`` (`text/plain; version=0.0.4`).
/// - `GET /health/live` and `GET /health/ready`: a JSON ``HealthReport``; 200 when `ok`, 503 otherwise.
///
/// Run it as a `Service` in the service's `ServiceGroup`; graceful shutdown (or cancellation) stops
/// the listener. With port 0 the system picks a free port; ``boundPort()`` returns the one bound.
///
/// > Note: Call ``run()`` once per value; copies share the bound port.
public struct ObservabilityServer: Service {
    /// Where the listener binds.
    public struct Configuration: Sendable {
        /// The address to bind (`127.0.0.1` by default; `0.0.0.0` to be reachable from outside the host).
        public var host: String
        /// The TCP port; 0 lets the system pick a free one (see ``ObservabilityServer/boundPort()``).
        public var port: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - host: The address to bind.
        ///   - port: The TCP port, or 0 for any free port.
        public init(host: String = "127.0.0.1", port: Int = 0) {
            self.host = host
            self.port = port
        }
    }

    /// Adds a service's own routes (document downloads, an unsubscribe endpoint…), each with its rule.
    public typealias Routes = @Sendable (ServiceRoutes) -> Void

    private let configuration: Configuration
    private let metrics: RuntimeMetrics
    private let health: HealthState
    private let logger: Logger
    private let routes: Routes?
    private let verifier: TokenVerifier?
    private let limiter: RateLimiter
    private let bound = BoundPort()

    /// Creates the server; nothing listens until ``run()``.
    ///
    /// - Parameters:
    ///   - configuration: Where to bind.
    ///   - metrics: The metrics served on `/metrics`.
    ///   - health: The state behind `/health/live` and `/health/ready`.
    ///   - logger: The logger of the HTTP server.
    ///   - routes: Extra routes of the service, added after the built-in ones.
    ///   - verifier: Verifies the bearer tokens of routes that need one; `nil` answers them 401.
    ///   - limiter: The per-client limit of anonymous calls.
    public init(
        configuration: Configuration,
        metrics: RuntimeMetrics,
        health: HealthState,
        logger: Logger,
        routes: Routes? = nil,
        verifier: TokenVerifier? = nil,
        limiter: RateLimiter = RateLimiter()
    ) {
        self.configuration = configuration
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.routes = routes
        self.verifier = verifier
        self.limiter = limiter
    }

    /// The router with the built-in and the service's routes, and their declarations.
    ///
    /// - Throws: ``ServiceRuntimeError`` (`invalidConfiguration`) naming a route added without a rule.
    public static func makeRoutes(
        metrics: RuntimeMetrics, health: HealthState, routes: Routes?, verifier: TokenVerifier?, limiter: RateLimiter
    ) throws -> (Router<ServiceRequestContext>, ServiceRoutes) {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        let declared = ServiceRoutes(router: router, guardian: RouteGuard(verifier: verifier, limiter: limiter))
        Self.addBuiltInRoutes(to: declared, metrics: metrics, health: health)
        routes?(declared)
        if let undeclared = declared.undeclaredRoutes.first {
            throw ServiceRuntimeError(.invalidConfiguration, "route \(undeclared) has no declared access rule")
        }
        return (router, declared)
    }

    /// Waits until the listener is bound and returns its port (the real one when configured with 0).
    ///
    /// - Returns: The bound TCP port.
    /// - Throws: ``ServiceRuntimeError`` (code `shuttingDown`) if the server failed to start or has
    ///   stopped; `CancellationError` if the calling task is cancelled while waiting.
    public func boundPort() async throws -> Int {
        try await self.bound.value()
    }

    /// Binds the listener and serves requests until graceful shutdown or cancellation.
    ///
    /// - Throws: The error of the HTTP server, for example when the port is already in use.
    public func run() async throws {
        let router: Router<ServiceRequestContext>
        do {
            (router, _) = try Self.makeRoutes(
                metrics: self.metrics, health: self.health, routes: self.routes, verifier: self.verifier, limiter: self.limiter)
        } catch {
            self.bound.end(ServiceRuntimeError(.shuttingDown, "observability server failed: \(error)"))
            throw error
        }
        let bound = self.bound
        let requestedPort = self.configuration.port
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(self.configuration.host, port: self.configuration.port)
            ),
            onServerRunning: { channel in
                bound.resolve(channel.localAddress?.port ?? requestedPort)
            },
            logger: self.logger
        )
        do {
            try await application.run()
        } catch {
            bound.end(ServiceRuntimeError(.shuttingDown, "observability server failed: \(error)"))
            throw error
        }
        bound.end(ServiceRuntimeError(.shuttingDown, "observability server stopped"))
    }

    private static func addBuiltInRoutes(to routes: ServiceRoutes, metrics: RuntimeMetrics, health: HealthState) {
        let monitoring = RouteRule.anonymous(
            "the monitoring on the host (the listener binds loopback unless told otherwise)",
            sees: "counters and health, no business data", rateLimited: false, bodyLimit: 0)
        routes.get("/metrics", monitoring) { _, _, _ in
            EditedResponse(
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                response: metrics.exposition()
            )
        }
        routes.get("/health/live", monitoring) { _, _, _ in
            try Self.response(for: health.liveness())
        }
        routes.get("/health/ready", monitoring) { _, _, _ in
            try Self.response(for: health.readiness())
        }
    }

    private static func response(for report: HealthReport) throws -> EditedResponse<String> {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        return EditedResponse(
            status: report.isOK ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json; charset=utf-8"],
            response: json
        )
    }
}
