import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// A body's administrator opts in (or out) of course suggestions, naming the contact who receives them.
enum SuggestionRoutes {
    struct OptIn: Codable, Sendable {
        var contactEmail: String
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: TrainingSettings) {
        let roles: Set<String> = [Caller.Role.administrator, Caller.Role.operator]
        routes.on(
            "/bodies/:siren/suggestions", method: .put, .token("the body's administrators, operators", sees: "the body's opt-in", roles: roles)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let siren = try Self.authorize(caller, context.parameters.get("siren") ?? "")
            let body = try await ServiceHTTP.decode(OptIn.self, from: request, limit: 4096)
            guard body.contactEmail.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) != nil else {
                throw ServiceProblem(.invalid, code: "invalidField", field: "contactEmail", rule: "an e-mail address", "not an address")
            }
            _ = try await host.withTransaction { transaction in
                try await transaction.execute(
                    """
                    INSERT INTO suggestion_opt_ins (siren, contact_email, enabled_by, enabled_at)
                    VALUES (\(siren), \(body.contactEmail), \(caller.subject), \(settings.clock.now()))
                    ON CONFLICT (siren) DO UPDATE SET contact_email = EXCLUDED.contact_email, enabled_by = EXCLUDED.enabled_by,
                        enabled_at = EXCLUDED.enabled_at
                    """)
            }
            return try ServiceHTTP.json(["siren": siren, "contactEmail": body.contactEmail])
        }
        routes.delete(
            "/bodies/:siren/suggestions", .token("the body's administrators, operators", sees: "nothing", roles: roles)
        ) { _, context, access in
            let caller = try access.requireCaller()
            let siren = try Self.authorize(caller, context.parameters.get("siren") ?? "")
            _ = try await host.withTransaction { try await $0.execute("DELETE FROM suggestion_opt_ins WHERE siren = \(siren)") }
            return Response(status: .noContent)
        }
    }

    static func authorize(_ caller: Caller, _ siren: String) throws -> String {
        guard siren.range(of: #"^\d{9}$"#, options: .regularExpression) != nil else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "siren", rule: "9 digits", "not a SIREN")
        }
        guard caller.actsFor(body: siren) else {
            throw ServiceProblem(.forbidden, code: "notYourBody", field: "siren", rule: "an administrator of this body", "another body")
        }
        return siren
    }
}
