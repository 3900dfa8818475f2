import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.question.ask.v1` and `procurement.question.answer.v1` refused (domain §2.6).
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct QuestionRefusalTests {
    static let ask = QuestionAsk.messageType
    static let answer = QuestionAnswer.messageType

    @Test func aQuestionIsAboutALotAndIsAnsweredOnce() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let stray = Fixtures.ask(tender, lot: 9)
            expectRefusal(
                try await bed.refused(stray, id: stray.questionId), "unknownLot", field: "lotNumber",
                rule: "a lot of the tender", of: Self.ask)
            let unknown = Fixtures.answer(tender, question: Fixtures.id())
            expectRefusal(
                try await bed.refused(unknown, id: unknown.questionId), "questionNotFound", field: "questionId",
                rule: "exists on this tender", of: Self.answer)
            let question = Fixtures.ask(tender, lot: 1)
            try await bed.send(question)
            _ = try await bed.published(QuestionAsked.self) { $0.questionId == question.questionId }
            try await bed.send(Fixtures.answer(tender, question: question.questionId))
            _ = try await bed.published(QuestionAnswered.self) { $0.questionId == question.questionId }
            // The refusal names the question; the published answer stays the first one.
            try await bed.send(Fixtures.answer(tender, question: question.questionId))
            let again = try await bed.published(CommandRejected.self) {
                $0.commandId == question.questionId && $0.commandType == Self.answer
            }
            expectRefusal(again, "alreadyAnswered", field: "questionId", rule: "answered once", of: Self.answer)
            #expect(try await bed.count("SELECT count(*) FROM questions WHERE lot_number = 9") == 0)
            #expect(try await bed.count("SELECT count(*) FROM questions WHERE answered_at IS NOT NULL") == 1)
        }
    }

    @Test func lateQuestionsAreClosedAndLateAnswersMoveTheDeadline() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let question = Fixtures.ask(tender.tenderId)
            try await bed.send(question)
            _ = try await bed.published(QuestionAsked.self) { $0.questionId == question.questionId }
            // Four days before the deadline: questions closed ten days before, answers were due six days before.
            bed.clock.advance(by: tender.tenderDeadline.timeIntervalSince(bed.clock.now()) - 4 * Fixtures.day)
            let late = Fixtures.ask(tender.tenderId)
            expectRefusal(
                try await bed.refused(late, id: late.questionId), "questionsClosed", field: "tenderId",
                rule: "questionsCloseAt", of: Self.ask)
            try await bed.send(Fixtures.answer(tender.tenderId, question: question.questionId))
            expectRefusal(
                try await bed.published(CommandRejected.self) { $0.commandId == question.questionId },
                "answerNeedsExtension", field: "newTenderDeadline", rule: "R2132-6", of: Self.answer)
            let shortExtension = tender.tenderDeadline.addingTimeInterval(3600)
            try await bed.send(
                Fixtures.answer(tender.tenderId, question: question.questionId, newDeadline: shortExtension))
            try await bed.published(CommandRejected.self, count: 2) { $0.commandId == question.questionId }
                .forEach {
                    expectRefusal(
                        $0, "answerNeedsExtension", field: "newTenderDeadline", rule: "R2132-6", of: Self.answer)
                }
            #expect(try await bed.count("SELECT count(*) FROM questions WHERE answered_at IS NOT NULL") == 0)
            #expect(try await bed.count("SELECT count(*) FROM timers WHERE kind = 'tenderDeadline'") == 1)
            #expect(try await bed.refusalAudits(Self.answer, tender: tender.tenderId) == 2)
        }
    }

    @Test func questionsNeedAPublishedTender() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let question = Fixtures.ask(tender)
            try await bed.send(question)
            _ = try await bed.published(QuestionAsked.self) { $0.questionId == question.questionId }
            try await bed.cancel(tender)
            let asked = Fixtures.ask(tender)
            expectRefusal(
                try await bed.refused(asked, id: asked.questionId), "invalidTransition", field: "tenderId",
                rule: "tender lifecycle", of: Self.ask)
            let answered = Fixtures.answer(tender, question: question.questionId)
            expectRefusal(
                try await bed.refused(answered, id: question.questionId), "invalidTransition", field: "tenderId",
                rule: "tender lifecycle", of: Self.answer)
        }
    }
}
