import Hummingbird
import Identity

/// Enforces a ``RouteRule`` before the handler: the per-client rate of anonymous calls, the token, the
/// roles, the body size.
struct RouteGuard: Sendable {
    let verifier: TokenVerifier?
    let limiter: RateLimiter

    func admit(_ request: inout Request, _ context: ServiceRequestContext, _ rule: RouteRule) async throws -> Access {
        let client = context.clientAddress
        let header = request.headers[.authorization]
        var caller: Caller?
        switch rule.authentication {
        case .anonymous:
            caller = nil
        case .optional:
            if header != nil { caller = try await self.verify(header) }
        case .required:
            caller = try await self.verify(header)
        }
        if rule.rateLimited, caller == nil, let wait = self.limiter.take(client) {
            throw ServiceProblem(
                .rateLimited, code: "rateLimited", rule: "at most \(Int(self.limiter.settings.perSecond)) calls per second per client",
                "too many calls; retry in \(Int(wait.rounded(.up))) s")
        }
        if rule.authentication == .required, !rule.roles.isEmpty, let caller, caller.roles.isDisjoint(with: rule.roles) {
            throw ServiceProblem(
                .forbidden, code: "forbidden", field: "Authorization",
                rule: "one of the roles \(rule.roles.sorted().joined(separator: ", "))", "the token lacks the role")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > rule.bodyLimit {
            throw Self.tooLarge(rule)
        }
        if request.method != .get, request.method != .head {
            do {
                _ = try await request.collectBody(upTo: rule.bodyLimit)
            } catch {
                throw Self.tooLarge(rule)
            }
        }
        return Access(caller: caller, clientAddress: client)
    }

    private func verify(_ header: String?) async throws -> Caller {
        guard let verifier = self.verifier else {
            throw ServiceProblem(
                .unauthorized, code: "unauthenticated", field: "Authorization", rule: "a verified token",
                "this service has no identity provider configured")
        }
        do {
            return try await verifier.verify(authorization: header)
        } catch {
            throw ServiceProblem(
                .unauthorized, code: error.code == .missing ? "unauthenticated" : "invalidToken", field: "Authorization",
                rule: "a Bearer token signed by the platform's identity provider", error.message)
        }
    }

    private static func tooLarge(_ rule: RouteRule) -> ServiceProblem {
        ServiceProblem(
            .tooLarge, code: rule.tooLarge.code, field: rule.tooLarge.field, rule: "at most \(rule.bodyLimit) bytes",
            "the body is too large")
    }
}
