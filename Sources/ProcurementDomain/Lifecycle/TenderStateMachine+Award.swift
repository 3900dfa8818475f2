import Foundation

extension TenderStateMachine {
    /// evaluation → standstill (formalised procedure with more than one bid: award decided and rejection
    /// letters to send) or → awarded (adapted procedure, or a single bid). Every open lot is awarded.
    public func decideAward(_ tender: Tender, bidCount: Int, at now: Date) throws(ProcurementRuleError)
        -> TenderTransition
    {
        try require(tender, in: [.evaluation], to: "decide the award of")
        guard bidCount > 0 else {
            throw ProcurementRuleError(
                .noBids, rule: "R2185-1", message: "No bid to award; declare the lots unsuccessful instead.")
        }
        var next = tender
        var awarded: [String] = []
        for index in next.lots.indices where next.lots[index].status == .open {
            next.lots[index].status = .awarded
            awarded.append(next.lots[index].id)
        }
        var events = [event(next, now, .awardDecided(lotIds: awarded))]
        if Standstill.applies(family: tender.family, bidCount: bidCount) {
            next.status = .standstill
            events.append(event(next, now, .rejectionsIssued))
        } else {
            next.status = .awarded
        }
        return TenderTransition(tender: next, events: events)
    }

    /// Records the actual send time of the rejection letters, which starts the standstill (§2.8).
    public func recordRejectionLettersSent(
        _ tender: Tender, sentAt: Date, electronic: Bool, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.standstill], to: "start the standstill of")
        var next = tender
        let period = StandstillPeriod(lettersSentAt: sentAt, electronic: electronic, rules: rules)
        next.standstill = period
        let kind = TenderEvent.Kind.standstillStarted(earliestSignatureDate: period.earliestSignatureDate)
        return TenderTransition(tender: next, events: [event(next, now, kind)])
    }

    /// Sets or clears the legal-challenge flag (référé précontractuel), possible until signature.
    public func setLegalChallenge(_ tender: Tender, pending: Bool, at now: Date) throws(ProcurementRuleError)
        -> TenderTransition
    {
        try require(tender, in: [.evaluation, .standstill, .awarded], to: "flag a legal challenge on")
        var next = tender
        next.legalChallenge = pending
        return TenderTransition(tender: next, events: [event(next, now, .legalChallengeChanged(pending: pending))])
    }

    /// standstill → awarded when the clock reaches the end of the standstill and no legal challenge is set.
    public func endStandstill(_ tender: Tender, at now: Date) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.standstill], to: "end the standstill of")
        guard let period = tender.standstill else {
            throw ProcurementRuleError(
                .standstillNotOver, rule: "R2182-1", message: "The rejection letters are not reported sent yet.")
        }
        try period.validateSignature(at: now)
        try requireNoChallenge(tender)
        var next = tender
        next.status = .awarded
        return TenderTransition(tender: next, events: [event(next, now, .standstillEnded)])
    }

    /// awarded → contractSigned, not before the end of the standstill and not while a challenge is pending.
    public func signContract(_ tender: Tender, at now: Date) throws(ProcurementRuleError) -> TenderTransition {
        if tender.status == .standstill {
            guard let period = tender.standstill else {
                throw ProcurementRuleError(
                    .standstillNotOver, rule: "R2182-1", message: "The standstill has not started yet.")
            }
            try period.validateSignature(at: now)
        }
        try require(tender, in: [.awarded], to: "sign the contract of")
        try requireNoChallenge(tender)
        if let period = tender.standstill {
            try period.validateSignature(at: now)
        }
        var next = tender
        next.status = .contractSigned
        next.signedAt = now
        let kind = TenderEvent.Kind.contractSigned(actesRequired: tender.actesTransmissionRequired)
        return TenderTransition(tender: next, events: [event(next, now, kind)])
    }

    /// contractSigned → notified. When ACTES transmission is required the prefecture's acknowledgement must
    /// have arrived (enforceability, §2.10).
    public func notifyHolder(
        _ tender: Tender, actesAcknowledgedAt: Date?, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.contractSigned], to: "notify the holder of")
        if tender.actesTransmissionRequired, actesAcknowledgedAt == nil {
            throw ProcurementRuleError(
                .actesAcknowledgementMissing, rule: "CGCT L2131-1",
                message: "The contract must be acknowledged by the prefecture before notification.")
        }
        var next = tender
        next.status = .notified
        return TenderTransition(tender: next, events: [event(next, now, .contractNotified)])
    }

    /// notified → complete once the award notice and the DECP record are published; awarded lots become
    /// completed and every lot must then be terminal.
    public func complete(
        _ tender: Tender, awardNoticePublished: Bool, decpPublished: Bool, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.notified], to: "complete")
        guard awardNoticePublished, decpPublished else {
            throw ProcurementRuleError(
                .missingData, rule: "R2183-1",
                message: "The award notice and the DECP record must be published first.")
        }
        var next = tender
        for index in next.lots.indices where next.lots[index].status == .awarded {
            next.lots[index].status = .completed
        }
        guard next.lots.allSatisfy(\.status.isTerminal) else {
            throw ProcurementRuleError(
                .unknownOrClosedLot, rule: "design: complete when every lot is terminal",
                message: "Some lots are still open.")
        }
        next.status = .complete
        return TenderTransition(tender: next, events: [event(next, now, .completed)])
    }

    /// Declares an open lot unsuccessful (closed or evaluation). When no open lot remains and none was
    /// awarded, the tender becomes unsuccessful.
    public func markLotUnsuccessful(
        _ tender: Tender, lotId: String, reason: String, at now: Date
    ) throws(ProcurementRuleError) -> TenderTransition {
        try require(tender, in: [.closed, .evaluation], to: "declare a lot unsuccessful in")
        guard let index = tender.lots.firstIndex(where: { $0.id == lotId && $0.status == .open }) else {
            throw ProcurementRuleError(
                .unknownOrClosedLot, rule: "design", message: "Lot \(lotId) is unknown or not open.")
        }
        var next = tender
        next.lots[index].status = .unsuccessful
        var events = [event(next, now, .lotUnsuccessful(lotId: lotId, reason: reason))]
        if next.lots.allSatisfy({ $0.status == .unsuccessful || $0.status == .cancelled }) {
            next.status = .unsuccessful
            events.append(event(next, now, .tenderUnsuccessful))
        }
        return TenderTransition(tender: next, events: events)
    }

    /// Any non-terminal status → cancelled ("déclaration sans suite"). A reason is required; open and
    /// awarded lots are cancelled.
    public func cancel(_ tender: Tender, reason: String, at now: Date) throws(ProcurementRuleError) -> TenderTransition
    {
        guard !tender.status.isTerminal else {
            throw ProcurementRuleError(
                .invalidTransition, rule: "R2185-1",
                message: "A tender in status \(tender.status.rawValue) cannot be cancelled.")
        }
        guard reason.contains(where: { !$0.isWhitespace }) else {
            throw ProcurementRuleError(.missingData, rule: "R2185-1", message: "A cancellation needs a reason.")
        }
        var next = tender
        for index in next.lots.indices where !next.lots[index].status.isTerminal {
            next.lots[index].status = .cancelled
        }
        next.status = .cancelled
        next.cancellationReason = reason
        return TenderTransition(tender: next, events: [event(next, now, .cancelled(reason: reason))])
    }

    private func requireNoChallenge(_ tender: Tender) throws(ProcurementRuleError) {
        guard !tender.legalChallenge else {
            throw ProcurementRuleError(
                .legalChallengePending, rule: "L551-1 CJA (référé précontractuel)",
                message: "A legal challenge is pending; signature is frozen.")
        }
    }
}
