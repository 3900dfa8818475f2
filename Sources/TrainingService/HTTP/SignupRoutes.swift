import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage
import TrainingDomain

/// Agents sign themselves up (the token's subject and e-mail), follow and withdraw their sign-ups and download their
/// invitation; approvers answer the requests waiting for them.
enum SignupRoutes {
    struct BookBody: Codable, Sendable {
        var signupId: String
        var fullName: String
        var managerEmail: String?
        /// Operators only: the agent they sign up.
        var agentId: String?
        var email: String?
    }

    struct ReasonBody: Codable, Sendable {
        var reason: String?
    }

    struct HistoryEntry: Codable, Sendable {
        var status: Int
        var name: String
        var at: Date
        var actor: String
        var reason: String?
    }

    struct Detail: Codable, Sendable {
        var signup: SignupRecord
        var position: Int?
        var history: [HistoryEntry]
    }

    static let agents: Set<String> = Caller.Role.agentRoles.union([Caller.Role.operator])
    static let approvers: Set<String> = [Caller.Role.manager, Caller.Role.trainingAdmin, Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: TrainingSettings) {
        let actions = SignupActions(settings: settings)
        routes.post(
            "/sessions/:id/signups", .token("agents of a public body (themselves), operators (anyone)", sees: "their sign-up", roles: agents)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(BookBody.self, from: request, limit: 8192)
            let agentId = caller.isOperator ? (body.agentId ?? caller.subject) : caller.subject
            guard let email = caller.isOperator ? (body.email ?? caller.email) : caller.email else {
                throw ServiceProblem(.invalid, code: "invalidField", field: "email", rule: "the token carries the agent's e-mail", "no e-mail in the token")
            }
            let book = SignupActions.BookRequest(
                signupId: body.signupId, sessionId: context.parameters.get("id") ?? "",
                agent: AgentInfo(agentId: agentId, fullName: body.fullName, email: email, managerEmail: body.managerEmail), bodySiren: caller.bodySIREN)
            let detail = try await host.withTransaction { transaction in
                let signup = try await actions.book(book, by: caller.subject, in: transaction)
                return try await Self.detail(signup.signupId, in: transaction)
            }
            return try ServiceHTTP.json(detail, status: .created)
        }
        routes.get(
            "/signups",
            .token(
                "agents (their own), approvers (?pending=true: the requests waiting for them), operators (?agent=, ?session=)",
                sees: "sign-ups", roles: agents.union(approvers))
        ) { request, _, access in
            let caller = try access.requireCaller()
            let pending = request.query("pending") == "true"
            let list = try await host.withTransaction { transaction in
                if pending {
                    let admin = caller.roles.contains(Caller.Role.trainingAdmin) || caller.isOperator
                    return try await transaction.query(
                        """
                        SELECT \(unescaped: SignupRecord.columns) FROM signups
                        WHERE (status = 40 AND (\(caller.isOperator) OR lower(manager_email) = lower(\(caller.email ?? "")))) OR (status = 45 AND \(admin))
                        ORDER BY arrival LIMIT 500
                        """
                    ).map(SignupRecord.init(row:))
                }
                let agent = caller.isOperator ? request.query("agent") : caller.subject
                let session = caller.isOperator ? request.query("session") : nil
                return try await transaction.query(
                    """
                    SELECT \(unescaped: SignupRecord.columns) FROM signups
                    WHERE (\(agent)::text IS NULL OR agent_id = \(agent)) AND (\(session)::text IS NULL OR session_id::text = \(session))
                    ORDER BY arrival DESC LIMIT 500
                    """
                ).map(SignupRecord.init(row:))
            }
            return try ServiceHTTP.json(list)
        }
        routes.get(
            "/signups/:id", .token("the agent, their manager, the session's organiser, operators", sees: "the sign-up and its history", roles: [])
        ) { _, context, access in
            let caller = try access.requireCaller()
            let detail = try await host.withTransaction { transaction in
                let signup = try await SignupRecord.require(context.parameters.get("id") ?? "", in: transaction)
                let session = try await SessionRecord.require(signup.sessionId, in: transaction)
                try Self.authorizeReader(caller, signup, session)
                return try await Self.detail(signup.signupId, in: transaction)
            }
            return try ServiceHTTP.json(detail)
        }
        routes.get(
            "/signups/:id/invitation.ics", .token("the agent", sees: "their iCalendar invitation (booked sign-ups)", roles: [])
        ) { _, context, access in
            let caller = try access.requireCaller()
            let text = try await host.withTransaction { transaction in
                let signup = try await SignupRecord.require(context.parameters.get("id") ?? "", in: transaction)
                let session = try await SessionRecord.require(signup.sessionId, in: transaction)
                guard caller.subject == signup.agent.agentId || caller.isOperator else {
                    throw ServiceProblem(.forbidden, code: "notYourSignup", field: "signupId", rule: "the agent themself", "someone else's sign-up")
                }
                guard signup.status == .booked else {
                    throw ServiceProblem(.conflict, code: "notBooked", field: "status", rule: "a booked sign-up (70)", "the sign-up is \(signup.status)")
                }
                return Invitations(settings: settings)
                    .make(.request, for: signup, session: session, sequence: max(0, signup.calendarSequence), at: settings.clock.now()).render()
            }
            return Response(
                status: .ok, headers: [.contentType: "text/calendar; charset=utf-8; method=REQUEST"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        routes.post(
            "/signups/:id/cancel", .token("the agent, the session's organiser, operators", sees: "the sign-up", roles: [], bodyLimit: 4096)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(ReasonBody.self, from: request, limit: 4096, whenEmpty: ReasonBody())
            let detail = try await host.withTransaction { transaction in
                let signup = try await actions.cancel(context.parameters.get("id") ?? "", reason: body.reason, by: caller, in: transaction)
                return try await Self.detail(signup.signupId, in: transaction)
            }
            return try ServiceHTTP.json(detail)
        }
        for name in ["approve", "decline"] {
            routes.post(
                "/signups/:id/\(name)",
                .token("the agent's manager (step 40), the training administrators (step 45), operators", sees: "the sign-up", roles: approvers, bodyLimit: 4096)
            ) { request, context, access in
                let caller = try access.requireCaller()
                let reason = try await ServiceHTTP.decode(ReasonBody.self, from: request, limit: 4096).reason ?? ""
                let detail = try await host.withTransaction { transaction in
                    let id = context.parameters.get("id") ?? ""
                    let signup = name == "approve"
                        ? try await actions.approve(id, reason: reason, by: caller, in: transaction)
                        : try await actions.decline(id, reason: reason, by: caller, in: transaction)
                    return try await Self.detail(signup.signupId, in: transaction)
                }
                return try ServiceHTTP.json(detail)
            }
        }
    }

    static func authorizeReader(_ caller: Caller, _ signup: SignupRecord, _ session: SessionRecord) throws {
        let manager = caller.roles.contains(Caller.Role.manager) && signup.agent.managerEmail.map(caller.owns(email:)) == true
        guard caller.isOperator || caller.subject == signup.agent.agentId || manager || session.isOrganisedBy(caller.subject)
            || caller.roles.contains(Caller.Role.trainingAdmin)
        else {
            throw ServiceProblem(
                .forbidden, code: "notYourSignup", field: "signupId", rule: "the agent, their manager, the organiser, the training service or an operator",
                "someone else's sign-up")
        }
    }

    static func detail(_ id: String, in transaction: ServiceTransaction) async throws -> Detail {
        let signup = try await SignupRecord.require(id, in: transaction)
        let history = try await transaction.query(
            "SELECT status, at, actor, reason FROM signup_history WHERE signup_id = \(id)::uuid ORDER BY id"
        ).map {
            let status = try $0.decode(Int.self, at: 0)
            return HistoryEntry(
                status: status, name: SignupStatus(rawValue: status)?.name ?? "?", at: try $0.decode(Date.self, at: 1),
                actor: try $0.decode(String.self, at: 2), reason: try $0.decode(String?.self, at: 3))
        }
        let position = signup.status == .waitlisted ? try await Seats.position(of: signup, in: transaction) : nil
        return Detail(signup: signup, position: position, history: history)
    }
}
