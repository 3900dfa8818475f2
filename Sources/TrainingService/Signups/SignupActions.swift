import ContractTypes
import Foundation
import Identity
import NoticeRequests
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// Sign-ups (domain §7.2–7.3): booking under the session's row lock, the approval chain, withdrawals with the late flag
/// and the FIFO promotion they trigger. Authorization is checked here, on the caller's verified identity.
struct SignupActions: Sendable {
    let settings: TrainingSettings
    var seats: Seats { Seats(settings: self.settings) }

    struct BookRequest: Sendable, Hashable, Codable {
        var signupId: String
        var sessionId: String
        var agent: AgentInfo
        var bodySiren: String?
    }

    func book(_ request: BookRequest, by actor: String, in transaction: ServiceTransaction) async throws -> SignupRecord {
        let fingerprint = SHA256Hex.of(
            "\(request.sessionId)|\(request.agent.agentId)|\(request.agent.email.lowercased())|\(request.agent.managerEmail ?? "")")
        if let existing = try await SignupRecord.load(request.signupId, in: transaction) {
            guard existing.fingerprint == fingerprint else {
                throw TrainingError(.idConflict, field: "signupId", rule: "one sign-up per id", "this id names another sign-up").problem
            }
            return existing
        }
        guard UUID(uuidString: request.signupId) != nil else {
            throw TrainingError(.invalidField, field: "signupId", rule: "a UUID", "not a UUID").problem
        }
        try Self.check(request.agent)
        try await transaction.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("agent:" + request.agent.agentId), 0))")
        let session = try await SessionRecord.require(request.sessionId, lock: true, in: transaction)
        // Read after the lock: booking times then follow the arrival order.
        let now = self.settings.clock.now()
        guard session.status.takesSignups else {
            throw TrainingError(.sessionNotOpen, field: "sessionId", rule: "a session open for sign-ups", "the session is \(session.status.rawValue)").problem
        }
        let policy = CancellationPolicy(cutoffHours: session.plan.cancellationCutoffHours)
        if let start = session.plan.start, now > policy.cutoff(before: start) {
            throw TrainingError(.registrationClosed, field: "sessionId", rule: "before the cut-off", "the registration closed").problem
        }
        if session.plan.approval != .none && (request.agent.managerEmail ?? "").isEmpty {
            throw TrainingError(.invalidField, field: "agent.managerEmail", rule: "required when the session needs an approval", "no manager").problem
        }
        let active = try await transaction.query(
            "SELECT 1 FROM signups WHERE session_id = \(session.sessionId)::uuid AND agent_id = \(request.agent.agentId) AND status IN (40, 45, 50, 60, 70)")
        guard active.isEmpty else {
            throw TrainingError(.alreadySignedUp, field: "agent.agentId", rule: "one active sign-up per agent and session", "already signed up").problem
        }
        try await self.checkOverlap(agent: request.agent.agentId, session: session, in: transaction)

        let initial = session.plan.approval.initialStatus
        let rows = try await transaction.query(
            """
            INSERT INTO signups (signup_id, session_id, agent_id, agent_name, agent_email, manager_email, body_siren, status, fingerprint,
                                 created_at, updated_at)
            VALUES (\(request.signupId)::uuid, \(session.sessionId)::uuid, \(request.agent.agentId), \(request.agent.fullName),
                    \(request.agent.email), \(request.agent.managerEmail), \(request.bodySiren), \(initial.rawValue), \(fingerprint), \(now), \(now))
            RETURNING \(unescaped: SignupRecord.columns)
            """)
        guard var signup = try rows.first.map(SignupRecord.init(row:)) else { throw ServiceProblem(.internal, "the sign-up was not stored") }
        try await transaction.execute(
            """
            INSERT INTO signup_history (signup_id, status, at, actor, reason) VALUES (\(signup.signupId)::uuid, \(initial.rawValue), \(now), \(actor), NULL)
            """)
        if initial == .approved {
            try await self.seats.place(&signup, in: session, actor: actor, refuseWhenFull: true, at: now, transaction)
        } else {
            try await self.askApproval(signup, session: session, step: "manager", to: signup.agent.managerEmail, at: now, transaction)
        }
        return signup
    }

    static func check(_ agent: AgentInfo) throws {
        if agent.agentId.range(of: #"^[A-Za-z0-9._-]{1,64}$"#, options: .regularExpression) == nil {
            throw TrainingError(.invalidField, field: "agent.agentId", rule: "^[A-Za-z0-9._-]{1,64}$", "malformed agent id").problem
        }
        if agent.fullName.trimmingCharacters(in: .whitespaces).isEmpty || agent.fullName.count > 200 {
            throw TrainingError(.invalidField, field: "agent.fullName", rule: "1 to 200 characters", "no name").problem
        }
        for (field, email) in [("agent.email", agent.email), ("agent.managerEmail", agent.managerEmail ?? "x@y.z")]
        where email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil || email.count > 254 {
            throw TrainingError(.invalidField, field: field, rule: "an e-mail address", "\(email) is not an address").problem
        }
    }

    /// No agent on two overlapping sessions (any active sign-up counts).
    func checkOverlap(agent: String, session: SessionRecord, in transaction: ServiceTransaction) async throws {
        guard session.plan.datesKnown, let start = session.plan.start, let end = session.plan.end else { return }
        let others = try await transaction.query(
            """
            SELECT s.session_id::text, s.plan FROM signups g JOIN sessions s USING (session_id)
            WHERE g.agent_id = \(agent) AND g.status IN (40, 45, 50, 60, 70) AND s.session_id <> \(session.sessionId)::uuid
              AND s.dates_known AND s.starts_at < \(end) AND s.ends_at > \(start)
            """)
        for row in others {
            let plan = try row.decode(PostgresJSON<SessionPlan>.self, at: 1).value
            if plan.dates.overlaps(session.plan.dates) {
                throw TrainingError(
                    .agentOverlap, field: "sessionId", rule: "no agent on two overlapping sessions",
                    "the agent is already signed up for session \(try row.decode(String.self, at: 0)) at the same time"
                ).problem
            }
        }
    }

    func askApproval(
        _ signup: SignupRecord, session: SessionRecord, step: String, to approver: String?, at now: Date, _ transaction: ServiceTransaction
    ) async throws {
        try await transaction.publish(
            SignupRequested(
                signupId: signup.signupId, sessionId: session.sessionId, agent: try Reshape.into(signup.agent),
                statusCode: try Reshape.into(signup.status.rawValue), requestedAt: now),
            aggregate: session.sessionId)
        try await NoticeOutbox.training.request(
            "training-approval-requested", to: [approver],
            variables: self.seats.invitations.variables(signup, session).merging(["step": step]) { $1 },
            aggregate: ("signup", signup.signupId), cause: "\(signup.signupId)|approval|\(signup.status.rawValue)", in: transaction)
    }

    /// Locks the sign-up's session, then the sign-up (the same order as a booking).
    func lockBoth(_ signupId: String, in transaction: ServiceTransaction) async throws -> (SignupRecord, SessionRecord) {
        let unlocked = try await SignupRecord.require(signupId, in: transaction)
        let session = try await SessionRecord.require(unlocked.sessionId, lock: true, in: transaction)
        return (try await SignupRecord.require(signupId, lock: true, in: transaction), session)
    }
}
