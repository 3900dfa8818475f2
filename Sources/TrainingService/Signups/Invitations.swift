import Foundation
import NoticeRequests
import NotificationsContracts
import ServiceRuntime
import TrainingDomain

/// The iCalendar invitation of a sign-up: one stable UID per sign-up, a SEQUENCE that grows with each invitation or
/// cancellation sent for it, the session's dates in Europe/Paris.
struct Invitations: Sendable {
    let settings: TrainingSettings

    func make(_ method: CalendarInvitation.Method, for signup: SignupRecord, session: SessionRecord, sequence: Int, at now: Date)
        -> CalendarInvitation
    {
        CalendarInvitation(
            method: method, uid: signup.calendarUID, sequence: sequence, summary: session.plan.title,
            description: "\(session.plan.courseCode) — \(session.plan.title)\n\(self.settings.publicURL)/sessions/\(session.sessionId)",
            location: Self.place(session.plan), organizer: .init(name: self.settings.organiserName, email: self.settings.organiserEmail),
            attendee: .init(name: signup.agent.fullName, email: signup.agent.email),
            slots: session.plan.dates.map { .init(start: $0.start, end: $0.end) }, stamp: now)
    }

    static func place(_ plan: SessionPlan) -> String {
        [plan.location.name, plan.room].compactMap { $0 }.joined(separator: ", ") + " (\(plan.location.communeInsee))"
    }

    /// The variables every agent-facing training mail carries.
    func variables(_ signup: SignupRecord, _ session: SessionRecord) -> [String: String?] {
        [
            "sessionTitle": session.plan.title, "courseCode": session.plan.courseCode, "agentName": signup.agent.fullName,
            "dates": session.frenchDates,
            "location": Self.place(session.plan), "link": "\(self.settings.publicURL)/signups/\(signup.signupId)",
        ]
    }

    /// Mails the agent with the invitation (REQUEST) or its cancellation (CANCEL), at the sign-up's next SEQUENCE.
    func send(
        _ template: String, _ method: CalendarInvitation.Method?, mandatory: Bool = false, to signup: inout SignupRecord,
        session: SessionRecord, extra: [String: String?] = [:], at now: Date, in transaction: ServiceTransaction
    ) async throws {
        var calendar: CalendarInvitation?
        if let method {
            let sequence = try await signup.nextCalendarSequence(in: transaction)
            calendar = self.make(method, for: signup, session: session, sequence: sequence, at: now)
        }
        try await NoticeOutbox.training.request(
            template, mandatory: mandatory, to: [signup.agent.email], variables: self.variables(signup, session).merging(extra) { $1 },
            calendar: calendar.map { .init(method: $0.method == .request ? .request : .cancel, content: $0.render()) },
            aggregate: ("signup", signup.signupId),
            cause: "\(signup.signupId)|\(signup.status.rawValue)|\(signup.calendarSequence)|\(template)", in: transaction)
    }
}
