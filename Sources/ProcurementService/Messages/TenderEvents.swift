public import ContractMessaging

/// The buyer as events carry it.
public struct BuyerRef: Codable, Sendable, Hashable {
    /// SIRET.
    public var siret: String
    /// Name.
    public var name: String
    /// Kind.
    public var kind: String
    /// Département (3 characters).
    public var departement: String?
}

/// Who must receive a mandatory notice: counts and the instant of the register (notifications resolves
/// the addresses from its own register).
public struct MandatoryRecipients: Codable, Sendable, Hashable {
    /// Tender id.
    public var tenderId: String
    /// Register entries up to this instant.
    public var asOf: String
    /// Identified downloaders at `asOf`.
    public var identifiedDownloaders: Int
    /// Distinct bidders at `asOf`.
    public var bidders: Int
}

/// A DCE file as events carry it.
public struct DCEFileRef: Codable, Sendable, Hashable {
    /// Kind.
    public var kind: String
    /// File name.
    public var fileName: String
    /// URI where it is served.
    public var uri: String
    /// SHA-256.
    public var sha256: String
    /// Size.
    public var sizeBytes: Int
    /// Media type.
    public var mediaType: String?
}

/// `procurement.tender.published.v1`.
public struct TenderPublished: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.published.v1"
    /// A lot.
    public struct Lot: Codable, Sendable, Hashable {
        /// Number.
        public var lotNumber: Int
        /// Title.
        public var title: String
        /// CPV.
        public var cpv: String?
        /// Estimated value.
        public var estimatedValueHtCents: Int64?
    }
    /// Tender id.
    public var tenderId: String
    /// Reference.
    public var reference: String
    /// Title.
    public var title: String
    /// Description.
    public var description: String?
    /// Buyer.
    public var buyer: BuyerRef
    /// Nature.
    public var nature: String
    /// Procedure.
    public var procedure: String
    /// Procedure family.
    public var procedureFamily: String
    /// Publicity.
    public var publicity: String
    /// Main CPV.
    public var mainCpv: String
    /// Additional CPV.
    public var additionalCpv: [String]?
    /// Estimated value.
    public var estimatedValueHtCents: Int64
    /// Lots.
    public var lots: [Lot]
    /// Place of execution.
    public var executionPlace: PublishTender.Place?
    /// Publication instant.
    public var publishedAt: String
    /// Deadline.
    public var tenderDeadline: String
    /// Questions close.
    public var questionsCloseAt: String
    /// Answers due by.
    public var answersDueBy: String
    /// Urgency.
    public var urgency: Bool
    /// DCE version.
    public var dceVersion: Int
    /// DCE files.
    public var dceFiles: [DCEFileRef]
    /// Electronic procedure mandatory.
    public var electronicProcedureMandatory: Bool
    /// Standstill required.
    public var standstillRequired: Bool
    /// ACTES transmission required.
    public var actesTransmissionRequired: Bool
    /// Public page.
    public var buyerProfileUrl: String
}

/// `procurement.tender.amended.v1`.
public struct TenderAmended: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.amended.v1"
    /// A changed file.
    public struct ChangedFile: Codable, Sendable, Hashable {
        /// `added`, `replaced`, `removed`.
        public var change: String
        /// Kind.
        public var kind: String
        /// File name.
        public var fileName: String
        /// SHA-256 of the new file.
        public var sha256: String?
    }
    /// Tender id.
    public var tenderId: String
    /// Amendment id.
    public var amendmentId: String
    /// When.
    public var amendedAt: String
    /// New DCE version.
    public var dceVersion: Int
    /// Previous version.
    public var previousDceVersion: Int
    /// Summary.
    public var summary: String
    /// Changes.
    public var changedFiles: [ChangedFile]
    /// Deadline after the amendment.
    public var tenderDeadline: String
    /// Whether the deadline moved.
    public var deadlineExtended: Bool
    /// Recipients of the mandatory notice.
    public var mandatoryRecipients: MandatoryRecipients
}

/// `procurement.tender.deadline-changed.v1`.
public struct TenderDeadlineChanged: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.deadline-changed.v1"
    /// Tender id.
    public var tenderId: String
    /// Previous deadline.
    public var previousDeadline: String
    /// New deadline.
    public var newDeadline: String
    /// When.
    public var changedAt: String
    /// Why (`amendment`, `lateAnswer`, …).
    public var reason: String
    /// The amendment, if any.
    public var amendmentId: String?
    /// The question, if any.
    public var questionId: String?
    /// Recipients of the mandatory notice.
    public var mandatoryRecipients: MandatoryRecipients
}

/// `procurement.tender.closed.v1`.
public struct TenderClosed: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.closed.v1"
    /// Bids per lot.
    public struct LotCount: Codable, Sendable, Hashable {
        /// Lot.
        public var lotNumber: Int
        /// Bids in time.
        public var bidsInTime: Int
    }
    /// Tender id.
    public var tenderId: String
    /// When.
    public var closedAt: String
    /// The deadline.
    public var tenderDeadline: String
    /// Bids in time (deciding deposits).
    public var bidsInTime: Int
    /// Late bids.
    public var lateBids: Int
    /// Per lot.
    public var lots: [LotCount]
}

/// `procurement.tender.cancelled.v1`.
public struct TenderCancelled: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.cancelled.v1"
    /// Tender id.
    public var tenderId: String
    /// When.
    public var cancelledAt: String
    /// Status before.
    public var previousStatus: String
    /// Reason category.
    public var reason: String
    /// Reason text.
    public var reasonText: String
    /// Recipients of the mandatory notice.
    public var mandatoryRecipients: MandatoryRecipients
}

/// `procurement.question.asked.v1`.
public struct QuestionAsked: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.question.asked.v1"
    /// Question id.
    public var questionId: String
    /// Tender id.
    public var tenderId: String
    /// Lot.
    public var lotNumber: Int?
    /// When.
    public var askedAt: String
    /// Text.
    public var question: String
    /// Answers due by.
    public var answersDueBy: String
}

/// `procurement.question.answered.v1`.
public struct QuestionAnswered: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.question.answered.v1"
    /// Question id.
    public var questionId: String
    /// Tender id.
    public var tenderId: String
    /// Lot.
    public var lotNumber: Int?
    /// When asked.
    public var askedAt: String
    /// Question.
    public var question: String
    /// Answer.
    public var answer: String
    /// When answered.
    public var answeredAt: String
    /// Answers due by.
    public var answersDueBy: String
    /// Whether the answer came after answersDueBy (the deadline was extended).
    public var answeredLate: Bool
    /// Recipients of the mandatory notice.
    public var mandatoryRecipients: MandatoryRecipients
}

/// `procurement.tender-document.downloaded.v1`.
public struct TenderDocumentDownloaded: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender-document.downloaded.v1"
    /// A file taken.
    public struct File: Codable, Sendable, Hashable {
        /// Name.
        public var fileName: String
        /// SHA-256.
        public var sha256: String
    }
    /// The identified downloader.
    public struct Identified: Codable, Sendable, Hashable {
        /// SIRET.
        public var siret: String?
        /// Company.
        public var company: String
        /// E-mail.
        public var email: String
        /// Contact.
        public var contactName: String
    }
    /// Download id.
    public var downloadId: String
    /// Tender id.
    public var tenderId: String
    /// DCE version taken.
    public var dceVersion: Int
    /// When.
    public var downloadedAt: String
    /// Files.
    public var files: [File]
    /// Identification, if given.
    public var identified: Identified?
}

/// `procurement.command.rejected.v1`.
public struct CommandRejected: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.command.rejected.v1"
    /// The command type.
    public var commandType: String
    /// Its idempotency key.
    public var commandId: String?
    /// Tender.
    public var tenderId: String?
    /// When.
    public var rejectedAt: String
    /// Machine code.
    public var code: String
    /// Rule.
    public var rule: String
    /// Field.
    public var field: String?
    /// Explanation.
    public var message: String
}

/// `procurement.timer.fired.v1`: procurement's own durable timer.
public struct TimerFired: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.timer.fired.v1"
    /// Timer id.
    public var timerId: String
    /// `tenderDeadline` or `standstillEnd`.
    public var kind: String
    /// Tender id.
    public var tenderId: String
    /// Lot (standstill).
    public var lotNumber: Int?
    /// Due instant.
    public var dueAt: String
}
