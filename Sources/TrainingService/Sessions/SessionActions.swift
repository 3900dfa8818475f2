import Foundation
import Identity
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// The organiser's side of sessions: schedule (with the no-double-booking rule for trainers and rooms), update,
/// confirm, cancel, archive. Every action locks the session's row.
struct SessionActions: Sendable {
    let settings: TrainingSettings
    let catalogue: CourseCatalogue
    var seats: Seats { Seats(settings: self.settings) }

    func schedule(_ sessionId: String, plan: SessionPlan, draft: Bool, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let now = self.settings.clock.now()
        if let existing = try await SessionRecord.load(sessionId, in: transaction) {
            guard existing.plan == plan, existing.organiser == caller.subject else {
                throw TrainingError(.idConflict, field: "sessionId", rule: "one session per id", "this id names another session").problem
            }
            return existing
        }
        guard UUID(uuidString: sessionId) != nil else {
            throw TrainingError(.invalidField, field: "sessionId", rule: "a UUID", "not a UUID").problem
        }
        try self.check(plan)
        try await self.checkResources(plan, excluding: sessionId, in: transaction)
        let status: SessionStatus = draft ? .draft : .open
        try await transaction.execute(
            """
            INSERT INTO sessions (session_id, plan, course_code, title, dates_known, starts_at, ends_at, capacity, status, organiser,
                                  organiser_email, scheduled_by, scheduled_at, updated_at)
            VALUES (\(sessionId)::uuid, \(PostgresJSON(plan)), \(plan.courseCode), \(plan.title), \(plan.datesKnown), \(plan.start), \(plan.end),
                    \(plan.capacity), \(status.rawValue), \(caller.subject), \(caller.email), \(caller.subject), \(now), \(now))
            """)
        try await self.storeResources(sessionId, plan, in: transaction)
        try await SessionTimers.store(sessionId, plan: plan, settings: self.settings, in: transaction)
        let session = try await SessionRecord.require(sessionId, in: transaction)
        try await transaction.publish(
            SessionScheduled(
                sessionId: sessionId, courseCode: plan.courseCode, title: plan.title, datesKnown: plan.datesKnown,
                dates: try Reshape.into(session.view.dates), location: try Reshape.into(session.view.location), capacity: plan.capacity,
                minParticipants: plan.minParticipants, allowWaitlist: plan.allowWaitlist, approvalRequired: try Reshape.into(plan.approval.rawValue),
                cancellationCutoffHours: plan.cancellationCutoffHours, reminderDaysBefore: plan.reminderDaysBefore,
                status: try Reshape.into(status.rawValue), scheduledAt: now),
            aggregate: sessionId)
        return session
    }

    func check(_ plan: SessionPlan) throws {
        if let first = plan.violations().first { throw first.problem }
        guard self.catalogue.course(plan.courseCode) != nil else {
            throw TrainingError(.unknownCourse, field: "courseCode", rule: "a course of the catalogue", "no course \(plan.courseCode)").problem
        }
    }

    /// No trainer and no room in two sessions at once (cancelled and archived sessions free them).
    func checkResources(_ plan: SessionPlan, excluding sessionId: String, in transaction: ServiceTransaction) async throws {
        guard plan.datesKnown, let start = plan.start, let end = plan.end else { return }
        let resources = plan.trainers.map { ("trainer", $0.trainerId) } + (plan.room.map { [("room", $0)] } ?? [])
        for (kind, resource) in resources.sorted(by: { $0.0 + $0.1 < $1.0 + $1.1 }) {
            try await transaction.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("\(kind):\(resource)"), 0))")
            let rows = try await transaction.query(
                """
                SELECT s.session_id::text, s.plan FROM session_resources r JOIN sessions s USING (session_id)
                WHERE r.kind = \(kind) AND r.resource = \(resource) AND s.session_id <> \(sessionId)::uuid
                  AND s.status NOT IN ('cancelled', 'archived') AND s.dates_known AND s.starts_at < \(end) AND s.ends_at > \(start)
                """)
            for row in rows where try row.decode(PostgresJSON<SessionPlan>.self, at: 1).value.dates.overlaps(plan.dates) {
                let other = try row.decode(String.self, at: 0)
                throw TrainingError(
                    kind == "trainer" ? .trainerOverlap : .roomOverlap, field: kind == "trainer" ? "trainers" : "room",
                    rule: "no \(kind) in two sessions at once", "\(resource) is taken by session \(other) at the same time"
                ).problem
            }
        }
    }

    func storeResources(_ sessionId: String, _ plan: SessionPlan, in transaction: ServiceTransaction) async throws {
        try await transaction.execute("DELETE FROM session_resources WHERE session_id = \(sessionId)::uuid")
        for trainer in plan.trainers {
            try await transaction.execute(
                "INSERT INTO session_resources (session_id, kind, resource) VALUES (\(sessionId)::uuid, 'trainer', \(trainer.trainerId))")
        }
        if let room = plan.room {
            try await transaction.execute("INSERT INTO session_resources (session_id, kind, resource) VALUES (\(sessionId)::uuid, 'room', \(room))")
        }
    }

    /// The session's organiser or an operator.
    static func authorizeOrganiser(_ caller: Caller, _ session: SessionRecord) throws {
        guard caller.isOperator || (caller.roles.contains(Caller.Role.organiser) && session.isOrganisedBy(caller.subject)) else {
            throw ServiceProblem(
                .forbidden, code: "notTheOrganiser", field: "sessionId", rule: "the session's organiser or an operator", "someone else organises this session")
        }
    }

    func confirm(_ sessionId: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeOrganiser(caller, session)
        try await SessionLifecycle.move(sessionId, from: session.status, to: .confirmed, reason: "confirmed by \(caller.subject)", at: self.settings.clock.now(), transaction)
        return try await SessionRecord.require(sessionId, in: transaction)
    }

    func publishDraft(_ sessionId: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeOrganiser(caller, session)
        try await SessionLifecycle.move(sessionId, from: session.status, to: .open, reason: nil, at: self.settings.clock.now(), transaction)
        return try await SessionRecord.require(sessionId, in: transaction)
    }

    func archive(_ sessionId: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeOrganiser(caller, session)
        try await SessionLifecycle.move(sessionId, from: session.status, to: .archived, reason: nil, at: self.settings.clock.now(), transaction)
        return try await SessionRecord.require(sessionId, in: transaction)
    }
}
