import DeskDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// The experts' side: the matches sent to them (by the token's e-mail), one match with the company's request, and
/// their actions (take care, close with an outcome, not for me).
enum MatchRoutes {
    struct Move: Codable, Sendable {
        var status: MatchStatus
        var comment: String?
    }

    struct Detail: Codable, Sendable {
        var match: MatchActions.Match
        var request: RequestView?
        var history: [HistoryEntry]
    }

    struct RequestView: Codable, Sendable {
        var description: String
        var fullName: String
        var email: String
        var phone: String?
        var siret: String?
        var companyName: String?
        var communeInsee: String?
        var requestedHelpAmountCents: Int64?
    }

    struct HistoryEntry: Codable, Sendable {
        var status: String
        var at: Date
        var actor: String
        var comment: String?
    }

    static let expertRoles: Set<String> = [Caller.Role.expert, Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DeskSettings, catalogue: Catalogue) {
        let actions = MatchActions(settings: settings, catalogue: catalogue)
        routes.get(
            "/matches", .token("experts (their own matches, by the token's e-mail), operators (?expert=)", sees: "the matches", roles: expertRoles)
        ) { request, _, access in
            let caller = try access.requireCaller()
            let email = caller.isOperator ? request.query("expert") : caller.email
            let status = request.query("status")
            let matches = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT \(unescaped: MatchActions.columns) FROM matches m JOIN needs n USING (need_id)
                    WHERE (\(email)::text IS NULL OR lower(m.expert_email) = lower(\(email)))
                      AND (\(status)::text IS NULL OR m.status = \(status))
                    ORDER BY m.sent_at DESC LIMIT 500
                    """
                ).map(MatchActions.match(row:))
            }
            return try ServiceHTTP.json(matches)
        }
        routes.get(
            "/matches/:id", .token("the match's expert, operators", sees: "the match, the company's request and the history", roles: expertRoles)
        ) { _, context, access in
            let caller = try access.requireCaller()
            let detail = try await host.withTransaction { transaction in
                guard let match = try await MatchActions.load(context.parameters.get("id") ?? "", in: transaction) else {
                    throw ServiceProblem(.notFound, code: "matchNotFound", field: "matchId", rule: "a match of the desk", "no such match")
                }
                try MatchActions.authorize(caller, match)
                let solicitation = try await Solicitation.load(match.applicationId, in: transaction)
                let history = try await transaction.query(
                    "SELECT status, at, actor, comment FROM match_history WHERE match_id = \(match.matchId)::uuid ORDER BY id"
                ).map {
                    HistoryEntry(
                        status: try $0.decode(String.self, at: 0), at: try $0.decode(Date.self, at: 1), actor: try $0.decode(String.self, at: 2),
                        comment: try $0.decode(String?.self, at: 3))
                }
                return Detail(
                    match: match,
                    request: solicitation.map {
                        RequestView(
                            description: $0.draft.description, fullName: $0.draft.fullName, email: $0.draft.email, phone: $0.draft.phone,
                            siret: $0.draft.siret, companyName: $0.companyName, communeInsee: $0.facility?.communeInsee ?? $0.draft.communeInsee,
                            requestedHelpAmountCents: $0.draft.requestedHelpAmountCents)
                    }, history: history)
            }
            return try ServiceHTTP.json(detail)
        }
        routes.post(
            "/matches/:id/take-care", .token("the match's expert, operators", sees: "the match", roles: expertRoles)
        ) { _, context, access in
            let caller = try access.requireCaller()
            let match = try await host.withTransaction { transaction in
                try await actions.move(context.parameters.get("id") ?? "", to: .takingCare, comment: nil, by: caller, transaction)
            }
            return try ServiceHTTP.json(match)
        }
        routes.post(
            "/matches/:id/close",
            .token("the match's expert, operators", sees: "the match", roles: expertRoles, bodyLimit: 4096)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let move = try await ServiceHTTP.decode(Move.self, from: request, limit: 4096)
            guard move.status.isClosed else {
                throw ServiceProblem(
                    .invalid, code: "invalidField", field: "status", rule: "done, doneNoHelp, doneNotReachable or notForMe",
                    "\(move.status.rawValue) does not close a match")
            }
            let match = try await host.withTransaction { transaction in
                try await actions.move(context.parameters.get("id") ?? "", to: move.status, comment: move.comment, by: caller, transaction)
            }
            return try ServiceHTTP.json(match)
        }
    }
}
