import ContractTypes
import Foundation
import Identity
import NoticeRequests
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

extension SignupActions {
    /// The agent withdraws (10). After the cut-off the withdrawal is flagged late and the freed seat is not promoted:
    /// the organiser is alerted instead. Before it, the oldest waitlisted sign-up gets the seat.
    func cancel(_ signupId: String, reason: String?, by caller: Caller, in transaction: ServiceTransaction) async throws -> SignupRecord {
        let now = self.settings.clock.now()
        var (signup, session) = try await self.lockBoth(signupId, in: transaction)
        guard caller.subject == signup.agent.agentId || caller.isOperator || session.isOrganisedBy(caller.subject) else {
            throw ServiceProblem(
                .forbidden, code: "notYourSignup", field: "signupId", rule: "the agent themself, the session's organiser or an operator",
                "this sign-up is someone else's")
        }
        guard signup.status.canWithdraw else {
            throw TrainingError(
                .invalidTransition, field: "status", rule: "an active sign-up (40 to 70)", "the sign-up is \(signup.status)").problem
        }
        let policy = CancellationPolicy(cutoffHours: session.plan.cancellationCutoffHours)
        let late = policy.isLate(at: now, start: session.plan.start)
        let wasBooked = signup.status == .booked
        try await signup.move(to: .userCancelled, actor: caller.subject, reason: reason, at: now, in: transaction)
        if late { try await transaction.execute("UPDATE signups SET late = true WHERE signup_id = \(signup.signupId)::uuid") }
        signup.late = late
        try await self.seats.invitations.send(
            "training-signup-cancelled", wasBooked ? .cancel : nil, to: &signup, session: session, extra: ["late": String(late)], at: now,
            in: transaction)
        try await transaction.publish(
            SignupCancelled(
                signupId: signup.signupId, sessionId: session.sessionId, agent: try Reshape.into(signup.agent), cancelledAt: now, late: late,
                calendar: .init(uid: signup.calendarUID, sequence: max(0, signup.calendarSequence))),
            aggregate: session.sessionId)
        if wasBooked {
            if policy.promotes(at: now, start: session.plan.start) {
                try await self.seats.promote(session, freedBy: signup.signupId, actor: caller.subject, at: now, transaction)
            } else {
                try await self.alertLateSeat(signup, session: session, at: now, transaction)
                try await self.seats.refreshFullness(session, actor: caller.subject, at: now, transaction)
            }
        }
        return signup
    }

    func alertLateSeat(_ signup: SignupRecord, session: SessionRecord, at now: Date, _ transaction: ServiceTransaction) async throws {
        let waiting = try await SignupRecord.of(session: session.sessionId, statuses: [.approved, .waitlisted], in: transaction).count
        try await NoticeOutbox.training.request(
            "training-seat-freed-late", to: [session.organiserEmail ?? self.settings.organiserEmail],
            variables: self.seats.invitations.variables(signup, session).merging(["waitlisted": String(waiting)]) { $1 },
            aggregate: ("session", session.sessionId), cause: "\(signup.signupId)|late-seat", in: transaction)
    }
}
