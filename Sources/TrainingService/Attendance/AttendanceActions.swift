import ContractTypes
import Foundation
import Identity
import ServiceRuntime
import Storage
import TrainingContracts
import TrainingDomain

/// Attendance per half-day, recorded by the session's organiser or one of its trainers once the session has started;
/// the sign-up's status follows (80, 90 or 100). Closing the session sets 110 for bookings never recorded and issues
/// the certificates, for 90 and 100 only, with the hours actually attended.
struct AttendanceActions: Sendable {
    let settings: TrainingSettings
    let catalogue: CourseCatalogue

    struct Mark: Sendable, Hashable, Codable {
        var date: CalendarDate
        var period: HalfDay.Period
        var present: Bool
    }

    struct Record: Sendable, Hashable, Codable {
        var signupId: String
        var halfDays: [Mark]
    }

    static func authorizeRecorder(_ caller: Caller, _ session: SessionRecord) throws {
        let trainer = caller.roles.contains(Caller.Role.trainer) && session.plan.trainers.contains { $0.trainerId == caller.subject }
        guard trainer || caller.isOperator || (caller.roles.contains(Caller.Role.organiser) && session.isOrganisedBy(caller.subject)) else {
            throw ServiceProblem(
                .forbidden, code: "notTheSessionsStaff", field: "sessionId", rule: "the session's organiser or trainers, or an operator",
                "only the session's organiser or trainers record attendance")
        }
    }

    func record(_ sessionId: String, _ records: [Record], by caller: Caller, in transaction: ServiceTransaction) async throws -> [SignupRecord] {
        let now = self.settings.clock.now()
        let session = try await SessionRecord.require(sessionId, lock: true, in: transaction)
        try Self.authorizeRecorder(caller, session)
        guard session.status.takesAttendance else {
            throw TrainingError(
                .sessionNotOpen, field: "sessionId", rule: "attendance once the session has started (inProgress or held)",
                "the session is \(session.status.rawValue)"
            ).problem
        }
        let scheduled = HalfDay.schedule(of: session.plan.dates)
        var updated: [SignupRecord] = []
        for (index, record) in records.enumerated() {
            guard var signup = try await SignupRecord.load(record.signupId, lock: true, in: transaction), signup.sessionId == sessionId,
                signup.status.isAttendee
            else {
                throw TrainingError(
                    .invalidField, field: "records[\(index)].signupId", rule: "a booked sign-up of this session", "\(record.signupId)").problem
            }
            let marks = record.halfDays.map { AttendanceSheet.Key(date: $0.date, period: $0.period) }
            if let bad = AttendanceSheet.unknownMarks(marks, scheduled: scheduled).first {
                throw TrainingError(
                    .invalidField, field: "records[\(index)].halfDays[\(bad)]", rule: "a half-day of the session",
                    "\(record.halfDays[bad].date) \(record.halfDays[bad].period.rawValue) is not a half-day of the session"
                ).problem
            }
            for mark in record.halfDays {
                try await transaction.execute(
                    """
                    INSERT INTO attendance (signup_id, day, period, present, recorded_by, recorded_at)
                    VALUES (\(signup.signupId)::uuid, \(mark.date.description)::date, \(mark.period.rawValue), \(mark.present), \(caller.subject), \(now))
                    ON CONFLICT (signup_id, day, period) DO UPDATE SET present = EXCLUDED.present, recorded_by = EXCLUDED.recorded_by,
                        recorded_at = EXCLUDED.recorded_at
                    """)
            }
            let sheet = try await Self.sheet(of: signup.signupId, scheduled: scheduled, in: transaction)
            if sheet.status != signup.status {
                try await signup.move(to: sheet.status, actor: caller.subject, reason: "attendance", at: now, in: transaction)
            }
            try await transaction.publish(
                SignupAttendanceRecorded(
                    signupId: signup.signupId, sessionId: sessionId, agent: try Reshape.into(signup.agent), recordedAt: now,
                    statusCode: try Reshape.into(sheet.status.rawValue), halfDaysAttended: sheet.halfDaysAttended,
                    halfDaysScheduled: sheet.scheduled.count, minutesAttended: sheet.minutesAttended),
                aggregate: sessionId)
            updated.append(signup)
        }
        return updated
    }

    static func sheet(of signupId: String, scheduled: [HalfDay], in transaction: ServiceTransaction) async throws -> AttendanceSheet {
        let present = try await transaction.query(
            "SELECT day::text, period FROM attendance WHERE signup_id = \(signupId)::uuid AND present"
        ).compactMap { row -> AttendanceSheet.Key? in
            guard let date = CalendarDate(try row.decode(String.self, at: 0)), let period = HalfDay.Period(rawValue: try row.decode(String.self, at: 1))
            else { return nil }
            return AttendanceSheet.Key(date: date, period: period)
        }
        return AttendanceSheet(scheduled: scheduled, present: Set(present))
    }
}
