import Foundation
import Hummingbird
import ServiceRuntime

/// The bridge process's HTTP routes, each with its rule.
struct BridgeRoutes: Sendable {
    let links: [BridgeLink]

    /// What `GET /bridge/status` returns.
    struct Status: ResponseEncodable {
        var bridges: [BridgeStats.Snapshot]
    }

    /// What pause and resume return.
    struct Switched: ResponseEncodable {
        var partner: String
        var paused: Bool
        var directions: [String]
    }

    func add(to routes: ServiceRoutes) {
        routes.get(
            "/bridge/status",
            .anonymous(
                "anyone on the host", sees: "each direction's state, counters, backlog and last error; errors name fields and rules, never payload values"),
            use: { _, _, _ in Status(bridges: self.links.map(\.stats.current)) })
        for (action, paused) in [("pause", true), ("resume", false)] {
            routes.post(
                "/bridge/:partner/\(action)",
                .token("operators", sees: "the partner's directions and whether they are paused", roles: ["operator"]),
                use: { request, context, access in
                    _ = try access.requireCaller()
                    let partner = context.parameters.get("partner") ?? ""
                    let direction = request.uri.queryParameters.get("direction")
                    let chosen = self.links.filter {
                        $0.route.partner == partner && (direction == nil || $0.route.direction.rawValue == direction)
                    }
                    guard !chosen.isEmpty else {
                        throw HTTPError(.notFound, message: "no bridge for partner \(partner)\(direction.map { " and direction \($0)" } ?? "")")
                    }
                    for link in chosen {
                        try link.pause.set(paused)
                        if paused {
                            link.stats.set(.paused)
                        } else if link.stats.current.state == BridgeStats.State.paused.rawValue {
                            link.stats.set(.connecting)
                        }
                    }
                    return Switched(partner: partner, paused: paused, directions: chosen.map(\.route.direction.rawValue))
                })
        }
    }
}

extension PartnerBridges {
    /// Every route of the bridge's listener with its rule, as `docs/security.md` lists them.
    public static func routeTable() throws -> [ServiceRoutes.Declaration] {
        try ObservabilityServer.makeRoutes(
            metrics: RuntimeMetrics(service: "bridge"), health: HealthState(), routes: { BridgeRoutes(links: []).add(to: $0) },
            verifier: nil, limiter: RateLimiter()
        ).1.declarations
    }
}
