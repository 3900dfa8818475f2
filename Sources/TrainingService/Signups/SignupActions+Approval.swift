import ContractTypes
import Foundation
import Identity
import ServiceRuntime
import TrainingContracts
import TrainingDomain

extension SignupActions {
    /// The line manager (the token's e-mail is the agent's manager e-mail) approves a request at 40; the training
    /// administrator (role `trainingAdmin`) one at 45. After the last step the booking rule applies.
    func approve(_ signupId: String, reason: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SignupRecord {
        let now = self.settings.clock.now()
        var (signup, session) = try await self.lockBoth(signupId, in: transaction)
        try Self.checkReason(reason)
        let step = try Self.authorizeApprover(caller, signup)
        guard let next = session.plan.approval.afterApproval(of: signup.status) else {
            throw TrainingError(
                .invalidTransition, field: "status", rule: "approvals apply to 40 requested and 45 requestedAdmin",
                "the sign-up is \(signup.status)"
            ).problem
        }
        try await signup.move(to: next, actor: caller.subject, reason: reason, at: now, in: transaction)
        try await transaction.publish(
            SignupApproved(
                signupId: signup.signupId, sessionId: session.sessionId, step: try Reshape.into(step), statusCode: try Reshape.into(next.rawValue),
                reason: reason, approvedBy: caller.subject, approvedAt: now),
            aggregate: session.sessionId)
        if next == .approved {
            if session.status.takesSignups {
                try await self.seats.place(&signup, in: session, actor: caller.subject, refuseWhenFull: false, at: now, transaction)
            }
        } else {
            try await self.askApproval(signup, session: session, step: "administrator", to: nil, at: now, transaction)
        }
        return signup
    }

    func decline(_ signupId: String, reason: String, by caller: Caller, in transaction: ServiceTransaction) async throws -> SignupRecord {
        let now = self.settings.clock.now()
        var (signup, session) = try await self.lockBoth(signupId, in: transaction)
        try Self.checkReason(reason)
        _ = try Self.authorizeApprover(caller, signup)
        try await self.refuse(&signup, session: session, reason: reason, expired: false, actor: caller.subject, at: now, transaction)
        return signup
    }

    /// 30 declined, by an approver or because the registration closed before anyone answered.
    func refuse(
        _ signup: inout SignupRecord, session: SessionRecord, reason: String, expired: Bool, actor: String, at now: Date,
        _ transaction: ServiceTransaction
    ) async throws {
        guard signup.status.isAwaitingApproval else {
            throw TrainingError(
                .invalidTransition, field: "status", rule: "only a request waiting for an approval can be declined", "the sign-up is \(signup.status)"
            ).problem
        }
        try await signup.move(to: .declined, actor: actor, reason: reason, at: now, in: transaction)
        try await transaction.publish(
            SignupDeclined(signupId: signup.signupId, sessionId: session.sessionId, reason: reason, expired: expired, declinedAt: now),
            aggregate: session.sessionId)
        try await self.seats.invitations.send(
            "training-signup-declined", nil, to: &signup, session: session, extra: ["reason": reason, "expired": String(expired)], at: now,
            in: transaction)
    }

    static func checkReason(_ reason: String) throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.count <= 1000 else {
            throw TrainingError(.invalidField, field: "reason", rule: "1 to 1000 characters", "an approval or a refusal gives its reason").problem
        }
    }

    /// `manager` or `administrator`: the step the caller may answer, or 403.
    static func authorizeApprover(_ caller: Caller, _ signup: SignupRecord) throws -> String {
        switch signup.status {
        case .requested:
            if caller.isOperator || (caller.roles.contains(Caller.Role.manager) && signup.agent.managerEmail.map(caller.owns(email:)) == true) {
                return "manager"
            }
            throw ServiceProblem(
                .forbidden, code: "notTheManager", field: "signupId", rule: "the agent's line manager (role manager, the agent's manager e-mail)",
                "only the agent's manager answers this request")
        case .requestedAdmin:
            if caller.isOperator || caller.roles.contains(Caller.Role.trainingAdmin) { return "administrator" }
            throw ServiceProblem(
                .forbidden, code: "notTrainingAdmin", field: "signupId", rule: "role trainingAdmin", "only the training service answers this step")
        default:
            throw TrainingError(
                .invalidTransition, field: "status", rule: "approvals apply to 40 requested and 45 requestedAdmin", "the sign-up is \(signup.status)"
            ).problem
        }
    }
}
