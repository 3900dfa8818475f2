import Foundation
import Identity
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

extension SessionActions {
    /// What an organiser may change on a planned session; nil leaves a field as it is.
    struct Changes: Sendable, Hashable, Codable {
        var datesKnown: Bool?
        var dates: [SessionDate]?
        var location: SessionPlan.Location?
        var room: String?
        var trainers: [SessionPlan.Trainer]?
        var capacity: Int?
        var minParticipants: Int?
    }

    /// Applies the changes. The booked agents get an updated invitation (a higher SEQUENCE) when the dates or the
    /// place change; a capacity below the bookings moves the latest bookings back to the waitlist; free seats (more
    /// capacity, dates now known) go to the waitlist first in, first out.
    func update(_ sessionId: String, _ changes: Changes, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let now = self.settings.clock.now()
        var session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeOrganiser(caller, session)
        guard session.status.isPlanned else {
            throw TrainingError(.sessionNotOpen, field: "sessionId", rule: "a session still ahead", "the session is \(session.status.rawValue)").problem
        }
        if changes.datesKnown == false && session.plan.datesKnown {
            throw TrainingError(.invalidField, field: "datesKnown", rule: "known dates stay known (cancel instead)", "the dates were already set").problem
        }
        var plan = session.plan
        var changed: [String] = []
        func set<Value: Equatable>(_ keyPath: WritableKeyPath<SessionPlan, Value>, _ value: Value?, _ name: String) {
            guard let value, plan[keyPath: keyPath] != value else { return }
            plan[keyPath: keyPath] = value
            changed.append(name)
        }
        set(\.datesKnown, changes.datesKnown, "datesKnown")
        set(\.dates, changes.dates?.sorted { $0.start < $1.start }, "dates")
        set(\.location, changes.location, "location")
        set(\.room, changes.room.map { Optional($0) }, "room")
        set(\.trainers, changes.trainers, "trainers")
        set(\.capacity, changes.capacity, "capacity")
        set(\.minParticipants, changes.minParticipants, "minParticipants")
        guard !changed.isEmpty else { return session }
        try self.check(plan)
        try await self.checkResources(plan, excluding: sessionId, in: transaction)
        let visible = !Set(changed).isDisjoint(with: ["datesKnown", "dates", "location", "room"])
        try await transaction.execute(
            """
            UPDATE sessions SET plan = \(PostgresJSON(plan)), dates_known = \(plan.datesKnown), starts_at = \(plan.start), ends_at = \(plan.end),
                   capacity = \(plan.capacity), calendar_sequence = calendar_sequence + \(visible ? 1 : 0), updated_at = \(now)
            WHERE session_id = \(sessionId)::uuid
            """)
        try await self.storeResources(sessionId, plan, in: transaction)
        try await SessionTimers.store(sessionId, plan: plan, settings: self.settings, in: transaction)
        session = try await SessionRecord.require(sessionId, in: transaction)

        var moved: [String] = []
        let bookings = try await transaction.query(
            """
            SELECT \(unescaped: SignupRecord.columns) FROM signups WHERE session_id = \(sessionId)::uuid AND status = 70
            ORDER BY booked_at, arrival FOR UPDATE
            """
        ).map(SignupRecord.init(row:))
        let overflow = BookingRule.overflow(bookings, capacity: plan.capacity)
        for var signup in overflow {
            try await self.seats.waitlist(&signup, session: session, actor: caller.subject, reason: .capacityReduced, at: now, transaction)
            moved.append(signup.signupId)
        }
        if visible {
            for var signup in bookings where !moved.contains(signup.signupId) {
                try await self.seats.invitations.send(
                    "training-session-updated", .request, to: &signup, session: session,
                    extra: ["changes": changed.joined(separator: ", ")], at: now, in: transaction)
            }
        }
        let promoted = try await self.seats.promote(session, freedBy: nil, actor: caller.subject, at: now, transaction)
        try await self.seats.refreshFullness(session, actor: caller.subject, at: now, transaction)
        session = try await SessionRecord.require(sessionId, in: transaction)
        try await transaction.publish(
            SessionUpdated(
                sessionId: sessionId, changes: try Reshape.into(changed), status: try Reshape.into(session.status.rawValue),
                capacity: plan.capacity, datesKnown: plan.datesKnown, dates: try Reshape.into(session.view.dates),
                location: try Reshape.into(session.view.location), room: plan.room, calendarSequence: session.calendarSequence,
                movedToWaitlist: moved, promoted: promoted, updatedAt: now),
            aggregate: sessionId)
        return session
    }

    /// Cancels a planned session: every active sign-up becomes 20, booked agents get the iCalendar CANCEL of their
    /// invitation (a mandatory notice), the timers stop, and no certificate will be issued.
    func cancel(_ sessionId: String, reason: String, text: String?, by caller: Caller, in transaction: ServiceTransaction) async throws -> SessionRecord {
        let now = self.settings.clock.now()
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeOrganiser(caller, session)
        guard ["tooFewParticipants", "trainerUnavailable", "other"].contains(reason) else {
            throw TrainingError(.invalidField, field: "reason", rule: "tooFewParticipants, trainerUnavailable or other", "\(reason)").problem
        }
        try await SessionLifecycle.move(sessionId, from: session.status, to: .cancelled, reason: reason, at: now, transaction)
        try await transaction.execute(
            "UPDATE sessions SET cancel_reason = \(reason) WHERE session_id = \(sessionId)::uuid")
        try await transaction.execute("DELETE FROM timers WHERE session_id = \(sessionId)::uuid AND fired_at IS NULL")
        var cancelled: [SessionCancelled.Signup] = []
        for var signup in try await SignupRecord.of(session: sessionId, statuses: [.requested, .requestedAdmin, .approved, .waitlisted, .booked], lock: true, in: transaction) {
            let wasBooked = signup.status == .booked
            try await signup.move(to: .sessionCancelled, actor: caller.subject, reason: reason, at: now, in: transaction)
            try await self.seats.invitations.send(
                "training-session-cancelled", wasBooked ? .cancel : nil, mandatory: true, to: &signup, session: session,
                extra: ["reason": text ?? reason], at: now, in: transaction)
            cancelled.append(.init(signupId: signup.signupId, agent: try Reshape.into(signup.agent), calendarUid: signup.calendarUID))
        }
        try await transaction.publish(
            SessionCancelled(
                sessionId: sessionId, title: session.plan.title, cancelledAt: now, reason: try Reshape.into(reason), reasonText: text,
                signups: cancelled),
            aggregate: sessionId)
        return try await SessionRecord.require(sessionId, in: transaction)
    }
}
