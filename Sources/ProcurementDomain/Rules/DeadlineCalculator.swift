import Foundation

/// The minimum legal time limit of a procedure and the earliest acceptable deadline date.
public struct MinimumDeadline: Sendable, Hashable {
    /// The minimum number of calendar days.
    public let days: Int
    /// The article that sets it.
    public let rule: String
    /// The earliest acceptable deadline date: day 0 + `days`, moved to the next working day.
    public let earliestDate: CalendarDate
}

/// The result of a deadline check that passed.
public struct DeadlineCheck: Sendable, Hashable {
    /// The legal minimum, or `nil` for the adapted procedure (no statutory minimum).
    public let minimum: MinimumDeadline?
    /// Warnings to show (e.g. a MAPA deadline below 20 days).
    public let warnings: [RuleWarning]
}

/// Minimum time limits for receiving applications and tenders (domain §2.2).
///
/// Counting: day 0 is the date the notice is sent, in Europe/Paris; counting starts the next day, in
/// calendar days; a last day on a Saturday, Sunday or public holiday moves to the next working day. The
/// buyer chooses the hour: a deadline is valid when its Paris date is on or after the computed date.
public struct DeadlineCalculator: Sendable {
    /// The rule set.
    public let rules: ProcurementRules
    /// The public holidays.
    public let holidays: PublicHolidayCalendar

    /// Creates a calculator.
    public init(rules: ProcurementRules = .default, holidays: PublicHolidayCalendar = .france) {
        self.rules = rules
        self.holidays = holidays
    }

    /// The time limit that applies, or `nil` for the adapted procedure.
    public func timeLimit(
        procedure: ProcedureType, stage: ReceiptStage = .tenders, conditions: DeadlineConditions = .standard
    ) -> ProcurementRules.TimeLimit? {
        let limits = rules.timeLimits
        switch (procedure, stage) {
        case (.adapted, _):
            return nil
        case (.open, _):
            if conditions.urgency || conditions.priorInformationNotice { return limits.openReduced }
            return conditions.electronicSubmission ? limits.openElectronic : limits.open
        case (.restricted, .applications), (.competitiveWithNegotiation, .applications):
            return conditions.urgency ? limits.applicationsUrgency : limits.applications
        case (.restricted, .tenders), (.competitiveWithNegotiation, .tenders):
            if conditions.urgency || conditions.priorInformationNotice { return limits.restrictedTendersReduced }
            return conditions.electronicSubmission ? limits.restrictedTendersElectronic : limits.restrictedTenders
        }
    }

    /// The earliest acceptable deadline date when the notice (or invitation) is sent on `sentOn`, or `nil`
    /// for the adapted procedure.
    public func minimumDeadline(
        procedure: ProcedureType, stage: ReceiptStage = .tenders, conditions: DeadlineConditions = .standard,
        sentOn: CalendarDate
    ) -> MinimumDeadline? {
        guard let limit = timeLimit(procedure: procedure, stage: stage, conditions: conditions) else { return nil }
        let lastDay = sentOn.adding(days: limit.days)
        return MinimumDeadline(
            days: limit.days, rule: limit.rule, earliestDate: holidays.nextWorkingDay(onOrAfter: lastDay))
    }

    /// Checks a deadline against the legal minimum.
    ///
    /// For a formalised procedure a deadline before the minimum date is refused; for the adapted procedure
    /// there is no minimum, but a deadline fewer than `adaptedWarningDays` days after publication gives a
    /// warning.
    /// - Throws: ``ProcurementRuleError`` `deadlineTooShort` naming the article and the earliest date.
    public func validate(
        deadline: Date, publishedAt: Date, procedure: ProcedureType, stage: ReceiptStage = .tenders,
        conditions: DeadlineConditions = .standard
    ) throws(ProcurementRuleError) -> DeadlineCheck {
        let sentOn = CalendarDate(publishedAt)
        let deadlineDate = CalendarDate(deadline)
        guard deadline > publishedAt else {
            throw ProcurementRuleError(
                .deadlineTooShort, rule: "R2161-2", message: "The deadline must be after the publication.")
        }
        guard let minimum = minimumDeadline(procedure: procedure, stage: stage, conditions: conditions, sentOn: sentOn)
        else {
            let warningDays = rules.timeLimits.adaptedWarningDays
            guard sentOn.days(until: deadlineDate) < warningDays else {
                return DeadlineCheck(minimum: nil, warnings: [])
            }
            let warning = RuleWarning(
                .shortAdaptedDeadline, rule: "design: MAPA reasonable time (R2161-1 practice)",
                message: "Deadline \(deadlineDate) is less than \(warningDays) days after publication on \(sentOn).")
            return DeadlineCheck(minimum: nil, warnings: [warning])
        }
        guard deadlineDate >= minimum.earliestDate else {
            throw ProcurementRuleError(
                .deadlineTooShort, rule: minimum.rule,
                message: "A \(minimum.days)-day minimum from \(sentOn) requires a deadline on or after "
                    + "\(minimum.earliestDate); \(deadlineDate) is too early.")
        }
        return DeadlineCheck(minimum: minimum, warnings: [])
    }
}
