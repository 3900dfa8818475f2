import Foundation
import ServiceRuntime
import Storage
import TrainingDomain

/// A sign-up as stored; its status repeats the latest row of `signup_history`.
struct SignupRecord: Sendable, Hashable, Codable {
    var signupId: String
    var arrival: Int64
    var sessionId: String
    var agent: AgentInfo
    var bodySiren: String?
    var status: SignupStatus
    var bookedAt: Date?
    var late: Bool
    var remindedAt: Date?
    var calendarSequence: Int
    var fingerprint: String
    var createdAt: Date

    static let columns = """
        signup_id::text, arrival, session_id::text, agent_id, agent_name, agent_email, manager_email, body_siren, status, booked_at, late,
        reminded_at, calendar_sequence, fingerprint, created_at
        """

    init(row: PostgresRow) throws {
        self.signupId = try row.decode(String.self, at: 0)
        self.arrival = try row.decode(Int64.self, at: 1)
        self.sessionId = try row.decode(String.self, at: 2)
        self.agent = AgentInfo(
            agentId: try row.decode(String.self, at: 3), fullName: try row.decode(String.self, at: 4), email: try row.decode(String.self, at: 5),
            managerEmail: try row.decode(String?.self, at: 6))
        self.bodySiren = try row.decode(String?.self, at: 7)
        self.status = SignupStatus(rawValue: try row.decode(Int.self, at: 8)) ?? .notSet
        self.bookedAt = try row.decode(Date?.self, at: 9)
        self.late = try row.decode(Bool.self, at: 10)
        self.remindedAt = try row.decode(Date?.self, at: 11)
        self.calendarSequence = try row.decode(Int.self, at: 12)
        self.fingerprint = try row.decode(String.self, at: 13)
        self.createdAt = try row.decode(Date.self, at: 14)
    }

    static func load(_ id: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> SignupRecord? {
        guard UUID(uuidString: id) != nil else { return nil }
        let rows = try await transaction.query(
            "SELECT \(unescaped: columns) FROM signups WHERE signup_id = \(id)::uuid \(unescaped: lock ? "FOR UPDATE" : "")")
        return try rows.first.map(SignupRecord.init(row:))
    }

    static func require(_ id: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> SignupRecord {
        guard let signup = try await load(id, lock: lock, in: transaction) else {
            throw ServiceProblem(.notFound, code: "signupNotFound", field: "signupId", rule: "a sign-up of the scheduler", "no such sign-up")
        }
        return signup
    }

    /// The session's sign-ups in these statuses, in arrival order.
    static func of(session: String, statuses: [SignupStatus], lock: Bool = false, in transaction: ServiceTransaction) async throws -> [SignupRecord] {
        try await transaction.query(
            """
            SELECT \(unescaped: columns) FROM signups WHERE session_id = \(session)::uuid AND status = ANY(\(statuses.map(\.rawValue)))
            ORDER BY arrival \(unescaped: lock ? "FOR UPDATE" : "")
            """
        ).map(SignupRecord.init(row:))
    }

    var calendarUID: String { "signup-\(self.signupId)@training.passerelle.example" }

    /// Appends the status to the history and repeats it on the sign-up.
    mutating func move(to status: SignupStatus, actor: String, reason: String?, at now: Date, in transaction: ServiceTransaction) async throws {
        let booked: Date? = status == .booked ? now : (status == .waitlisted ? nil : self.bookedAt)
        try await transaction.execute(
            """
            UPDATE signups SET status = \(status.rawValue), booked_at = \(booked), updated_at = \(now) WHERE signup_id = \(self.signupId)::uuid;
            """)
        try await transaction.execute(
            """
            INSERT INTO signup_history (signup_id, status, at, actor, reason)
            VALUES (\(self.signupId)::uuid, \(status.rawValue), \(now), \(actor), \(reason))
            """)
        self.status = status
        self.bookedAt = booked
    }

    /// The next iCalendar SEQUENCE for this sign-up's UID (0 for the first invitation).
    mutating func nextCalendarSequence(in transaction: ServiceTransaction) async throws -> Int {
        let rows = try await transaction.query(
            "UPDATE signups SET calendar_sequence = calendar_sequence + 1 WHERE signup_id = \(self.signupId)::uuid RETURNING calendar_sequence")
        self.calendarSequence = try rows.first.map { try $0.decode(Int.self, at: 0) } ?? (self.calendarSequence + 1)
        return self.calendarSequence
    }
}
