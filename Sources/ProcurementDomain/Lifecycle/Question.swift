import Foundation

/// A question from an operator and its answer (domain §2.6). The asker stays hidden; the answer goes to all.
public struct Question: Sendable, Hashable, Codable, Identifiable {
    /// The status of a question.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Waiting for an answer.
        case asked
        /// Answered and published to everyone.
        case answered
        /// Rejected (out of time or out of scope).
        case rejected
    }

    /// The question's identifier.
    public let id: String
    /// The tender.
    public let tenderId: String
    /// The lot, if the question is about one.
    public let lotId: String?
    /// When it was asked.
    public let askedAt: Date
    /// A reference to the asker, never published.
    public let authorRef: String
    /// The question.
    public let text: String
    /// The status.
    public internal(set) var status: Status
    /// The answer.
    public internal(set) var answer: String?
    /// When it was answered.
    public internal(set) var answeredAt: Date?

    /// Creates an asked question.
    public init(id: String, tenderId: String, lotId: String? = nil, askedAt: Date, authorRef: String, text: String) {
        self.id = id
        self.tenderId = tenderId
        self.lotId = lotId
        self.askedAt = askedAt
        self.authorRef = authorRef
        self.text = text
        self.status = .asked
    }

    /// Restores a stored question exactly as it was.
    public init(
        restoringId id: String, tenderId: String, lotId: String?, askedAt: Date, authorRef: String, text: String,
        status: Status, answer: String?, answeredAt: Date?
    ) {
        self.id = id
        self.tenderId = tenderId
        self.lotId = lotId
        self.askedAt = askedAt
        self.authorRef = authorRef
        self.text = text
        self.status = status
        self.answer = answer
        self.answeredAt = answeredAt
    }
}

/// What answering a question implies for the deadline.
public struct AnswerOutcome: Sendable, Hashable {
    /// The answered question.
    public let question: Question
    /// The deadline that applies after the answer (the new one when an extension was needed).
    public let deadline: Date
    /// Whether the deadline had to move (publish a deadline change and a mandatory notice).
    public let deadlineExtended: Bool
}

/// Question-and-answer timing (domain §2.6).
public struct QuestionRules: Sendable {
    /// The rule set.
    public let rules: ProcurementRules

    /// Creates the rules.
    public init(rules: ProcurementRules = .default) {
        self.rules = rules
    }

    /// Answers go out at least 6 days (4 in urgency) before the deadline (R2132-6): `answersDueBy` =
    /// deadline − 6 (or 4) Europe/Paris calendar days, same wall-clock time.
    public func answersDueBy(deadline: Date, urgency: Bool) -> Date {
        let days = urgency ? rules.answersBeforeDeadlineUrgencyDays : rules.answersBeforeDeadlineDays
        return deadline.addingParisDays(-days)
    }

    /// The default time questions close: deadline − 10 days (design; the buyer may choose another).
    public func defaultQuestionsCloseAt(deadline: Date) -> Date {
        deadline.addingParisDays(-rules.questionsCloseBeforeDeadlineDays)
    }

    /// The earliest deadline that still leaves 6 (or 4) days after an answer given at `answeredAt`.
    public func minimumDeadline(answeredAt: Date, urgency: Bool) -> Date {
        let days = urgency ? rules.answersBeforeDeadlineUrgencyDays : rules.answersBeforeDeadlineDays
        return answeredAt.addingParisDays(days)
    }

    /// Answers `question`. After `answersDueBy` the answer needs a new deadline at least 6 (or 4) days after
    /// the answer; without one it is refused.
    /// - Throws: ``ProcurementRuleError`` `answerNeedsExtension` (with the minimum new deadline),
    ///   `deadlineNotLater`, `deadlinePassed` or `invalidTransition`.
    public func answer(
        _ question: Question, text: String, at now: Date, deadline: Date, urgency: Bool, newDeadline: Date? = nil
    ) throws(ProcurementRuleError) -> AnswerOutcome {
        guard question.status == .asked else {
            throw ProcurementRuleError(
                .invalidTransition, rule: "design", message: "Question \(question.id) is already \(question.status).")
        }
        guard now < deadline else {
            throw ProcurementRuleError(.deadlinePassed, rule: "R2132-6", message: "The deadline has passed.")
        }
        var effective = deadline
        if now > answersDueBy(deadline: deadline, urgency: urgency) {
            let minimum = minimumDeadline(answeredAt: now, urgency: urgency)
            guard let newDeadline else {
                throw ProcurementRuleError(
                    .answerNeedsExtension, rule: "R2132-6 (R2151-4 to confirm)",
                    message: "The answer comes less than \(urgency ? 4 : 6) days before the deadline; move the "
                        + "deadline to \(minimum.parisISO8601) or later.")
            }
            guard newDeadline > deadline else {
                throw ProcurementRuleError(
                    .deadlineNotLater, rule: "R2132-6", message: "The new deadline must be later than the current one.")
            }
            guard newDeadline >= minimum else {
                throw ProcurementRuleError(
                    .answerNeedsExtension, rule: "R2132-6 (R2151-4 to confirm)",
                    message: "Move the deadline to \(minimum.parisISO8601) or later.")
            }
            effective = newDeadline
        }
        var answered = question
        answered.status = .answered
        answered.answer = text
        answered.answeredAt = now
        return AnswerOutcome(question: answered, deadline: effective, deadlineExtended: effective != deadline)
    }
}
