public import ContractMessaging

/// `procurement.bid.submit.v1`: a deposit handed over by claim check (a `file:` URI procurement reads,
/// seals and stores); the HTTP upload `POST /tenders/{id}/bids` is the other way in.
public struct SubmitBid: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.bid.submit.v1"
    /// Who deposits.
    public struct Depositor: Codable, Sendable, Hashable {
        /// Contact person.
        public var contactName: String
        /// Address for the receipt and the mandatory notices.
        public var email: String
        /// Creates the value.
        public init(contactName: String, email: String) {
            self.contactName = contactName
            self.email = email
        }
    }
    /// Deposit id (idempotency key).
    public var bidId: String
    /// Tender id.
    public var tenderId: String
    /// Lots answered.
    public var lotNumbers: [Int]
    /// SIRET of the bidder.
    public var bidderSiret: String
    /// Who deposits.
    public var depositor: Depositor
    /// When the upload started.
    public var uploadStartedAt: String
    /// The deposit.
    public var sealedDeposit: FileClaim
    /// Who sends the command.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(
        bidId: String, tenderId: String, lotNumbers: [Int], bidderSiret: String, depositor: Depositor,
        uploadStartedAt: String, sealedDeposit: FileClaim, requestedBy: RequestedBy
    ) {
        self.bidId = bidId
        self.tenderId = tenderId
        self.lotNumbers = lotNumbers
        self.bidderSiret = bidderSiret
        self.depositor = depositor
        self.uploadStartedAt = uploadStartedAt
        self.sealedDeposit = sealedDeposit
        self.requestedBy = requestedBy
    }
}

/// `procurement.bids.open.v1`.
public struct OpenBids: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.bids.open.v1"
    /// Who opens.
    public struct Opener: Codable, Sendable, Hashable {
        /// Portal user id.
        public var userId: String
        /// `opener`, `buyer` or `administrator`; only `opener` may open.
        public var role: String
        /// Creates the value.
        public init(userId: String, role: String) {
            self.userId = userId
            self.role = role
        }
    }
    /// Tender id.
    public var tenderId: String
    /// Opening id (idempotency key).
    public var openingId: String
    /// Who opens.
    public var requestedBy: Opener
    /// Creates the command.
    public init(tenderId: String, openingId: String, requestedBy: Opener) {
        self.tenderId = tenderId
        self.openingId = openingId
        self.requestedBy = requestedBy
    }
}

/// `procurement.award.decide.v1`.
public struct DecideAward: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.award.decide.v1"
    /// A rejected bid and its reasons.
    public struct Rejection: Codable, Sendable, Hashable {
        /// Bid id.
        public var bidId: String
        /// Reasons given in the rejection letter.
        public var reasons: String
        /// Creates the value.
        public init(bidId: String, reasons: String) {
            self.bidId = bidId
            self.reasons = reasons
        }
    }
    /// Tender id.
    public var tenderId: String
    /// Lot number.
    public var lotNumber: Int
    /// Award id (idempotency key).
    public var awardId: String
    /// The winning bid.
    public var awardeeBidId: String
    /// Amount, HT cents.
    public var amountHtCents: Int64
    /// Why this bid.
    public var awardReasons: String
    /// The other bids of the lot.
    public var rejectedBids: [Rejection]
    /// Who decides.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(
        tenderId: String, lotNumber: Int, awardId: String, awardeeBidId: String, amountHtCents: Int64,
        awardReasons: String, rejectedBids: [Rejection], requestedBy: RequestedBy
    ) {
        self.tenderId = tenderId
        self.lotNumber = lotNumber
        self.awardId = awardId
        self.awardeeBidId = awardeeBidId
        self.amountHtCents = amountHtCents
        self.awardReasons = awardReasons
        self.rejectedBids = rejectedBids
        self.requestedBy = requestedBy
    }
}

/// `procurement.contract.sign.v1`.
public struct SignContract: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.contract.sign.v1"
    /// A signed piece.
    public struct Piece: Codable, Sendable, Hashable {
        /// Kind of piece (`acteEngagement`, …).
        public var kind: String
        /// The file.
        public var file: FileClaim
        /// Creates the value.
        public init(kind: String, file: FileClaim) {
            self.kind = kind
            self.file = file
        }
    }
    /// Tender id.
    public var tenderId: String
    /// Contract id (idempotency key).
    public var contractId: String
    /// The award signed.
    public var awardId: String
    /// The numéro interne.
    public var reference: String
    /// Duration in months.
    public var durationMonths: Int
    /// Signed pieces.
    public var pieces: [Piece]
    /// Who signs.
    public var requestedBy: RequestedBy
    /// Creates the command.
    public init(
        tenderId: String, contractId: String, awardId: String, reference: String, durationMonths: Int, pieces: [Piece],
        requestedBy: RequestedBy
    ) {
        self.tenderId = tenderId
        self.contractId = contractId
        self.awardId = awardId
        self.reference = reference
        self.durationMonths = durationMonths
        self.pieces = pieces
        self.requestedBy = requestedBy
    }
}
