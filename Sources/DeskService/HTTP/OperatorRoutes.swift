import DeskDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// The desk's back office: the requests with their routing decisions explained, cancellation (spam, duplicate,
/// out of scope), and the counts `passerelle desk` and `status` show.
enum OperatorRoutes {
    struct Cancellation: Codable, Sendable {
        var reason: Solicitation.CancelReason
        var comment: String?
    }

    struct Need: Codable, Sendable {
        var needId: String
        var subjectId: String
        var status: String
        var defaultDesk: Bool
        var routedAt: Date
        var closedAt: Date?
        var decision: RoutingDecision
        var explanation: [String]
        var matches: [MatchActions.Match]
    }

    struct Detail: Codable, Sendable {
        var solicitation: Solicitation
        var needs: [Need]
    }

    struct Summary: Codable, Sendable {
        var solicitations: [String: Int]
        var needs: [String: Int]
        var matches: [String: Int]
        var dossiers: [String: Int]
        var awaitingLookup: Int
        var lookupErrors: Int
        var followUpsDue: Int
        var surveysAnswered: Int
    }

    static let operators: Set<String> = [Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DeskSettings, catalogue: Catalogue) {
        routes.get("/solicitations", .token("operators", sees: "the requests (?status=, ?limit=)", roles: operators)) { request, _, _ in
            let status = request.query("status")
            let limit = min(Int(request.query("limit") ?? "") ?? 100, 1000)
            let rows = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT \(unescaped: Solicitation.columns) FROM solicitations
                    WHERE (\(status)::text IS NULL OR status = \(status)) ORDER BY created_at DESC LIMIT \(limit)
                    """
                ).map(Solicitation.init(row:))
            }
            return try ServiceHTTP.json(rows)
        }
        routes.get(
            "/solicitations/:id", .token("operators", sees: "the request, its needs, matches and routing decisions explained", roles: operators)
        ) { _, context, _ in
            let detail = try await host.withTransaction { transaction in
                try await Self.detail(context.parameters.get("id") ?? "", transaction)
            }
            return try ServiceHTTP.json(detail)
        }
        routes.post(
            "/solicitations/:id/cancel", .token("operators", sees: "the request", roles: operators, bodyLimit: 4096)
        ) { request, context, _ in
            let body = try await ServiceHTTP.decode(Cancellation.self, from: request, limit: 4096)
            guard [.spam, .duplicate, .outOfScope].contains(body.reason) else {
                throw ServiceProblem(
                    .invalid, code: "invalidField", field: "reason", rule: "spam, duplicate or outOfScope", "\(body.reason.rawValue) is set by the desk itself")
            }
            let detail = try await host.withTransaction { transaction in
                let id = context.parameters.get("id") ?? ""
                guard let solicitation = try await Solicitation.load(id, lock: true, in: transaction) else {
                    throw ServiceProblem(.notFound, code: "applicationNotFound", field: "applicationId", rule: "a request of the desk", id)
                }
                guard solicitation.status != .processed, solicitation.status != .canceled else {
                    throw ServiceProblem(
                        .conflict, code: "applicationClosed", field: "status", rule: "a request not yet routed or cancelled",
                        "the request is \(solicitation.status.rawValue)")
                }
                try await Solicitation.cancel(
                    solicitation, reason: body.reason, comment: body.comment, settings: settings, at: settings.clock.now(), in: transaction)
                return try await Self.detail(id, transaction)
            }
            return try ServiceHTTP.json(detail)
        }
        routes.get("/operations/summary", .token("operators", sees: "counts per status, lookups waiting, follow-ups due", roles: operators)) {
            _, _, _ in
            let summary = try await host.withTransaction { transaction in try await Self.summary(at: settings.clock.now(), transaction) }
            return try ServiceHTTP.json(summary)
        }
    }

    static func detail(_ applicationId: String, _ transaction: ServiceTransaction) async throws -> Detail {
        guard let solicitation = try await Solicitation.load(applicationId, in: transaction) else {
            throw ServiceProblem(.notFound, code: "applicationNotFound", field: "applicationId", rule: "a request of the desk", applicationId)
        }
        let needRows = try await transaction.query(
            """
            SELECT need_id::text, subject_id, status, default_desk, routed_at, closed_at, decision FROM needs
            WHERE application_id = \(applicationId)::uuid ORDER BY routed_at
            """)
        var needs: [Need] = []
        for row in needRows {
            let needId = try row.decode(String.self, at: 0)
            let decision = try row.decode(PostgresJSON<RoutingDecision>.self, at: 6).value
            let matches = try await transaction.query(
                "SELECT \(unescaped: MatchActions.columns) FROM matches m JOIN needs n USING (need_id) WHERE m.need_id = \(needId)::uuid ORDER BY m.expert_key"
            ).map(MatchActions.match(row:))
            needs.append(
                Need(
                    needId: needId, subjectId: try row.decode(String.self, at: 1), status: try row.decode(String.self, at: 2),
                    defaultDesk: try row.decode(Bool.self, at: 3), routedAt: try row.decode(Date.self, at: 4),
                    closedAt: try row.decode(Date?.self, at: 5), decision: decision, explanation: decision.explanation, matches: matches))
        }
        return Detail(solicitation: solicitation, needs: needs)
    }

    static func summary(at now: Date, _ transaction: ServiceTransaction) async throws -> Summary {
        func counts(_ table: String, _ column: String) async throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try await transaction.query("SELECT \(unescaped: column), count(*) FROM \(unescaped: table) GROUP BY 1") {
                result[try row.decode(String.self, at: 0)] = try row.decode(Int.self, at: 1)
            }
            return result
        }
        func count(_ sql: PostgresQuery) async throws -> Int {
            try await transaction.query(sql).first?.decode(Int.self, at: 0) ?? 0
        }
        return Summary(
            solicitations: try await counts("solicitations", "status"), needs: try await counts("needs", "status"),
            matches: try await counts("matches", "status"), dossiers: try await counts("dossiers", "state"),
            awaitingLookup: try await count("SELECT count(*) FROM solicitations WHERE status = 'awaitingCompany'"),
            lookupErrors: try await count("SELECT count(*) FROM solicitations WHERE status = 'awaitingCompany' AND lookup_error IS NOT NULL"),
            followUpsDue: try await count(
                "SELECT count(*) FROM follow_ups WHERE fired_at IS NULL AND NOT cancelled AND due_at <= \(now)"),
            surveysAnswered: try await count("SELECT count(*) FROM surveys WHERE answered_at IS NOT NULL"))
    }
}
