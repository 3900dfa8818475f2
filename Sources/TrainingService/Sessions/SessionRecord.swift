import Foundation
import Storage
import ServiceRuntime
import TrainingDomain

/// A session as stored: its plan, status and who organises it.
struct SessionRecord: Sendable, Hashable, Codable {
    var sessionId: String
    var plan: SessionPlan
    var status: SessionStatus
    var calendarSequence: Int
    var organiser: String
    var organiserEmail: String?
    var scheduledAt: Date
    var updatedAt: Date
    var cancelReason: String?

    static let columns =
        "session_id::text, plan, status, calendar_sequence, organiser, organiser_email, scheduled_at, updated_at, cancel_reason"

    init(row: PostgresRow) throws {
        self.sessionId = try row.decode(String.self, at: 0)
        self.plan = try row.decode(PostgresJSON<SessionPlan>.self, at: 1).value
        self.status = SessionStatus(rawValue: try row.decode(String.self, at: 2)) ?? .cancelled
        self.calendarSequence = try row.decode(Int.self, at: 3)
        self.organiser = try row.decode(String.self, at: 4)
        self.organiserEmail = try row.decode(String?.self, at: 5)
        self.scheduledAt = try row.decode(Date.self, at: 6)
        self.updatedAt = try row.decode(Date.self, at: 7)
        self.cancelReason = try row.decode(String?.self, at: 8)
    }

    /// The session, locked for the transaction when `lock` (sign-ups on one session queue on this row).
    static func load(_ id: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> SessionRecord? {
        guard UUID(uuidString: id) != nil else { return nil }
        let rows = try await transaction.query(
            "SELECT \(unescaped: columns) FROM sessions WHERE session_id = \(id)::uuid \(unescaped: lock ? "FOR UPDATE" : "")")
        return try rows.first.map(SessionRecord.init(row:))
    }

    static func require(_ id: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> SessionRecord {
        guard let session = try await load(id, lock: lock, in: transaction) else {
            throw ServiceProblem(.notFound, code: "sessionNotFound", field: "sessionId", rule: "a session of the scheduler", "no such session")
        }
        return session
    }

    var view: SessionView {
        SessionView(
            title: self.plan.title, dates: self.plan.dates.map { .init(start: $0.start, end: $0.end) },
            location: .init(name: self.plan.location.name, communeInsee: self.plan.location.communeInsee))
    }

    /// The dates in French for the mails (Europe/Paris), or « dates à venir » while they are unknown.
    var frenchDates: String {
        self.plan.datesKnown ? ParisTime.frenchDates(self.plan.dates.map { .init(start: $0.start, end: $0.end) }) : "dates à venir"
    }

    /// Whether the caller organises this session (its organiser, or an operator).
    func isOrganisedBy(_ subject: String) -> Bool { self.organiser == subject }

    func bookedCount(in transaction: ServiceTransaction) async throws -> Int {
        try await transaction.query("SELECT count(*) FROM signups WHERE session_id = \(self.sessionId)::uuid AND status = 70")
            .first.map { try $0.decode(Int.self, at: 0) } ?? 0
    }
}
