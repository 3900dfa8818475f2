import Foundation

/// A domain event an operation implies. ``routingKey`` gives the contract routing key when domain §2.3
/// defines one; internal steps have none.
public struct TenderEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// Published with this deadline and DCE version.
        case published(deadline: Date, dceVersion: Int)
        /// A new DCE version; the changed files go in the mandatory notice.
        case amended(dceVersion: Int, changedFiles: [String])
        /// The deadline moved later.
        case deadlineChanged(from: Date, to: Date)
        /// The deadline was reached.
        case closed
        /// The bids were opened by this caller.
        case bidsOpened(openedBy: String)
        /// Admissibility was recorded.
        case admissibilityRecorded
        /// The award was decided for these lots.
        case awardDecided(lotIds: [String])
        /// Rejection letters must go out (notifications reports the send time back).
        case rejectionsIssued
        /// The letters were sent: the standstill runs until the given date.
        case standstillStarted(earliestSignatureDate: CalendarDate)
        /// The legal-challenge flag changed.
        case legalChallengeChanged(pending: Bool)
        /// The standstill ended.
        case standstillEnded
        /// The contract was signed; ACTES transmission needed or not.
        case contractSigned(actesRequired: Bool)
        /// The holder was notified.
        case contractNotified
        /// Every lot is terminal; award notice and open data are published.
        case completed
        /// Declared sans suite.
        case cancelled(reason: String)
        /// A lot was declared unsuccessful.
        case lotUnsuccessful(lotId: String, reason: String)
        /// Every lot is unsuccessful.
        case tenderUnsuccessful
    }

    /// The tender.
    public let tenderId: String
    /// When it happened (the instant passed to the operation).
    public let occurredAt: Date
    /// What happened.
    public let kind: Kind

    /// Creates an event.
    public init(tenderId: String, occurredAt: Date, kind: Kind) {
        self.tenderId = tenderId
        self.occurredAt = occurredAt
        self.kind = kind
    }

    /// The contract routing key, when domain §2.3 defines one.
    public var routingKey: String? {
        switch kind {
        case .published: "procurement.tender.published.v1"
        case .amended: "procurement.tender.amended.v1"
        case .deadlineChanged: "procurement.tender.deadline-changed.v1"
        case .closed: "procurement.tender.closed.v1"
        case .bidsOpened: "procurement.bids.opened.v1"
        case .awardDecided: "procurement.award.decided.v1"
        case .rejectionsIssued: "procurement.award.rejections-issued.v1"
        case .contractSigned: "procurement.contract.signed.v1"
        case .contractNotified: "procurement.contract.notified.v1"
        case .completed: "procurement.tender.completed.v1"
        case .cancelled: "procurement.tender.cancelled.v1"
        case .lotUnsuccessful: "procurement.lot.unsuccessful.v1"
        case .admissibilityRecorded, .standstillStarted, .legalChallengeChanged, .standstillEnded,
            .tenderUnsuccessful:
            nil
        }
    }
}

/// The outcome of an operation: the new tender, the events it implies and any warnings.
public struct TenderTransition: Sendable, Hashable {
    /// The tender after the operation.
    public let tender: Tender
    /// The events, in order.
    public let events: [TenderEvent]
    /// Warnings to show (e.g. a short MAPA deadline).
    public let warnings: [RuleWarning]

    /// Creates a transition.
    public init(tender: Tender, events: [TenderEvent], warnings: [RuleWarning] = []) {
        self.tender = tender
        self.events = events
        self.warnings = warnings
    }
}
