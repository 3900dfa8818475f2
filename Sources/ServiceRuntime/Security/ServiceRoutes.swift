public import HTTPTypes
public import Hummingbird

/// The only way a service adds HTTP routes: each one with its ``RouteRule``. The host refuses to start
/// when its router holds a route without one (``undeclaredRoutes``).
///
/// ```swift
/// routes.get("/tenders/:id/history", .token("agents of the buyer's SIREN, operators", sees: "the audit trail")) {
///     request, context, access in
///     try access.requireAgent(of: tender.buyerSiret)
///     …
/// }
/// ```
public final class ServiceRoutes {
    /// One declared route, as the route table lists it.
    public struct Declaration: Sendable, Hashable, Codable {
        public var method: String
        public var path: String
        public var authentication: RouteRule.Authentication
        public var roles: [String]
        public var who: String
        public var sees: String
        public var rateLimited: Bool
        public var bodyLimit: Int

        /// `GET /tenders/{id}`, as Hummingbird describes it.
        public var route: String { "\(self.method) \(self.path)" }
    }

    let router: Router<ServiceRequestContext>
    let guardian: RouteGuard
    public private(set) var declarations: [Declaration] = []

    init(router: Router<ServiceRequestContext>, guardian: RouteGuard) {
        self.router = router
        self.guardian = guardian
    }

    public func get<Output: ResponseGenerator>(
        _ path: String, _ rule: RouteRule,
        use handler: @escaping @Sendable (Request, ServiceRequestContext, Access) async throws -> Output
    ) {
        self.on(path, method: .get, rule, use: handler)
    }

    public func post<Output: ResponseGenerator>(
        _ path: String, _ rule: RouteRule,
        use handler: @escaping @Sendable (Request, ServiceRequestContext, Access) async throws -> Output
    ) {
        self.on(path, method: .post, rule, use: handler)
    }

    public func delete<Output: ResponseGenerator>(
        _ path: String, _ rule: RouteRule,
        use handler: @escaping @Sendable (Request, ServiceRequestContext, Access) async throws -> Output
    ) {
        self.on(path, method: .delete, rule, use: handler)
    }

    public func on<Output: ResponseGenerator>(
        _ path: String, method: HTTPRequest.Method, _ rule: RouteRule,
        use handler: @escaping @Sendable (Request, ServiceRequestContext, Access) async throws -> Output
    ) {
        let routerPath = RouterPath(path)
        self.declarations.append(
            Declaration(
                method: method.rawValue, path: routerPath.description, authentication: rule.authentication,
                roles: rule.roles.sorted(), who: rule.who, sees: rule.sees, rateLimited: rule.rateLimited,
                bodyLimit: rule.bodyLimit))
        let guardian = self.guardian
        self.router.on(routerPath, method: method) { request, context -> Output in
            var request = request
            let access = try await guardian.admit(&request, context, rule)
            return try await handler(request, context, access)
        }
    }

    /// The routes of the router that have no declared rule (`GET /path`), sorted. Empty for a router built
    /// only through ``ServiceRoutes``.
    public var undeclaredRoutes: [String] {
        let declared = Set(self.declarations.map(\.route))
        return self.router.routes.map { "\($0.method.rawValue) \($0.path.description)" }.filter { !declared.contains($0) }.sorted()
    }
}
