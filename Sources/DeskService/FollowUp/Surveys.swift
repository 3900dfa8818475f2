import DeskContracts
import DeskDomain
import Foundation
import NoticeRequests
import ServiceRuntime
import Storage

/// A closed need's satisfaction survey (domain §5.4: `contacted_by_expert`, `useful_exchange`, a comment): sent once
/// when the need closes, answered once through the secret link the mail carries.
struct Surveys: Sendable {
    let settings: DeskSettings
    let catalogue: Catalogue

    struct Answer: Codable, Sendable {
        var token: String
        var contactedByExpert: Bool
        var usefulExchange: Bool
        var comment: String?
    }

    func needClosed(_ match: MatchActions.Match, status: NeedStatus, at now: Date, _ transaction: ServiceTransaction) async throws {
        let closed = try await transaction.execute(
            "UPDATE needs SET closed_at = \(now) WHERE need_id = \(match.needId)::uuid AND closed_at IS NULL")
        guard closed == 1, let closedStatus = NeedClosed.Status(rawValue: status.rawValue) else { return }
        try await transaction.publish(
            NeedClosed(
                needId: match.needId, applicationId: match.applicationId, subjectId: match.subjectId, status: closedStatus, closedAt: now),
            aggregate: match.needId, id: DerivedID.uuid("need-closed|\(match.needId)"))
        guard let solicitation = try await Solicitation.load(match.applicationId, in: transaction) else { return }
        let token = SolicitationIntake.randomToken()
        try await transaction.execute(
            """
            INSERT INTO surveys (need_id, token_hash, sent_at) VALUES (\(match.needId)::uuid, \(SolicitationIntake.hash(token)), \(now))
            ON CONFLICT (need_id) DO NOTHING
            """)
        try await NoticeOutbox.desk.request(
            "desk-survey", to: [solicitation.draft.email],
            variables: [
                "applicantName": solicitation.draft.fullName, "subjectLabel": self.catalogue.subject(match.subjectId)?.label ?? match.subjectId,
                "link": "\(self.settings.publicURL)/surveys/\(match.needId)?token=\(token)",
            ],
            aggregate: ("need", match.needId), cause: match.needId, in: transaction)
    }

    func answer(needId: String, _ answer: Answer, _ transaction: ServiceTransaction) async throws {
        guard UUID(uuidString: needId) != nil else {
            throw ServiceProblem(.notFound, code: "surveyNotFound", field: "needId", rule: "a survey sent by the desk", needId)
        }
        let updated = try await transaction.execute(
            """
            UPDATE surveys SET contacted_by_expert = \(answer.contactedByExpert), useful_exchange = \(answer.usefulExchange),
                comment = \(answer.comment.map { String($0.prefix(2000)) }), answered_at = \(self.settings.clock.now())
            WHERE need_id = \(needId)::uuid AND token_hash = \(SolicitationIntake.hash(answer.token)) AND answered_at IS NULL
            """)
        guard updated == 1 else {
            throw ServiceProblem(
                .forbidden, code: "invalidSurveyToken", field: "token", rule: "the survey mail's secret, answered once",
                "this survey link is not valid or was already answered")
        }
    }
}
