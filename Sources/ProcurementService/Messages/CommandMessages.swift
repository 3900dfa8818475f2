public import ContractMessaging

/// `requestedBy` of the portal commands.
public struct RequestedBy: Codable, Sendable, Hashable {
    /// Portal user id.
    public var userId: String
    /// SIRET of the organisation the user acts for.
    public var siret: String?

    /// Creates the value.
    public init(userId: String, siret: String? = nil) {
        self.userId = userId
        self.siret = siret
    }
}

/// A claim check of a file handed to procurement (`closedFileReference`).
public struct FileClaim: Codable, Sendable, Hashable {
    /// Where the file is (`file:` URIs are read by procurement).
    public var uri: String
    /// File name.
    public var fileName: String
    /// SHA-256 of the content, lower-case hex.
    public var sha256: String
    /// Size in bytes.
    public var sizeBytes: Int
    /// Media type.
    public var mediaType: String?

    /// Creates a claim check.
    public init(uri: String, fileName: String, sha256: String, sizeBytes: Int, mediaType: String? = nil) {
        self.uri = uri
        self.fileName = fileName
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.mediaType = mediaType
    }
}

/// `procurement.tender.publish.v1`.
public struct PublishTender: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender.publish.v1"
    /// A lot of the tender.
    public struct Lot: Codable, Sendable, Hashable {
        /// Lot number.
        public var lotNumber: Int
        /// Title.
        public var title: String
        /// Main CPV of the lot.
        public var cpv: String?
        /// Estimated value, HT cents.
        public var estimatedValueHtCents: Int64?
        /// Creates a lot.
        public init(lotNumber: Int, title: String, cpv: String? = nil, estimatedValueHtCents: Int64? = nil) {
            self.lotNumber = lotNumber
            self.title = title
            self.cpv = cpv
            self.estimatedValueHtCents = estimatedValueHtCents
        }
    }
    /// Place of execution.
    public struct Place: Codable, Sendable, Hashable {
        /// Département, 3-character form.
        public var departement: String
        /// INSEE commune code.
        public var communeInsee: String?
        /// Creates a place.
        public init(departement: String, communeInsee: String? = nil) {
            self.departement = departement
            self.communeInsee = communeInsee
        }
    }
    /// A DCE file of version 1.
    public struct DCEFile: Codable, Sendable, Hashable {
        /// Kind (`rc`, `ccap`, …).
        public var kind: String
        /// File name.
        public var fileName: String
        /// Claim-check URI.
        public var uri: String
        /// SHA-256.
        public var sha256: String
        /// Size in bytes.
        public var sizeBytes: Int
        /// Media type.
        public var mediaType: String?
        /// Creates a file entry.
        public init(kind: String, fileName: String, uri: String, sha256: String, sizeBytes: Int, mediaType: String? = nil) {
            self.kind = kind
            self.fileName = fileName
            self.uri = uri
            self.sha256 = sha256
            self.sizeBytes = sizeBytes
            self.mediaType = mediaType
        }
    }

    /// Tender id (idempotency key).
    public var tenderId: String
    /// Buyer's reference.
    public var reference: String
    /// Title.
    public var title: String
    /// Description.
    public var description: String?
    /// SIRET of the buyer.
    public var buyerSiret: String
    /// Name of the buyer.
    public var buyerName: String?
    /// `central`, `local`, `utility`, `defence`.
    public var buyerKind: String
    /// `works`, `supplies`, `services`.
    public var nature: String
    /// Procedure (`open`, `adapted`, …).
    public var procedure: String
    /// Main CPV.
    public var mainCpv: String
    /// Additional CPV codes.
    public var additionalCpv: [String]?
    /// Estimated value of the whole need, HT cents.
    public var estimatedValueHtCents: Int64
    /// Lots.
    public var lots: [Lot]
    /// Place of execution.
    public var executionPlace: Place?
    /// Deadline (RFC 3339).
    public var tenderDeadline: String
    /// When questions close (RFC 3339).
    public var questionsCloseAt: String?
    /// Justified urgency.
    public var urgency: Bool?
    /// DCE version 1.
    public var dceFiles: [DCEFile]
    /// Who asks.
    public var requestedBy: RequestedBy

    /// Creates the command.
    public init(
        tenderId: String, reference: String, title: String, description: String? = nil, buyerSiret: String,
        buyerName: String? = nil, buyerKind: String, nature: String, procedure: String, mainCpv: String,
        additionalCpv: [String]? = nil, estimatedValueHtCents: Int64, lots: [Lot], executionPlace: Place? = nil,
        tenderDeadline: String, questionsCloseAt: String? = nil, urgency: Bool? = nil, dceFiles: [DCEFile],
        requestedBy: RequestedBy
    ) {
        self.tenderId = tenderId
        self.reference = reference
        self.title = title
        self.description = description
        self.buyerSiret = buyerSiret
        self.buyerName = buyerName
        self.buyerKind = buyerKind
        self.nature = nature
        self.procedure = procedure
        self.mainCpv = mainCpv
        self.additionalCpv = additionalCpv
        self.estimatedValueHtCents = estimatedValueHtCents
        self.lots = lots
        self.executionPlace = executionPlace
        self.tenderDeadline = tenderDeadline
        self.questionsCloseAt = questionsCloseAt
        self.urgency = urgency
        self.dceFiles = dceFiles
        self.requestedBy = requestedBy
    }
}
