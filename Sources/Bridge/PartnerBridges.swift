import Contracts
import Foundation
import Hummingbird
import Identity
import Logging
import ServiceLifecycle
import ServiceRuntime
import Topology

/// Every bridge of the hub in one process (`passerelle-bridge`): both directions of each partner, and an HTTP
/// listener with `GET /bridge/status`, pause and resume, `/metrics` and health.
public struct PartnerBridges: Service {
    public let links: [BridgeLink]
    private let server: ObservabilityServer

    /// - Parameters:
    ///   - configurations: One per partner.
    ///   - hub: The contracts.
    ///   - stateFolder: Where pause markers are kept (`$PASSERELLE_HOME/bridges`).
    ///   - http: The listener's address and port.
    ///   - verifier: Verifies the operators' tokens of pause and resume.
    public init(
        configurations: [BridgeConfiguration], hub: ContractHub, stateFolder: URL?,
        http: ObservabilityServer.Configuration, verifier: TokenVerifier?, logger: Logger
    ) throws(BridgeError) {
        let links = try Self.links(configurations: configurations, hub: hub, stateFolder: stateFolder, logger: logger)
        self.links = links
        let metrics = RuntimeMetrics(service: "bridge")
        let health = HealthState()
        health.setConnected(true)
        health.setConsuming(true)
        health.setMigrationsApplied(true)
        let routes = BridgeRoutes(links: links)
        self.server = ObservabilityServer(
            configuration: http, metrics: metrics, health: health, logger: logger,
            routes: { routes.add(to: $0) }, verifier: verifier)
    }

    /// Both directions of each partner, sharing one compiled set of schemas.
    public static func links(
        configurations: [BridgeConfiguration], hub: ContractHub, stateFolder: URL?, logger: Logger
    ) throws(BridgeError) -> [BridgeLink] {
        let schemas = ContractSchemas(hub: hub)
        var links: [BridgeLink] = []
        for configuration in configurations {
            for direction in BridgeDirection.allCases {
                let route = try BridgeRoute(partner: configuration.partner, direction: direction, hub: hub)
                let marker = stateFolder?.appendingPathComponent("\(configuration.partner).\(direction.rawValue).paused")
                links.append(BridgeLink(
                    validator: BridgeValidator(route: route, hub: hub, schemas: schemas),
                    endpoints: configuration.endpoints(direction), prefetch: configuration.prefetch,
                    pause: PauseSwitch(marker: marker), logger: logger))
            }
        }
        return links
    }

    public func boundPort() async throws -> Int {
        try await self.server.boundPort()
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.server.run() }
            for link in self.links {
                group.addTask { await cancelWhenGracefulShutdown { await link.run() } }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Runs `body` and cancels it on graceful shutdown.
func cancelWhenGracefulShutdown(_ body: @escaping @Sendable () async -> Void) async {
    try? await cancelOnGracefulShutdown { await body() }
}
