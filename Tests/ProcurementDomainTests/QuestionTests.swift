import Foundation
import ProcurementDomain
import Testing

@Suite struct QuestionTests {
    let rules = QuestionRules()
    let deadline = DomainFixtures.instant("2026-04-02T12:00:00+02:00")

    func question(askedAt: Date) -> Question {
        Question(
            id: "Q1", tenderId: "T-2026-001", askedAt: askedAt, authorRef: "op-42", text: "Le lot 2 inclut-il la pose ?"
        )
    }

    @Test func answersAreDueSixDaysBeforeTheDeadlineFourInUrgency() {
        #expect(
            rules.answersDueBy(deadline: deadline, urgency: false)
                == DomainFixtures.instant("2026-03-27T12:00:00+01:00"))
        #expect(
            rules.answersDueBy(deadline: deadline, urgency: true) == DomainFixtures.instant("2026-03-29T12:00:00+02:00")
        )
        #expect(
            rules.defaultQuestionsCloseAt(deadline: deadline) == DomainFixtures.instant("2026-03-23T12:00:00+01:00"))
    }

    @Test func aQuestionAskedFiveDaysBeforeTheDeadlineNeedsAnExtension() throws {
        let asked = DomainFixtures.instant("2026-03-28T09:00:00+01:00")
        let answeredAt = DomainFixtures.instant("2026-03-28T15:00:00+01:00")
        do {
            _ = try rules.answer(
                question(askedAt: asked), text: "Oui.", at: answeredAt, deadline: deadline, urgency: false)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .answerNeedsExtension)
            #expect(error.rule.hasPrefix("R2132-6"))
            #expect(error.message.contains("2026-04-03T15:00:00+02:00"))
        }
        #expect(
            rules.minimumDeadline(answeredAt: answeredAt, urgency: false)
                == DomainFixtures.instant("2026-04-03T15:00:00+02:00"))
        // Too short an extension.
        #expect(throws: ProcurementRuleError.self) {
            try rules.answer(
                question(askedAt: asked), text: "Oui.", at: answeredAt, deadline: deadline, urgency: false,
                newDeadline: DomainFixtures.instant("2026-04-03T12:00:00+02:00"))
        }
        let extended = DomainFixtures.instant("2026-04-03T15:00:00+02:00")
        let outcome = try rules.answer(
            question(askedAt: asked), text: "Oui.", at: answeredAt, deadline: deadline, urgency: false,
            newDeadline: extended)
        #expect(outcome.deadlineExtended)
        #expect(outcome.deadline == extended)
        #expect(outcome.question.status == .answered)
        #expect(outcome.question.answer == "Oui.")
        #expect(outcome.question.answeredAt == answeredAt)
    }

    @Test func anAnswerInTimeKeepsTheDeadline() throws {
        let asked = DomainFixtures.instant("2026-03-20T09:00:00+01:00")
        let outcome = try rules.answer(
            question(askedAt: asked), text: "Non.", at: DomainFixtures.instant("2026-03-27T12:00:00+01:00"),
            deadline: deadline,
            urgency: false)
        #expect(!outcome.deadlineExtended)
        #expect(outcome.deadline == deadline)
        // In urgency the same late answer is still in time (4 days).
        let urgent = try rules.answer(
            question(askedAt: asked), text: "Non.", at: DomainFixtures.instant("2026-03-29T11:00:00+02:00"),
            deadline: deadline,
            urgency: true)
        #expect(!urgent.deadlineExtended)
    }

    @Test func answerRefusals() throws {
        let asked = DomainFixtures.instant("2026-03-20T09:00:00+01:00")
        let answered = try rules.answer(
            question(askedAt: asked), text: "Non.", at: DomainFixtures.instant("2026-03-21T09:00:00+01:00"),
            deadline: deadline,
            urgency: false
        ).question
        #expect(throws: ProcurementRuleError.self) {
            try rules.answer(
                answered, text: "Encore", at: DomainFixtures.instant("2026-03-21T10:00:00+01:00"), deadline: deadline,
                urgency: false)
        }
        #expect(throws: ProcurementRuleError.self) {
            try rules.answer(
                question(askedAt: asked), text: "Trop tard", at: deadline, deadline: deadline, urgency: false)
        }
        // The new deadline must be later than the current one.
        #expect(throws: ProcurementRuleError.self) {
            try rules.answer(
                question(askedAt: asked), text: "x", at: DomainFixtures.instant("2026-03-31T10:00:00+02:00"),
                deadline: deadline,
                urgency: false, newDeadline: DomainFixtures.instant("2026-04-01T10:00:00+02:00"))
        }
    }
}
