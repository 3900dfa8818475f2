import DeskContracts
import DeskDomain
import Foundation
import Identity
import ServiceRuntime
import Storage

/// An expert's actions on a match (domain §5.3): take care, close with an outcome, or say it is not for them. Each
/// move is appended to `match_history`, cancels the match's pending follow-ups, and re-aggregates the need; a need
/// that closes gets its `desk.need.closed.v1` and the company its satisfaction survey, once.
struct MatchActions: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue

    struct Match: Sendable, Codable {
        var matchId: String
        var needId: String
        var applicationId: String
        var subjectId: String
        var expertKey: String
        var expertName: String
        var expertEmail: String
        var institution: String
        var antenne: String
        var status: MatchStatus
        var sentAt: Date
        var takenCareAt: Date?
        var closedAt: Date?
        var managerEmail: String?
        var managerName: String?
    }

    static let columns = """
        m.match_id::text, m.need_id::text, n.application_id::text, n.subject_id, m.expert_key, m.expert_name, m.expert_email,
        m.institution, m.antenne, m.status, m.sent_at, m.taken_care_at, m.closed_at, m.manager_email, m.manager_name
        """

    static func match(row: PostgresRow) throws -> Match {
        Match(
            matchId: try row.decode(String.self, at: 0), needId: try row.decode(String.self, at: 1),
            applicationId: try row.decode(String.self, at: 2), subjectId: try row.decode(String.self, at: 3),
            expertKey: try row.decode(String.self, at: 4), expertName: try row.decode(String.self, at: 5),
            expertEmail: try row.decode(String.self, at: 6), institution: try row.decode(String.self, at: 7),
            antenne: try row.decode(String.self, at: 8), status: MatchStatus(rawValue: try row.decode(String.self, at: 9)) ?? .quo,
            sentAt: try row.decode(Date.self, at: 10), takenCareAt: try row.decode(Date?.self, at: 11),
            closedAt: try row.decode(Date?.self, at: 12), managerEmail: try row.decode(String?.self, at: 13),
            managerName: try row.decode(String?.self, at: 14))
    }

    static func load(_ matchId: String, lock: Bool = false, in transaction: ServiceTransaction) async throws -> Match? {
        guard UUID(uuidString: matchId) != nil else { return nil }
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: Self.columns) FROM matches m JOIN needs n USING (need_id)
            WHERE m.match_id = \(matchId)::uuid \(unescaped: lock ? "FOR UPDATE OF m" : "")
            """)
        return try rows.first.map(Self.match(row:))
    }

    /// The match's expert (by the token's e-mail, with the expert role), or an operator.
    static func authorize(_ caller: Caller, _ match: Match) throws {
        guard caller.isOperator || (caller.roles.contains(Caller.Role.expert) && caller.owns(email: match.expertEmail)) else {
            throw ServiceProblem(
                .forbidden, code: "notYourMatch", field: "matchId", rule: "the match's expert (role expert, the match's e-mail), or operators",
                "this match was sent to another expert")
        }
    }

    /// Moves the match; the same status again is a no-op (a retried command or a double click).
    @discardableResult
    func move(_ matchId: String, to status: MatchStatus, comment: String?, by caller: Caller, _ transaction: ServiceTransaction) async throws
        -> Match
    {
        guard var match = try await Self.load(matchId, lock: true, in: transaction) else {
            throw ServiceProblem(.notFound, code: "matchNotFound", field: "matchId", rule: "a match of the desk", matchId)
        }
        try Self.authorize(caller, match)
        if match.status == status { return match }
        guard match.status.canTransition(to: status) else {
            throw ServiceProblem(
                .conflict, code: "invalidTransition", field: "status", rule: "domain §5.3 match statuses",
                MatchTransitionError(from: match.status, to: status).description)
        }
        let now = self.settings.clock.now()
        let previous = match.status
        try await transaction.execute(
            """
            UPDATE matches SET status = \(status.rawValue),
                taken_care_at = CASE WHEN \(status == .takingCare) THEN \(now) ELSE taken_care_at END,
                closed_at = CASE WHEN \(status.isClosed) THEN \(now) ELSE closed_at END
            WHERE match_id = \(matchId)::uuid
            """)
        try await transaction.execute(
            """
            INSERT INTO match_history (match_id, status, at, actor, comment)
            VALUES (\(matchId)::uuid, \(status.rawValue), \(now), \(caller.subject), \(comment))
            """)
        try await transaction.execute(
            "UPDATE follow_ups SET cancelled = true WHERE match_id = \(matchId)::uuid AND fired_at IS NULL")
        match.status = status
        let statuses = try await transaction.query("SELECT status FROM matches WHERE need_id = \(match.needId)::uuid")
            .map { MatchStatus(rawValue: try $0.decode(String.self, at: 0)) ?? .quo }
        let needStatus = NeedStatus.aggregate(statuses)
        try await transaction.execute("UPDATE needs SET status = \(needStatus.rawValue) WHERE need_id = \(match.needId)::uuid")
        try await transaction.publish(
            MatchUpdated(
                matchId: matchId, needId: match.needId, applicationId: match.applicationId, status: .init(rawValue: status.rawValue)!,
                previousStatus: .init(rawValue: previous.rawValue)!, needStatus: .init(rawValue: needStatus.rawValue)!, updatedAt: now,
                comment: comment.map { String($0.prefix(1000)) }),
            aggregate: match.needId, id: DerivedID.uuid("match-updated|\(matchId)|\(status.rawValue)"))
        if needStatus.isClosed {
            // A need that is over reminds nobody any more, whatever its other matches' statuses.
            try await transaction.execute(
                """
                UPDATE follow_ups SET cancelled = true
                WHERE fired_at IS NULL AND match_id IN (SELECT match_id FROM matches WHERE need_id = \(match.needId)::uuid)
                """)
            try await Surveys(settings: self.settings, catalogue: self.catalogue).needClosed(match, status: needStatus, at: now, transaction)
        }
        return match
    }
}
