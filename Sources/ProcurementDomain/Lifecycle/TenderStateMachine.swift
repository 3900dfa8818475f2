import Foundation

/// The tender lifecycle (domain §2.3) as pure functions: one operation per trigger. Each takes the current
/// instant explicitly (no clock reads) and returns the new tender with the events it implies, or throws a
/// ``ProcurementRuleError`` naming the rule.
public struct TenderStateMachine: Sendable {
    /// The rule set.
    public let rules: ProcurementRules
    /// Deadline rules (with the holiday table).
    public let deadlines: DeadlineCalculator

    /// Creates a state machine.
    public init(rules: ProcurementRules = .default, holidays: PublicHolidayCalendar = .france) {
        self.rules = rules
        self.deadlines = DeadlineCalculator(rules: rules, holidays: holidays)
    }

    // MARK: Publication and the bidding period

    /// draft → published. Guards: deadline set and at or after the legal minimum (formalised procedures;
    /// a short MAPA deadline only warns), main CPV set, DCE contains the RC, threshold assessment stored and
    /// not requiring a formalised procedure when the procedure is adapted.
    public func publish(_ tender: Tender, at now: Date) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.draft], to: "publish")
        guard let deadline = tender.deadline else { throw missing("a deadline", rule: "R2161-2") }
        guard tender.mainCPV != nil else { throw missing("the main CPV code", rule: "R2123-1 notice content") }
        guard tender.dceContainsRC else { throw missing("the consultation rules (RC) in the DCE", rule: "R2132-2") }
        guard let thresholds = tender.thresholds else {
            throw missing("the threshold assessment", rule: "design: thresholds run before publication")
        }
        guard !tender.lots.isEmpty else { throw missing("at least one lot", rule: "design") }
        if thresholds.procedureFamily == .formalised, tender.procedure.family != .formalised {
            throw ProcurementRuleError(
                .procedureNotAllowed, rule: "L2124-1",
                message: "The estimated value is at or above the EU threshold (\(thresholds.euThreshold)); "
                    + "a formalised procedure is required.")
        }
        let check = try deadlines.validate(
            deadline: deadline, publishedAt: now, procedure: tender.procedure, conditions: tender.conditions)
        var next = tender
        next.status = .published
        next.publishedAt = now
        return TenderTransition(
            tender: next, events: [event(next, now, .published(deadline: deadline, dceVersion: next.dceVersion))],
            warnings: check.warnings)
    }

    /// published → published with DCE version n+1. If fewer than 7 days (configurable) remain, `newDeadline`
    /// must leave at least 7 days after the amendment, else the amendment is refused.
    public func amend(
        _ tender: Tender, changedFiles: [String], newDeadline: Date? = nil, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.published], to: "amend")
        let current = tender.deadline!  // published tenders always have one
        let effective = try AmendmentRule(rules: rules).effectiveDeadline(
            amendedAt: now, currentDeadline: current, newDeadline: newDeadline)
        var next = tender
        next.dceVersion += 1
        next.deadline = effective
        var events = [event(next, now, .amended(dceVersion: next.dceVersion, changedFiles: changedFiles))]
        if effective != current {
            events.append(event(next, now, .deadlineChanged(from: current, to: effective)))
        }
        return TenderTransition(tender: next, events: events)
    }

    /// published → published with a later deadline. Guards: before the current deadline; new > old.
    public func changeDeadline(
        _ tender: Tender, to newDeadline: Date, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.published], to: "change the deadline of")
        let current = tender.deadline!  // published tenders always have one
        guard now < current else {
            throw ProcurementRuleError(.deadlinePassed, rule: "design", message: "The deadline has already passed.")
        }
        guard newDeadline > current else {
            throw ProcurementRuleError(
                .deadlineNotLater, rule: "design: deadlines only move later",
                message: "The new deadline must be later than \(current.parisISO8601).")
        }
        var next = tender
        next.deadline = newDeadline
        return TenderTransition(
            tender: next, events: [event(next, now, .deadlineChanged(from: current, to: newDeadline))])
    }

    /// published → closed, when the clock reaches the deadline (never a user action).
    public func close(_ tender: Tender, at now: Date) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.published], to: "close")
        guard now >= tender.deadline! else {
            throw ProcurementRuleError(
                .deadlineNotReached, rule: "Directive 2014/24 annex IV",
                message: "The deadline \(tender.deadline!.parisISO8601) is not reached.")
        }
        var next = tender
        next.status = .closed
        return TenderTransition(tender: next, events: [event(next, now, .closed)])
    }

    /// closed → opening by an authorised opener. Refused before the deadline whatever the status (the
    /// caller audits the refusal).
    public func open(_ tender: Tender, by caller: TenderCaller, at now: Date) throws(ProcurementRuleError)
        -> TenderTransition
    {
        if let deadline = tender.deadline, now < deadline {
            throw ProcurementRuleError(
                .deadlineNotReached, rule: "Directive 2014/24 annex IV",
                message: "Nobody can open bids before the deadline \(deadline.parisISO8601).")
        }
        guard caller.roles.contains(.opener) else {
            throw ProcurementRuleError(
                .notAuthorised, rule: "Directive 2014/24 annex IV",
                message: "Only an authorised opener can open the bids.")
        }
        try require(tender, in: [.closed], to: "open the bids of")
        var next = tender
        next.status = .opening
        return TenderTransition(tender: next, events: [event(next, now, .bidsOpened(openedBy: caller.id))])
    }

    /// opening → evaluation once admissibility is recorded.
    public func recordAdmissibility(_ tender: Tender, at now: Date) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.opening], to: "record admissibility for")
        var next = tender
        next.status = .evaluation
        return TenderTransition(tender: next, events: [event(next, now, .admissibilityRecorded)])
    }

    // MARK: Helpers

    func require(_ tender: Tender, in statuses: Set<TenderStatus>, to action: String) throws(ProcurementRuleError) {
        guard statuses.contains(tender.status) else {
            throw ProcurementRuleError(
                .invalidTransition, rule: "design: tender lifecycle (domain §2.3)",
                message: "Cannot \(action) a tender in status \(tender.status.rawValue).")
        }
    }

    func missing(_ what: String, rule: String) -> ProcurementRuleError {
        ProcurementRuleError(.missingData, rule: rule, message: "Publishing needs \(what).")
    }

    func event(_ tender: Tender, _ now: Date, _ kind: TenderEvent.Kind) -> TenderEvent {
        TenderEvent(tenderId: tender.id, occurredAt: now, kind: kind)
    }
}
