import Foundation

/// The route table of `docs/security.md`: every route of a service with its rule, as declared.
public enum RouteTable {
    /// Markdown rows (`| service | METHOD path | access | who | sees |`), sorted by path then method.
    public static func markdownRows(service: String, _ declarations: [ServiceRoutes.Declaration]) -> [String] {
        declarations.sorted { ($0.path, $0.method) < ($1.path, $1.method) }.map { route in
            var access: String
            switch route.authentication {
            case .anonymous: access = route.rateLimited ? "anonymous, rate-limited" : "anonymous"
            case .optional: access = "token optional, anonymous rate-limited"
            case .required: access = route.roles.isEmpty ? "token" : "token with role \(route.roles.joined(separator: " or "))"
            }
            if route.bodyLimit > 0, route.method != "GET" { access += ", body ≤ \(Self.size(route.bodyLimit))" }
            let path = route.path.replacingOccurrences(of: "|", with: "\\|")
            return "| \(service) | `\(route.method) \(path)` | \(access) | \(route.who) | \(route.sees) |"
        }
    }

    private static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) B"
    }
}
