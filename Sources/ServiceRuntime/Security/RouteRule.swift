/// Who may call a route and what they see: declared beside the route, enforced before its handler, and
/// listed in `docs/security.md` (``ServiceRoutes/declarations``).
///
/// The rule checks what can be checked from the request alone (a verified token, its roles, the rate of
/// an anonymous client, the body size); the per-object check (this body's tender, this bidder's letter)
/// stays in the handler, which gets the verified ``Access``.
public struct RouteRule: Sendable, Hashable {
    public enum Authentication: String, Sendable, Hashable, Codable {
        /// No token needed; a token sent anyway is ignored.
        case anonymous
        /// A token is used when present (and must then be valid); absent, the caller is anonymous.
        case optional
        /// A valid token is required: 401 without one.
        case required
    }

    public var authentication: Authentication
    /// With `required`: the caller needs one of these roles (403 otherwise); empty means any verified caller.
    public var roles: Set<String>
    /// Who may call it, in words for the route table.
    public var who: String
    /// What they see.
    public var sees: String
    /// Whether calls without a verified token are rate-limited per client address.
    public var rateLimited: Bool
    /// The largest request body accepted (413 beyond, before the handler runs).
    public var bodyLimit: Int
    /// The code and field of that 413 problem (`bodyTooLarge`, `body` unless the route names its own).
    public var tooLarge = (code: "bodyTooLarge", field: "body")

    public static func == (lhs: RouteRule, rhs: RouteRule) -> Bool {
        lhs.authentication == rhs.authentication && lhs.roles == rhs.roles && lhs.who == rhs.who && lhs.sees == rhs.sees
            && lhs.rateLimited == rhs.rateLimited && lhs.bodyLimit == rhs.bodyLimit && lhs.tooLarge == rhs.tooLarge
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.authentication)
        hasher.combine(self.who)
        hasher.combine(self.bodyLimit)
    }

    /// The same rule, with the route's own code and field for a body over the limit.
    public func tooLarge(code: String, field: String) -> RouteRule {
        var rule = self
        rule.tooLarge = (code, field)
        return rule
    }

    /// The default body limit of a route that takes a body: 64 KiB.
    public static let defaultBodyLimit = 64 * 1024

    /// Anyone, without a token; rate-limited per client unless told otherwise.
    public static func anonymous(
        _ who: String = "anyone", sees: String, rateLimited: Bool = true, bodyLimit: Int = defaultBodyLimit
    ) -> RouteRule {
        RouteRule(authentication: .anonymous, roles: [], who: who, sees: sees, rateLimited: rateLimited, bodyLimit: bodyLimit)
    }

    /// Anyone; a token, when sent, identifies the caller (and must verify). Anonymous calls are rate-limited.
    public static func optionalToken(_ who: String, sees: String, bodyLimit: Int = defaultBodyLimit) -> RouteRule {
        RouteRule(authentication: .optional, roles: [], who: who, sees: sees, rateLimited: true, bodyLimit: bodyLimit)
    }

    /// A verified caller, with one of `roles` when given.
    public static func token(
        _ who: String, sees: String, roles: Set<String> = [], bodyLimit: Int = defaultBodyLimit
    ) -> RouteRule {
        RouteRule(authentication: .required, roles: roles, who: who, sees: sees, rateLimited: false, bodyLimit: bodyLimit)
    }
}
