public import Identity

/// What a route handler knows about its caller: the verified identity (nil when anonymous) and the
/// client's address. The per-object checks throw the problems the route table promises.
public struct Access: Sendable {
    public let caller: Caller?
    public let clientAddress: String

    public init(caller: Caller?, clientAddress: String) {
        self.caller = caller
        self.clientAddress = clientAddress
    }

    /// The caller, or a 401 problem.
    public func requireCaller() throws -> Caller {
        guard let caller = self.caller else {
            throw ServiceProblem(
                .unauthorized, code: "unauthenticated", field: "Authorization", rule: "a Bearer token",
                "this route needs a token")
        }
        return caller
    }

    /// A 403 problem (401 when anonymous) unless `allowed` holds for the caller.
    ///
    /// - Parameters:
    ///   - rule: The rule, as the route table words it (`agents of the buyer's SIREN`).
    ///   - allowed: The check.
    @discardableResult
    public func require(_ rule: String, _ allowed: (Caller) -> Bool) throws -> Caller {
        let caller = try self.requireCaller()
        guard allowed(caller) else {
            throw ServiceProblem(.forbidden, code: "forbidden", rule: rule, "the caller may not do this")
        }
        return caller
    }

    /// Agents of the body with this SIREN (or SIRET), and operators.
    @discardableResult
    public func requireAgent(of siren: String) throws -> Caller {
        try self.require("agents of the buyer's SIREN, or operators") { $0.actsFor(body: siren) }
    }
}
