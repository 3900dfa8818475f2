import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage
import TrainingDomain

/// The session's staff see the roster and record attendance; agents download their certificates and read their
/// training record across sessions.
enum AttendanceRoutes {
    struct AttendanceBody: Codable, Sendable {
        var records: [AttendanceActions.Record]
    }

    struct RecordEntry: Codable, Sendable {
        var signupId: String
        var sessionId: String
        var courseCode: String
        var title: String
        var startsAt: Date?
        var status: Int
        var statusName: String
        var late: Bool
        var minutesAttended: Int?
        var certificateId: String?
    }

    static let staff: Set<String> = [Caller.Role.organiser, Caller.Role.trainer, Caller.Role.operator]

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: TrainingSettings, catalogue: CourseCatalogue) {
        let actions = AttendanceActions(settings: settings, catalogue: catalogue)
        routes.get(
            "/sessions/:id/roster", .token("the session's organiser and trainers, operators", sees: "the session's sign-ups", roles: staff)
        ) { _, context, access in
            let caller = try access.requireCaller()
            let roster = try await host.withTransaction { transaction in
                let session = try await SessionRecord.require(context.parameters.get("id") ?? "", in: transaction)
                try AttendanceActions.authorizeRecorder(caller, session)
                return try await transaction.query(
                    "SELECT \(unescaped: SignupRecord.columns) FROM signups WHERE session_id = \(session.sessionId)::uuid ORDER BY arrival"
                ).map(SignupRecord.init(row:))
            }
            return try ServiceHTTP.json(roster)
        }
        routes.post(
            "/sessions/:id/attendance", .token("the session's organiser and trainers, operators", sees: "the recorded sign-ups", roles: staff)
        ) { request, context, access in
            let caller = try access.requireCaller()
            let body = try await ServiceHTTP.decode(AttendanceBody.self, from: request, limit: 256 * 1024)
            let updated = try await host.withTransaction { transaction in
                try await actions.record(context.parameters.get("id") ?? "", body.records, by: caller, in: transaction)
            }
            return try ServiceHTTP.json(updated)
        }
        routes.get(
            "/certificates/:signupId", .token("the agent, the session's organiser, operators", sees: "the certificate (PDF)", roles: [])
        ) { _, context, access in
            let caller = try access.requireCaller()
            let pdf = try await host.withTransaction { transaction in
                let signup = try await SignupRecord.require(context.parameters.get("signupId") ?? "", in: transaction)
                let session = try await SessionRecord.require(signup.sessionId, in: transaction)
                guard caller.isOperator || caller.subject == signup.agent.agentId || session.isOrganisedBy(caller.subject) else {
                    throw ServiceProblem(.forbidden, code: "notYourCertificate", field: "signupId", rule: "the agent, the organiser or an operator", "someone else's")
                }
                guard let row = try await transaction.query("SELECT pdf FROM certificates WHERE signup_id = \(signup.signupId)::uuid").first else {
                    throw ServiceProblem(
                        .notFound, code: "noCertificate", field: "signupId", rule: "certificates are issued at the close, for 90 and 100 only",
                        "no certificate for this sign-up (status \(signup.status))")
                }
                return try row.decode(Data.self, at: 0)
            }
            return Response(status: .ok, headers: [.contentType: "application/pdf"], body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
        }
        routes.get(
            "/agents/:agentId/record", .token("the agent themself, operators", sees: "the agent's training record across sessions", roles: [])
        ) { _, context, access in
            let caller = try access.requireCaller()
            let agent = context.parameters.get("agentId") ?? ""
            guard caller.isOperator || caller.subject == agent else {
                throw ServiceProblem(.forbidden, code: "notYourRecord", field: "agentId", rule: "the agent themself or an operator", "someone else's record")
            }
            let entries = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT g.signup_id::text, s.session_id::text, s.course_code, s.title, s.starts_at, g.status, g.late, c.minutes_attended,
                           c.certificate_id::text
                    FROM signups g JOIN sessions s USING (session_id) LEFT JOIN certificates c USING (signup_id)
                    WHERE g.agent_id = \(agent) ORDER BY s.starts_at NULLS LAST, g.arrival
                    """
                ).map {
                    let status = try $0.decode(Int.self, at: 5)
                    return RecordEntry(
                        signupId: try $0.decode(String.self, at: 0), sessionId: try $0.decode(String.self, at: 1),
                        courseCode: try $0.decode(String.self, at: 2), title: try $0.decode(String.self, at: 3),
                        startsAt: try $0.decode(Date?.self, at: 4), status: status, statusName: SignupStatus(rawValue: status)?.name ?? "?",
                        late: try $0.decode(Bool.self, at: 6), minutesAttended: try $0.decode(Int?.self, at: 7),
                        certificateId: try $0.decode(String?.self, at: 8))
                }
            }
            return try ServiceHTTP.json(entries)
        }
    }
}
