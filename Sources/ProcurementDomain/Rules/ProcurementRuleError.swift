/// A procurement rule refused an operation: which rule, and a message safe to log and to show the buyer.
public struct ProcurementRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of refusal.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The deadline is before the legal minimum date.
        case deadlineTooShort
        /// A new deadline is not later than the current one.
        case deadlineNotLater
        /// The deadline has passed; the operation needs the tender still open for bids.
        case deadlinePassed
        /// The operation needs the deadline to have passed.
        case deadlineNotReached
        /// The operation is not allowed in the tender's current status.
        case invalidTransition
        /// A required piece of data is missing (deadline, main CPV, RC, threshold assessment, reason…).
        case missingData
        /// The caller lacks the required role.
        case notAuthorised
        /// An amendment leaves too little time before the deadline.
        case amendmentNeedsExtension
        /// An answer comes too late and needs a deadline extension.
        case answerNeedsExtension
        /// The standstill period is not over.
        case standstillNotOver
        /// A legal challenge (référé précontractuel) freezes the operation.
        case legalChallengePending
        /// The ACTES acknowledgement has not been received.
        case actesAcknowledgementMissing
        /// The chosen procedure is below what the thresholds require.
        case procedureNotAllowed
        /// A lot or bid identifier is unknown, or the lot is not in the expected status.
        case unknownOrClosedLot
        /// No bid can be awarded.
        case noBids
        /// No rule table covers the date.
        case noRuleForDate
    }

    /// The kind of refusal.
    public let code: Code
    /// The rule that refused: a legal article (`R2161-2`) or a Passerelle design rule (`design: …`).
    public let rule: String
    /// A sentence for people, e.g. the earliest acceptable date.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, rule: String, message: String) {
        self.code = code
        self.rule = rule
        self.message = message
    }

    /// `"deadlineTooShort [R2161-2]: …"`.
    public var description: String { "\(code.rawValue) [\(rule)]: \(message)" }
}

/// A rule that did not refuse but should be shown to the buyer (e.g. a short MAPA deadline).
public struct RuleWarning: Hashable, Sendable, CustomStringConvertible {
    /// The kind of warning.
    public enum Code: String, Sendable, Hashable, Codable {
        /// An adapted-procedure deadline below the configured warning (20 days by default).
        case shortAdaptedDeadline
    }

    /// The kind of warning.
    public let code: Code
    /// The rule behind it.
    public let rule: String
    /// A sentence for people.
    public let message: String

    /// Creates a warning.
    public init(_ code: Code, rule: String, message: String) {
        self.code = code
        self.rule = rule
        self.message = message
    }

    /// `"shortAdaptedDeadline [design: …]: …"`.
    public var description: String { "\(code.rawValue) [\(rule)]: \(message)" }
}
