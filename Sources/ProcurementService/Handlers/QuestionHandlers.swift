import ContractMessaging
import Foundation
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.question.ask.v1` and `procurement.question.answer.v1` (domain §2.6): answers are due 6
/// days before the deadline (4 in urgency); a later answer must move the deadline so that 6 days remain.
struct QuestionHandlers: Sendable {
    let settings: ProcurementSettings

    private func leadDays(_ tender: TenderRecord) -> Int {
        tender.urgency ? self.settings.rules.answersBeforeDeadlineUrgencyDays : self.settings.rules.answersBeforeDeadlineDays
    }

    func ask(_ command: QuestionAsk, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .share, in: transaction)
        guard tender.status == "published" else {
            throw ServiceProblem.invalidTransition(tender.status, expected: ["published"], action: "ask a question on")
        }
        let now = self.settings.clock.now()
        if let close = tender.questionsCloseAt, now > close {
            throw ServiceProblem(
                .invalid, code: "questionsClosed", field: "tenderId",
                rule: "questions close at questionsCloseAt (domain §2.6)",
                "questions closed at \(ContractCoding.format(close))")
        }
        if let lot = command.lotNumber {
            let rows = try await transaction.query(
                "SELECT 1 FROM lots WHERE tender_id = \(command.tenderId)::uuid AND lot_number = \(lot)")
            guard !rows.isEmpty else {
                throw ServiceProblem(
                    .invalid, code: "unknownLot", field: "lotNumber", rule: "a question is about a lot of the tender",
                    "no lot \(lot)")
            }
        }
        let inserted = try await transaction.execute(
            """
            INSERT INTO questions (question_id, tender_id, lot_number, asked_at, text, asker_email, asker_name, asker_company, asker_siret)
            VALUES (\(command.questionId)::uuid, \(command.tenderId)::uuid, \(command.lotNumber), \(now), \(command.text),
                    \(command.asker.email), \(command.asker.contactName), \(command.asker.company), \(command.asker.siret))
            ON CONFLICT (question_id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        let event = QuestionAsked(
            questionId: command.questionId, tenderId: command.tenderId, lotNumber: command.lotNumber,
            askedAt: now, question: command.text, answersDueBy: tender.deadline.addingParisDays(-self.leadDays(tender)))
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "questionAsked", at: now, event, in: transaction)
    }

    func answer(_ command: QuestionAnswer, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        guard tender.status == "published" else {
            throw ServiceProblem.invalidTransition(
                tender.status, expected: ["published"], action: "answer a question on")
        }
        let rows = try await transaction.query(
            """
            SELECT asked_at, text, lot_number, answered_at FROM questions
            WHERE question_id = \(command.questionId)::uuid AND tender_id = \(command.tenderId)::uuid FOR UPDATE
            """)
        guard let row = rows.first else {
            throw ServiceProblem(
                .invalid, code: "questionNotFound", field: "questionId", rule: "the question exists on this tender",
                command.questionId)
        }
        guard try row.decode(Date?.self, at: 3) == nil else {
            throw ServiceProblem(
                .invalid, code: "alreadyAnswered", field: "questionId", rule: "a question is answered once",
                command.questionId)
        }
        let now = self.settings.clock.now()
        let lead = self.leadDays(tender)
        let answersDueBy = tender.deadline.addingParisDays(-lead)
        var deadline = tender.deadline
        let late = now > answersDueBy
        if late {
            let minimum = now.addingParisDays(lead)
            guard let requested = command.newTenderDeadline else {
                throw ServiceProblem(
                    .invalid, code: "answerNeedsExtension", field: "newTenderDeadline",
                    rule: "R2132-6: answers are sent \(lead) days before the deadline",
                    "answers were due by \(ContractCoding.format(answersDueBy)); move the deadline to \(minimum.parisISO8601) or later")
            }
            guard requested >= minimum, requested > tender.deadline else {
                throw ServiceProblem(
                    .invalid, code: "answerNeedsExtension", field: "newTenderDeadline",
                    rule: "R2132-6: answers are sent \(lead) days before the deadline",
                    "the new deadline must be \(minimum.parisISO8601) or later")
            }
            deadline = requested
        }
        try await transaction.execute(
            """
            UPDATE questions SET answer = \(command.answer), answered_at = \(now), answered_late = \(late)
            WHERE question_id = \(command.questionId)::uuid
            """)
        let recipients = try await Register.recipients(command.tenderId, asOf: now, in: transaction)
        let event = QuestionAnswered(
            questionId: command.questionId, tenderId: command.tenderId, lotNumber: try row.decode(Int?.self, at: 2),
            askedAt: try row.decode(Date.self, at: 0), question: try row.decode(String.self, at: 1),
            answer: command.answer, answeredAt: now, answersDueBy: answersDueBy,
            answeredLate: late, mandatoryRecipients: recipients)
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "questionAnswered", at: now, event, in: transaction)
        if deadline != tender.deadline {
            try await DeadlineMove.apply(
                tender: tender, to: deadline, reason: .lateAnswer, amendmentId: nil, questionId: command.questionId,
                at: now, recipients: recipients, settings: self.settings, in: transaction)
        }
    }
}

/// `procurement.tender.cancel.v1`: "déclaration sans suite", from any non-terminal status, reason required;
/// every candidate is informed (mandatory notice).
struct CancelHandler: Sendable {
    let settings: ProcurementSettings

    func handle(_ command: TenderCancel, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        let now = self.settings.clock.now()
        // The lifecycle's guards: any non-terminal status, a reason.
        let current = try await TenderRecord.domainTender(tender, in: transaction)
        do {
            _ = try TenderStateMachine(rules: self.settings.rules).cancel(current, reason: command.reasonText, at: now)
        } catch {
            throw ServiceProblem.domain(error, field: error.code == .missingData ? "reasonText" : "tenderId")
        }
        try await transaction.execute(
            """
            UPDATE tenders SET status = 'cancelled', cancel_reason = \(command.reasonText), updated_at = now()
            WHERE tender_id = \(command.tenderId)::uuid
            """)
        try await transaction.execute(
            "UPDATE timers SET state = 'stale' WHERE tender_id = \(command.tenderId)::uuid AND state = 'scheduled'")
        try await transaction.execute(
            "UPDATE lots SET status = 'cancelled' WHERE tender_id = \(command.tenderId)::uuid")
        let recipients = try await Register.recipients(command.tenderId, asOf: now, in: transaction)
        let event = TenderCancelled(
            tenderId: command.tenderId, cancelledAt: now,
            previousStatus: try ContractEnum.stored(tender.status, column: "tenders.status"),
            reason: try ContractEnum.converted(command.reason, field: "reason"), reasonText: command.reasonText,
            mandatoryRecipients: recipients)
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "cancelled", at: now, event, in: transaction)
    }
}
