import ContractTypes
import Foundation
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// Seats of a locked session: the booking rule for an approved sign-up, FIFO promotion from the waitlist, and the
/// session's open/full status. Every caller holds the session's row lock, so two sign-ups never take the same seat.
struct Seats: Sendable {
    let settings: TrainingSettings
    var invitations: Invitations { Invitations(settings: self.settings) }

    /// Applies the booking rule to an approved sign-up (status 50): booked, waitlisted, or refused as full. A refusal
    /// throws when `refuseWhenFull` (a direct booking); an approved sign-up otherwise stays 50 until a seat frees up.
    func place(_ signup: inout SignupRecord, in session: SessionRecord, actor: String, refuseWhenFull: Bool, at now: Date, _ transaction: ServiceTransaction)
        async throws
    {
        let booked = try await session.bookedCount(in: transaction)
        let plan = session.plan
        switch BookingRule.decide(datesKnown: plan.datesKnown, capacity: plan.capacity, booked: booked, allowWaitlist: plan.allowWaitlist) {
        case .booked:
            try await self.book(&signup, session: session, actor: actor, reason: nil, freedBy: nil, at: now, transaction)
        case .waitlisted(let reason):
            try await self.waitlist(&signup, session: session, actor: actor, reason: reason, at: now, transaction)
        case .full:
            if refuseWhenFull {
                throw TrainingError(.sessionFull, field: "sessionId", rule: "a free seat, or a session with a waitlist", "the session is full").problem
            }
        }
        try await self.refreshFullness(session, actor: actor, at: now, transaction)
    }

    func book(
        _ signup: inout SignupRecord, session: SessionRecord, actor: String, reason: String?, freedBy: String?, at now: Date,
        _ transaction: ServiceTransaction
    ) async throws {
        try await signup.move(to: .booked, actor: actor, reason: reason, at: now, in: transaction)
        let promoted = reason == "promoted"
        try await self.invitations.send(
            promoted ? "training-signup-promoted" : "training-signup-booked", .request, to: &signup, session: session, at: now, in: transaction)
        let calendar = (uid: signup.calendarUID, sequence: signup.calendarSequence)
        if promoted {
            try await transaction.publish(
                SignupPromoted(
                    signupId: signup.signupId, sessionId: session.sessionId, agent: try Reshape.into(signup.agent), promotedAt: now,
                    freedBySignupId: freedBy, session: try Reshape.into(session.view),
                    calendar: .init(uid: calendar.uid, sequence: calendar.sequence)),
                aggregate: session.sessionId)
        } else {
            try await transaction.publish(
                SignupBooked(
                    signupId: signup.signupId, sessionId: session.sessionId, agent: try Reshape.into(signup.agent), bookedAt: now,
                    session: try Reshape.into(session.view), calendar: .init(uid: calendar.uid, sequence: calendar.sequence)),
                aggregate: session.sessionId)
        }
    }

    func waitlist(
        _ signup: inout SignupRecord, session: SessionRecord, actor: String, reason: BookingRule.WaitlistReason, at now: Date,
        _ transaction: ServiceTransaction
    ) async throws {
        try await signup.move(to: .waitlisted, actor: actor, reason: reason.rawValue, at: now, in: transaction)
        let position = try await Self.position(of: signup, in: transaction)
        if reason == .capacityReduced {
            try await self.invitations.send(
                "training-moved-to-waitlist", signup.calendarSequence >= 0 ? .cancel : nil, to: &signup, session: session,
                extra: ["position": String(position)], at: now, in: transaction)
        } else {
            try await self.invitations.send(
                "training-signup-waitlisted", nil, to: &signup, session: session,
                extra: ["position": String(position), "reason": reason.rawValue], at: now, in: transaction)
        }
        try await transaction.publish(
            SignupWaitlisted(
                signupId: signup.signupId, sessionId: session.sessionId, agent: try Reshape.into(signup.agent), waitlistedAt: now,
                reason: reason == .datesUnknown ? .datesUnknown : .sessionFull, position: position, session: try Reshape.into(session.view)),
            aggregate: session.sessionId)
    }

    /// 1 for the first in line.
    static func position(of signup: SignupRecord, in transaction: ServiceTransaction) async throws -> Int {
        try await transaction.query(
            """
            SELECT count(*) FROM signups WHERE session_id = \(signup.sessionId)::uuid AND status IN (50, 60) AND arrival <= \(signup.arrival)
            """
        ).first.map { try $0.decode(Int.self, at: 0) } ?? 1
    }

    /// Gives the free seats to the oldest waitlisted (or approved, seatless) sign-ups, first in first out, each notified
    /// with an invitation. Returns the promoted sign-ups.
    @discardableResult
    func promote(_ session: SessionRecord, freedBy: String?, actor: String, at now: Date, _ transaction: ServiceTransaction) async throws -> [String] {
        guard session.status.takesSignups else { return [] }
        let booked = try await session.bookedCount(in: transaction)
        var free = BookingRule.freeSeats(datesKnown: session.plan.datesKnown, capacity: session.plan.capacity, booked: booked)
        var promoted: [String] = []
        guard free > 0 else { return [] }
        for var candidate in try await SignupRecord.of(session: session.sessionId, statuses: [.approved, .waitlisted], lock: true, in: transaction) {
            guard free > 0 else { break }
            try await self.book(&candidate, session: session, actor: actor, reason: "promoted", freedBy: freedBy, at: now, transaction)
            promoted.append(candidate.signupId)
            free -= 1
        }
        try await self.refreshFullness(session, actor: actor, at: now, transaction)
        return promoted
    }

    /// `open` ⇄ `full` as the bookings reach the capacity or fall below it.
    func refreshFullness(_ session: SessionRecord, actor: String, at now: Date, _ transaction: ServiceTransaction) async throws {
        guard session.status == .open || session.status == .full, session.plan.capacity > 0 else { return }
        let current = try await transaction.query("SELECT status FROM sessions WHERE session_id = \(session.sessionId)::uuid")
            .first.map { SessionStatus(rawValue: try $0.decode(String.self, at: 0)) } ?? nil
        guard let current, current == .open || current == .full else { return }
        let booked = try await session.bookedCount(in: transaction)
        let wanted: SessionStatus = booked >= session.plan.capacity ? .full : .open
        if wanted != current {
            try await SessionLifecycle.move(session.sessionId, from: current, to: wanted, reason: nil, at: now, transaction)
        }
    }
}
