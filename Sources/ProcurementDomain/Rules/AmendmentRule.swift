import Foundation

/// The amendment rule (domain §2.5, design): an amendment published when fewer than N days (7 by default)
/// remain before the deadline must move the deadline so that at least N days remain after it.
public struct AmendmentRule: Sendable {
    /// The rule set.
    public let rules: ProcurementRules

    /// Creates the rule.
    public init(rules: ProcurementRules = .default) {
        self.rules = rules
    }

    /// The earliest deadline that leaves enough time after an amendment published at `amendedAt`:
    /// N Europe/Paris calendar days later, same wall-clock time.
    public func minimumDeadline(amendedAt: Date) -> Date {
        amendedAt.addingParisDays(rules.amendmentMinimumRemainingDays)
    }

    /// The deadline that applies after the amendment: the current one when enough time remains and no
    /// new one is given, else `newDeadline`.
    /// - Throws: ``ProcurementRuleError`` `deadlinePassed`, `deadlineNotLater` or `amendmentNeedsExtension`.
    public func effectiveDeadline(
        amendedAt: Date, currentDeadline: Date, newDeadline: Date?
    ) throws(ProcurementRuleError) -> Date {
        let rule = "design: amendment leaves \(rules.amendmentMinimumRemainingDays) days (R2151-4 to confirm)"
        guard amendedAt < currentDeadline else {
            throw ProcurementRuleError(.deadlinePassed, rule: rule, message: "The deadline has passed; no amendment.")
        }
        let minimum = minimumDeadline(amendedAt: amendedAt)
        if let newDeadline, newDeadline <= currentDeadline {
            throw ProcurementRuleError(
                .deadlineNotLater, rule: rule, message: "A new deadline must be later than the current one.")
        }
        let effective = newDeadline ?? currentDeadline
        guard effective >= minimum else {
            throw ProcurementRuleError(
                .amendmentNeedsExtension, rule: rule,
                message: "Fewer than \(rules.amendmentMinimumRemainingDays) days remain; move the deadline to "
                    + "\(minimum.parisISO8601) or later.")
        }
        return effective
    }
}
