import Foundation
import Identifiers

/// The status of a tender (domain §2.3).
public enum TenderStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being prepared by the buyer.
    case draft
    /// Published; bids may be deposited until the deadline.
    case published
    /// The deadline has passed.
    case closed
    /// The bids are being opened.
    case opening
    /// Admissibility recorded; bids are evaluated.
    case evaluation
    /// Award decided and rejection letters sent; waiting for the end of the standstill.
    case standstill
    /// Awarded; the contract may be signed.
    case awarded
    /// The contract is signed.
    case contractSigned
    /// The holder has been notified.
    case notified
    /// Award notice and open data published; every lot is terminal.
    case complete
    /// Declared "sans suite" (terminal).
    case cancelled
    /// Every lot is unsuccessful (terminal).
    case unsuccessful

    /// `complete`, `cancelled` and `unsuccessful`.
    public var isTerminal: Bool { self == .complete || self == .cancelled || self == .unsuccessful }
}

/// The status of a lot. One lot can be unsuccessful while another is awarded.
public enum LotStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// In competition.
    case open
    /// Awarded (its contract follows the tender's award steps).
    case awarded
    /// Its contract went through notification and publication (terminal).
    case completed
    /// No bids, or every bid irregular, unacceptable or inappropriate (terminal).
    case unsuccessful
    /// Cancelled with the tender (terminal).
    case cancelled

    /// `completed`, `unsuccessful` and `cancelled`.
    public var isTerminal: Bool { self == .completed || self == .unsuccessful || self == .cancelled }
}

/// A lot of a tender.
public struct Lot: Sendable, Hashable, Codable, Identifiable {
    /// The lot's identifier within the tender (`1`, `2`, …).
    public let id: String
    /// Its title.
    public var title: String
    /// Its status.
    public var status: LotStatus

    /// Creates an open lot.
    public init(id: String, title: String, status: LotStatus = .open) {
        self.id = id
        self.title = title
        self.status = status
    }
}

/// A tender (consultation) as the state machine sees it. A value: every operation of
/// ``TenderStateMachine`` returns a new one.
public struct Tender: Sendable, Hashable, Codable, Identifiable {
    /// The tender's identifier.
    public let id: String
    /// The procedure.
    public var procedure: ProcedureType
    /// Facts that change the minimum time limit.
    public var conditions: DeadlineConditions
    /// The main CPV code (required to publish).
    public var mainCPV: CPVCode?
    /// The threshold engine's assessment (required to publish).
    public var thresholds: ThresholdAssessment?
    /// The deadline for tenders (required to publish).
    public var deadline: Date?
    /// When it was published.
    public internal(set) var publishedAt: Date?
    /// The lots (at least one).
    public var lots: [Lot]
    /// The DCE version (1 at creation; each amendment adds one).
    public internal(set) var dceVersion: Int
    /// Whether the DCE contains the consultation rules (RC), required to publish.
    public var dceContainsRC: Bool
    /// The status.
    public internal(set) var status: TenderStatus
    /// A référé précontractuel is pending: the standstill cannot end and signature is frozen.
    public internal(set) var legalChallenge: Bool
    /// The standstill, once the rejection letters are reported sent.
    public internal(set) var standstill: StandstillPeriod?
    /// When the contract was signed.
    public internal(set) var signedAt: Date?
    /// Why the tender was cancelled.
    public internal(set) var cancellationReason: String?

    /// Creates a draft tender with DCE version 1.
    public init(
        id: String, procedure: ProcedureType, lots: [Lot], conditions: DeadlineConditions = .standard,
        mainCPV: CPVCode? = nil, thresholds: ThresholdAssessment? = nil, deadline: Date? = nil,
        dceContainsRC: Bool = false
    ) {
        self.id = id
        self.procedure = procedure
        self.conditions = conditions
        self.mainCPV = mainCPV
        self.thresholds = thresholds
        self.deadline = deadline
        self.publishedAt = nil
        self.lots = lots
        self.dceVersion = 1
        self.dceContainsRC = dceContainsRC
        self.status = .draft
        self.legalChallenge = false
        self.standstill = nil
        self.signedAt = nil
        self.cancellationReason = nil
    }

    /// Restores a stored tender exactly as it was (for the service's repository, not for new tenders).
    public init(
        restoringId id: String, procedure: ProcedureType, conditions: DeadlineConditions, mainCPV: CPVCode?,
        thresholds: ThresholdAssessment?, deadline: Date?, publishedAt: Date?, lots: [Lot], dceVersion: Int,
        dceContainsRC: Bool, status: TenderStatus, legalChallenge: Bool, standstill: StandstillPeriod?,
        signedAt: Date?, cancellationReason: String?
    ) {
        self.id = id
        self.procedure = procedure
        self.conditions = conditions
        self.mainCPV = mainCPV
        self.thresholds = thresholds
        self.deadline = deadline
        self.publishedAt = publishedAt
        self.lots = lots
        self.dceVersion = dceVersion
        self.dceContainsRC = dceContainsRC
        self.status = status
        self.legalChallenge = legalChallenge
        self.standstill = standstill
        self.signedAt = signedAt
        self.cancellationReason = cancellationReason
    }

    /// The family of the procedure used: adapted for MAPA, formalised otherwise.
    public var family: ProcedureFamily { procedure.family }

    /// Whether the signed contract goes to the prefecture before notification (from the stored assessment).
    public var actesTransmissionRequired: Bool { thresholds?.actesTransmissionRequired ?? false }
}

/// Who performs an operation, with the roles the state machine checks.
public struct TenderCaller: Sendable, Hashable {
    /// A role on a tender.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Prepares and publishes.
        case buyer
        /// Authorised to open the bids.
        case opener
        /// Platform administrator (has no opening right by itself).
        case administrator
    }

    /// The caller's identifier (for the audit trail).
    public let id: String
    /// The caller's roles.
    public let roles: Set<Role>

    /// Creates a caller.
    public init(id: String, roles: Set<Role>) {
        self.id = id
        self.roles = roles
    }
}
