import ContractTypes
import Foundation
import Identity
import ServiceRuntime
import TrainingContracts
import TrainingDomain

/// The training commands. Who acts comes from verified identities only: the actor token the command carries (its
/// subject must be `requestedBy.userId`), or an operator's broker user acting for that person. A refusal is a
/// `ServiceProblem`, so the command is parked with its reason, never retried in a loop.
struct CommandHandlers: Sendable {
    let settings: TrainingSettings
    let catalogue: CourseCatalogue

    var sessions: SessionActions { SessionActions(settings: self.settings, catalogue: self.catalogue) }
    var signups: SignupActions { SignupActions(settings: self.settings) }
    var attendance: AttendanceActions { AttendanceActions(settings: self.settings, catalogue: self.catalogue) }

    func schedule(_ command: SessionSchedule, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        guard caller.isOperator || caller.roles.contains(Caller.Role.organiser) else {
            throw ServiceProblem(.forbidden, code: "notAnOrganiser", field: "requestedBy.userId", rule: "role organiser", "only organisers schedule sessions")
        }
        let plan = SessionPlan(
            courseCode: command.courseCode, title: command.title, datesKnown: command.datesKnown,
            dates: command.dates.map { SessionDate(start: $0.start, end: $0.end) },
            location: .init(name: command.location.name, communeInsee: command.location.communeInsee), room: command.room,
            trainers: command.trainers.map { .init(trainerId: $0.trainerId, fullName: $0.fullName) }, capacity: command.capacity,
            minParticipants: command.minParticipants, allowWaitlist: command.allowWaitlist,
            approval: ApprovalChain(rawValue: command.approvalRequired.rawValue) ?? .manager,
            cancellationCutoffHours: command.cancellationCutoffHours ?? 48, reminderDaysBefore: command.reminderDaysBefore ?? 3)
        _ = try await self.sessions.schedule(command.sessionId, plan: plan, draft: false, by: caller, in: context.transaction)
    }

    func book(_ command: SignupBook, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        guard caller.isOperator || caller.subject == command.agent.agentId else {
            throw ServiceProblem(
                .forbidden, code: "notYourself", field: "agent.agentId", rule: "an agent signs themself up (the token's subject)",
                "the command signs someone else up")
        }
        let request = SignupActions.BookRequest(
            signupId: command.signupId, sessionId: command.sessionId,
            // The agent's own address comes from their token when it carries one; the portal's copy only otherwise.
            agent: AgentInfo(
                agentId: command.agent.agentId, fullName: command.agent.fullName,
                email: (caller.isOperator ? nil : caller.email) ?? command.agent.email, managerEmail: command.agent.managerEmail),
            bodySiren: caller.bodySIREN)
        _ = try await self.signups.book(request, by: caller.subject, in: context.transaction)
    }

    func cancelSignup(_ command: SignupCancel, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        _ = try await self.signups.cancel(command.signupId, reason: command.reason, by: caller, in: context.transaction)
    }

    func approve(_ command: SignupApprove, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        _ = try await self.signups.approve(command.signupId, reason: command.reason, by: caller, in: context.transaction)
    }

    func decline(_ command: SignupDecline, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        _ = try await self.signups.decline(command.signupId, reason: command.reason, by: caller, in: context.transaction)
    }

    func cancelSession(_ command: SessionCancel, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        _ = try await self.sessions.cancel(command.sessionId, reason: command.reason.rawValue, text: command.reasonText, by: caller, in: context.transaction)
    }

    func update(_ command: SessionUpdate, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        let changes = SessionActions.Changes(
            datesKnown: command.datesKnown, dates: command.dates?.map { SessionDate(start: $0.start, end: $0.end) },
            location: command.location.map { .init(name: $0.name, communeInsee: $0.communeInsee) }, room: command.room,
            trainers: command.trainers?.map { .init(trainerId: $0.trainerId, fullName: $0.fullName) }, capacity: command.capacity,
            minParticipants: command.minParticipants)
        _ = try await self.sessions.update(command.sessionId, changes, by: caller, in: context.transaction)
    }

    func record(_ command: AttendanceRecord, _ context: HandlerContext) async throws {
        let caller = try Self.actor(command.requestedBy.userId, context)
        let records = command.records.map { record in
            AttendanceActions.Record(
                signupId: record.signupId,
                halfDays: record.halfDays.map { .init(date: $0.date, period: HalfDay.Period(rawValue: $0.period.rawValue) ?? .morning, present: $0.present) })
        }
        _ = try await self.attendance.record(command.sessionId, records, by: caller, in: context.transaction)
    }

    static func actor(_ userId: String, _ context: HandlerContext) throws -> Caller {
        try context.caller(actingFor: userId)
    }
}
