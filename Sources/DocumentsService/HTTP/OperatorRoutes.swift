import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// What operators watch: stuck acts (domain §3.7), alerts, and the returns no transaction claimed, with their
/// triage.
enum OperatorRoutes {
    struct Alert: Codable, Sendable {
        var alertId: String
        var kind: String
        var subject: String
        var detail: String
        var raisedAt: Date
    }

    struct UnattributedReturn: Codable, Sendable {
        var returnId: String
        var kind: String
        var key: String
        var reason: String
        var receivedAt: Date
        var resolvedAt: Date?
        var resolution: String?
    }

    struct Resolution: Codable, Sendable {
        var resolution: String
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DocumentsSettings) {
        let operators: Set<String> = [Caller.Role.operator]
        routes.get("/operations/stuck", .token("operators", sees: "acts stuck in transmitted or in error", roles: operators)) { _, _, _ in
            let stuck = try await host.withTransaction { try await StuckActs.measure(settings: settings, at: settings.clock.now(), $0) }
            return try ServiceHTTP.json(stuck)
        }
        routes.get("/operations/alerts", .token("operators", sees: "the alerts, newest first", roles: operators)) { _, _, _ in
            let alerts = try await host.withTransaction { transaction in
                try await transaction.query(
                    "SELECT alert_id::text, kind, subject, detail, raised_at FROM alerts ORDER BY raised_at DESC LIMIT 500"
                ).map { row in
                    Alert(
                        alertId: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                        subject: try row.decode(String.self, at: 2), detail: try row.decode(String.self, at: 3),
                        raisedAt: try row.decode(Date.self, at: 4))
                }
            }
            return try ServiceHTTP.json(alerts)
        }
        routes.get(
            "/operations/returns", .token("operators", sees: "returns no act or PES file claimed (?all=true: resolved too)", roles: operators)
        ) { request, _, _ in
            let all = request.query("all") == "true"
            let returns = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT return_id::text, kind, key, reason, received_at, resolved_at, resolution FROM unattributed_returns
                    WHERE \(all) OR resolved_at IS NULL ORDER BY received_at DESC LIMIT 500
                    """
                ).map { row in
                    UnattributedReturn(
                        returnId: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                        key: try row.decode(String.self, at: 2), reason: try row.decode(String.self, at: 3),
                        receivedAt: try row.decode(Date.self, at: 4), resolvedAt: try row.decode(Date?.self, at: 5),
                        resolution: try row.decode(String?.self, at: 6))
                }
            }
            return try ServiceHTTP.json(returns)
        }
        routes.post(
            "/operations/returns/:id/resolve", .token("operators", sees: "the return marked resolved, with the note", roles: operators)
        ) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let body = try await ServiceHTTP.decode(Resolution.self, from: request)
            guard !body.resolution.isEmpty, body.resolution.count <= 1000, UUID(uuidString: id) != nil else {
                throw ServiceProblem(.invalid, code: "resolutionInvalid", field: "resolution", rule: "1–1000 characters", "empty or too long")
            }
            let caller = try access.requireCaller()
            let updated = try await host.withTransaction { transaction in
                try await transaction.execute(
                    """
                    UPDATE unattributed_returns SET resolved_at = \(settings.clock.now()),
                        resolution = \("\(caller.subject): \(body.resolution)") WHERE return_id = \(id)::uuid AND resolved_at IS NULL
                    """)
            }
            guard updated == 1 else {
                throw ServiceProblem(.notFound, code: "returnNotFound", field: "id", rule: "an unresolved return", id)
            }
            return try ServiceHTTP.json(["returnId": id, "resolution": body.resolution])
        }
    }
}
