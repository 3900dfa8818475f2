import Foundation
import Logging
import NoticeRequests
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// The service's background loop on its clock: the session timers that are due (minimum check, reminders, end of
/// registration, start, end), each fired once (`fired_at`, `SKIP LOCKED` so several instances share them), and the
/// reminders of approval requests left unanswered. It runs again at once while there is work.
struct TrainingWorker: Sendable {
    let settings: TrainingSettings
    let logger = Logger(label: "passerelle.training")

    var seats: Seats { Seats(settings: self.settings) }
    var signups: SignupActions { SignupActions(settings: self.settings) }

    func run(host: ServiceHost) async throws {
        while !Task.isCancelled {
            var handled = try await self.fireDue(host: host)
            handled += try await self.remindApprovers(host: host)
            if handled == 0 { _ = await self.settings.wake.wait(timeout: self.settings.pollInterval) }
        }
    }

    /// Fires the due timers, each in its own transaction: one that fails for good is set aside with its reason
    /// (`timers.error`, counted by `/operations/summary`) and does not hold up the others.
    func fireDue(host: ServiceHost) async throws -> Int {
        let now = self.settings.clock.now()
        let due = try await host.withTransaction { transaction in
            try await transaction.query(
                "SELECT session_id::text, kind FROM timers WHERE fired_at IS NULL AND due_at <= \(now) ORDER BY due_at LIMIT 20"
            ).map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
        }
        for (sessionId, kind) in due {
            do {
                try await host.withTransaction { transaction in
                    // Another instance may hold it: skip it rather than wait.
                    let claimed = try await transaction.query(
                        """
                        SELECT 1 FROM timers WHERE session_id = \(sessionId)::uuid AND kind = \(kind) AND fired_at IS NULL
                        FOR UPDATE SKIP LOCKED
                        """)
                    guard !claimed.isEmpty else { return }
                    try await transaction.execute(
                        "UPDATE timers SET fired_at = \(now) WHERE session_id = \(sessionId)::uuid AND kind = \(kind)")
                    guard let timer = SessionTimer(rawValue: kind) else { return }
                    let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
                    try await self.fire(timer, session, at: now, transaction)
                }
            } catch where ServiceHost.isPermanent(error) {
                self.logger.error("timer set aside", metadata: ["session": "\(sessionId)", "kind": "\(kind)", "error": "\(error)"])
                _ = try await host.withTransaction { transaction in
                    try await transaction.execute(
                        """
                        UPDATE timers SET fired_at = \(now), error = \(String(describing: error))
                        WHERE session_id = \(sessionId)::uuid AND kind = \(kind) AND fired_at IS NULL
                        """)
                }
            }
        }
        return due.count
    }

    func fire(_ timer: SessionTimer, _ session: SessionRecord, at now: Date, _ transaction: ServiceTransaction) async throws {
        switch timer {
        case .minimumCheck:
            guard session.status == .open || session.status == .full else { return }
            let booked = try await session.bookedCount(in: transaction)
            if booked >= session.plan.minParticipants {
                try await SessionLifecycle.move(session.sessionId, from: session.status, to: .confirmed, reason: "minimum reached", at: now, transaction)
            } else {
                try await transaction.execute("UPDATE sessions SET minimum_alerted_at = \(now) WHERE session_id = \(session.sessionId)::uuid")
                try await NoticeOutbox.training.request(
                    "training-minimum-not-reached", to: [session.organiserEmail ?? self.settings.organiserEmail],
                    variables: [
                        "sessionTitle": session.plan.title, "courseCode": session.plan.courseCode, "booked": String(booked),
                        "minimum": String(session.plan.minParticipants), "dates": session.frenchDates,
                        "location": Invitations.place(session.plan), "link": "\(self.settings.publicURL)/sessions/\(session.sessionId)",
                    ],
                    aggregate: ("session", session.sessionId), cause: "\(session.sessionId)|minimum", in: transaction)
            }
        case .reminder:
            guard session.status.takesSignups else { return }
            try await self.remind(session, at: now, transaction)
        case .registrationClose:
            for var signup in try await SignupRecord.of(session: session.sessionId, statuses: [.requested, .requestedAdmin], lock: true, in: transaction) {
                try await self.signups.refuse(
                    &signup, session: session, reason: "approvalExpired", expired: true, actor: "training timer", at: now, transaction)
            }
        case .start:
            guard session.status.takesSignups else { return }
            try await SessionLifecycle.move(session.sessionId, from: session.status, to: .inProgress, reason: nil, at: now, transaction)
        case .end:
            guard session.status == .inProgress else { return }
            try await SessionLifecycle.move(session.sessionId, from: session.status, to: .held, reason: nil, at: now, transaction)
        }
    }

    /// Each booked sign-up is reminded once (`reminded_at`), whatever happens to the timer afterwards.
    func remind(_ session: SessionRecord, at now: Date, _ transaction: ServiceTransaction) async throws {
        let due = try await transaction.query(
            """
            UPDATE signups SET reminded_at = \(now) WHERE session_id = \(session.sessionId)::uuid AND status = 70 AND reminded_at IS NULL
            RETURNING \(unescaped: SignupRecord.columns)
            """
        ).map(SignupRecord.init(row:))
        guard !due.isEmpty else { return }
        for var signup in due {
            try await self.seats.invitations.send(
                "training-reminder", nil, to: &signup, session: session, extra: ["daysBefore": String(session.plan.reminderDaysBefore)], at: now,
                in: transaction)
        }
        try await transaction.publish(
            SessionReminderDue(
                sessionId: session.sessionId, dueAt: now, session: try Reshape.into(session.view),
                signups: try due.map { .init(signupId: $0.signupId, agent: try Reshape.into($0.agent)) }),
            aggregate: session.sessionId)
    }

    /// A manager who has not answered a request within `approvalReminderAfter` is reminded once.
    func remindApprovers(host: ServiceHost) async throws -> Int {
        let now = self.settings.clock.now()
        let before = now.addingTimeInterval(-self.settings.approvalReminderAfter)
        return try await host.withTransaction { transaction in
            let due = try await transaction.query(
                """
                UPDATE signups SET approval_reminded_at = \(now)
                WHERE signup_id IN (SELECT signup_id FROM signups WHERE status = 40 AND approval_reminded_at IS NULL AND created_at <= \(before)
                                    ORDER BY created_at LIMIT 50 FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: SignupRecord.columns)
                """
            ).map(SignupRecord.init(row:))
            for signup in due {
                let session = try await SessionRecord.require(signup.sessionId, in: transaction)
                try await NoticeOutbox.training.request(
                    "training-approval-reminder", to: [signup.agent.managerEmail],
                    variables: self.seats.invitations.variables(signup, session).merging(["step": "manager"]) { $1 },
                    aggregate: ("signup", signup.signupId), cause: "\(signup.signupId)|approval-reminder", in: transaction)
            }
            return due.count
        }
    }
}
