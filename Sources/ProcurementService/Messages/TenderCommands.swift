public import ContractMessaging

/// `procurement.tender.amend.v1`.
public struct AmendTender: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.amend.v1"
    /// One file change: `added`/`replaced` carry the file, `removed` only the name.
    public struct FileChange: Codable, Sendable, Hashable {
        /// `added`, `replaced` or `removed`.
        public var change: String
        /// Kind of document (not for `removed`).
        public var kind: String?
        /// File name.
        public var fileName: String
        /// Claim-check URI (not for `removed`).
        public var uri: String?
        /// SHA-256 (not for `removed`).
        public var sha256: String?
        /// Size (not for `removed`).
        public var sizeBytes: Int?
        /// Media type.
        public var mediaType: String?
        /// Creates a change.
        public init(
            change: String, kind: String? = nil, fileName: String, uri: String? = nil, sha256: String? = nil,
            sizeBytes: Int? = nil, mediaType: String? = nil
        ) {
            self.change = change
            self.kind = kind
            self.fileName = fileName
            self.uri = uri
            self.sha256 = sha256
            self.sizeBytes = sizeBytes
            self.mediaType = mediaType
        }
    }
    /// Tender id.
    public var tenderId: String
    /// Amendment id (idempotency key).
    public var amendmentId: String
    /// The DCE version edited.
    public var basedOnDceVersion: Int
    /// What changed.
    public var summary: String
    /// The file changes.
    public var fileChanges: [FileChange]
    /// A later deadline, when the amendment moves it.
    public var newTenderDeadline: String?
    /// Who asks.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(
        tenderId: String, amendmentId: String, basedOnDceVersion: Int, summary: String, fileChanges: [FileChange],
        newTenderDeadline: String? = nil, requestedBy: RequestedBy
    ) {
        self.tenderId = tenderId
        self.amendmentId = amendmentId
        self.basedOnDceVersion = basedOnDceVersion
        self.summary = summary
        self.fileChanges = fileChanges
        self.newTenderDeadline = newTenderDeadline
        self.requestedBy = requestedBy
    }
}

/// `procurement.tender.cancel.v1`.
public struct CancelTender: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.cancel.v1"
    /// Tender id.
    public var tenderId: String
    /// Reason category.
    public var reason: String
    /// Reason text.
    public var reasonText: String
    /// Who asks.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(tenderId: String, reason: String, reasonText: String, requestedBy: RequestedBy) {
        self.tenderId = tenderId
        self.reason = reason
        self.reasonText = reasonText
        self.requestedBy = requestedBy
    }
}

/// `procurement.question.ask.v1`.
public struct AskQuestion: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.question.ask.v1"
    /// Who asks (never published).
    public struct Asker: Codable, Sendable, Hashable {
        /// Address.
        public var email: String
        /// Contact person.
        public var contactName: String?
        /// Company name.
        public var company: String?
        /// SIRET.
        public var siret: String?
        /// Creates the value.
        public init(email: String, contactName: String? = nil, company: String? = nil, siret: String? = nil) {
            self.email = email
            self.contactName = contactName
            self.company = company
            self.siret = siret
        }
    }
    /// Tender id.
    public var tenderId: String
    /// Question id (idempotency key).
    public var questionId: String
    /// Lot, if any.
    public var lotNumber: Int?
    /// The question.
    public var text: String
    /// Who asks.
    public var asker: Asker
    /// Who sends the command.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(tenderId: String, questionId: String, lotNumber: Int? = nil, text: String, asker: Asker, requestedBy: RequestedBy) {
        self.tenderId = tenderId
        self.questionId = questionId
        self.lotNumber = lotNumber
        self.text = text
        self.asker = asker
        self.requestedBy = requestedBy
    }
}

/// `procurement.question.answer.v1`.
public struct AnswerQuestion: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.question.answer.v1"
    /// Tender id.
    public var tenderId: String
    /// Question id.
    public var questionId: String
    /// The answer.
    public var answer: String
    /// A later deadline (required when answering after answersDueBy).
    public var newTenderDeadline: String?
    /// Who asks.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(tenderId: String, questionId: String, answer: String, newTenderDeadline: String? = nil, requestedBy: RequestedBy) {
        self.tenderId = tenderId
        self.questionId = questionId
        self.answer = answer
        self.newTenderDeadline = newTenderDeadline
        self.requestedBy = requestedBy
    }
}
