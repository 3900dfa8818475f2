import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage
import TrainingDomain

/// The catalogue and the sessions: anyone signed in reads them; organisers schedule, change, confirm, cancel and close
/// their own sessions.
enum SessionRoutes {
    struct ScheduleBody: Codable, Sendable {
        var sessionId: String
        var plan: SessionPlan
        var draft: Bool?
    }

    struct CancelBody: Codable, Sendable {
        var reason: String
        var reasonText: String?
    }

    struct SessionView: Codable, Sendable {
        var sessionId: String
        var plan: SessionPlan
        var status: SessionStatus
        var organiser: String
        var booked: Int
        var waitlisted: Int
        var pendingApproval: Int
        var seatsLeft: Int?
    }

    static let organisers: Set<String> = [Caller.Role.organiser, Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: TrainingSettings, catalogue: CourseCatalogue) {
        let actions = SessionActions(settings: settings, catalogue: catalogue)
        routes.get("/courses", .token("anyone signed in", sees: "the course catalogue")) { _, _, _ in
            try ServiceHTTP.json(catalogue.courses)
        }
        routes.get("/sessions", .token("anyone signed in", sees: "the sessions, with their seats (?course=, ?status=, ?from=)")) { request, _, _ in
            let course = request.query("course")
            let status = request.query("status")
            let views = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT session_id::text FROM sessions
                    WHERE (\(course)::text IS NULL OR course_code = \(course)) AND (\(status)::text IS NULL OR status = \(status))
                    ORDER BY starts_at NULLS LAST, scheduled_at LIMIT 500
                    """
                ).asyncMap { try await Self.view(try $0.decode(String.self, at: 0), in: transaction) }
            }
            return try ServiceHTTP.json(views)
        }
        routes.get("/sessions/:id", .token("anyone signed in", sees: "one session with its seats")) { _, context, _ in
            try ServiceHTTP.json(try await host.withTransaction { try await Self.view(context.parameters.get("id") ?? "", in: $0) })
        }
        routes.post("/sessions", .token("organisers", sees: "the session they schedule", roles: organisers)) { request, _, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(ScheduleBody.self, from: request, limit: 64 * 1024)
            let view = try await host.withTransaction { transaction in
                let session = try await actions.schedule(body.sessionId, plan: body.plan, draft: body.draft ?? false, by: caller, in: transaction)
                return try await Self.view(session.sessionId, in: transaction)
            }
            settings.wake.signal()
            return try ServiceHTTP.json(view, status: .created)
        }
        routes.on(
            "/sessions/:id", method: .patch, .token("the session's organiser, operators", sees: "the session", roles: organisers)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let changes = try await ServiceHTTP.decode(SessionActions.Changes.self, from: request, limit: 64 * 1024)
            let view = try await host.withTransaction { transaction in
                let session = try await actions.update(context.parameters.get("id") ?? "", changes, by: caller, in: transaction)
                return try await Self.view(session.sessionId, in: transaction)
            }
            settings.wake.signal()
            return try ServiceHTTP.json(view)
        }
        routes.post(
            "/sessions/:id/cancel", .token("the session's organiser, operators", sees: "the session", roles: organisers)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(CancelBody.self, from: request, limit: 8192)
            let view = try await host.withTransaction { transaction in
                let session = try await actions.cancel(context.parameters.get("id") ?? "", reason: body.reason, text: body.reasonText, by: caller, in: transaction)
                return try await Self.view(session.sessionId, in: transaction)
            }
            return try ServiceHTTP.json(view)
        }
        let moves: [(String, @Sendable (String, Caller, ServiceTransaction) async throws -> SessionRecord)] = [
            ("confirm", { try await actions.confirm($0, by: $1, in: $2) }),
            ("open", { try await actions.publishDraft($0, by: $1, in: $2) }),
            ("archive", { try await actions.archive($0, by: $1, in: $2) }),
            ("close", { try await AttendanceActions(settings: settings, catalogue: catalogue).close($0, by: $1, in: $2) }),
        ]
        for (name, move) in moves {
            routes.post(
                "/sessions/:id/\(name)", .token("the session's organiser, operators", sees: "the session", roles: organisers)
            ) { _, context, access in
                let caller = try access.requireCaller()
                let view = try await host.withTransaction { transaction in
                    let session = try await move(context.parameters.get("id") ?? "", caller, transaction)
                    return try await Self.view(session.sessionId, in: transaction)
                }
                return try ServiceHTTP.json(view)
            }
        }
    }

    static func view(_ id: String, in transaction: ServiceTransaction) async throws -> SessionView {
        let session = try await SessionRecord.require(id, in: transaction)
        let counts = try await transaction.query(
            """
            SELECT count(*) FILTER (WHERE status = 70), count(*) FILTER (WHERE status IN (50, 60)), count(*) FILTER (WHERE status IN (40, 45))
            FROM signups WHERE session_id = \(id)::uuid
            """)
        let booked = try counts.first?.decode(Int.self, at: 0) ?? 0
        return SessionView(
            sessionId: session.sessionId, plan: session.plan, status: session.status, organiser: session.organiser, booked: booked,
            waitlisted: try counts.first?.decode(Int.self, at: 1) ?? 0, pendingApproval: try counts.first?.decode(Int.self, at: 2) ?? 0,
            seatsLeft: session.plan.capacity == 0 ? nil : max(0, session.plan.capacity - booked))
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
