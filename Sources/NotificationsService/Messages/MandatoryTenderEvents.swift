public import ContractMessaging
public import Foundation

/// The register reference of a mandatory notice: every entry of the tender up to `asOf`.
public struct MandatoryRecipients: Codable, Sendable {
    /// The tender whose register applies.
    public var tenderId: String
    /// Register entries up to this instant are included.
    public var asOf: Date
    /// Identified downloaders at `asOf`, for reconciliation.
    public var identifiedDownloaders: Int
    /// Distinct bidders at `asOf`, for reconciliation.
    public var bidders: Int
}

/// What notifications reads of `procurement.tender.amended.v1`.
public struct TenderAmended: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.amended.v1"

    /// A changed file.
    public struct ChangedFile: Codable, Sendable {
        /// `added`, `replaced` or `removed`.
        public var change: String
        /// File name.
        public var fileName: String
    }

    /// Tender id.
    public var tenderId: String
    /// When the amendment was published.
    public var amendedAt: Date
    /// New DCE version.
    public var dceVersion: Int
    /// Summary of the changes.
    public var summary: String
    /// The changed files.
    public var changedFiles: [ChangedFile]
    /// The deadline after the amendment.
    public var tenderDeadline: Date
    /// Whether the deadline moved.
    public var deadlineExtended: Bool
    /// Who must be told.
    public var mandatoryRecipients: MandatoryRecipients
}

/// What notifications reads of `procurement.question.answered.v1` (no author: the asker stays hidden).
public struct QuestionAnswered: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.question.answered.v1"

    /// Tender id.
    public var tenderId: String
    /// Lot concerned.
    public var lotNumber: Int?
    /// The question.
    public var question: String
    /// The answer.
    public var answer: String
    /// When the answer was published.
    public var answeredAt: Date
    /// Who must be told.
    public var mandatoryRecipients: MandatoryRecipients
}

/// What notifications reads of `procurement.tender.deadline-changed.v1`.
public struct TenderDeadlineChanged: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.deadline-changed.v1"

    /// Tender id.
    public var tenderId: String
    /// The old deadline.
    public var previousDeadline: Date
    /// The new deadline.
    public var newDeadline: Date
    /// `amendment`, `lateAnswer` or `buyerDecision`.
    public var reason: String
    /// Who must be told.
    public var mandatoryRecipients: MandatoryRecipients
}

/// What notifications reads of `procurement.tender.cancelled.v1`.
public struct TenderCancelled: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.cancelled.v1"

    /// Tender id.
    public var tenderId: String
    /// When it was cancelled.
    public var cancelledAt: Date
    /// The reason in the buyer's words.
    public var reasonText: String
    /// Who must be told.
    public var mandatoryRecipients: MandatoryRecipients
}
