public import ContractMessaging

/// A company as events carry it.
public struct CompanyRef: Codable, Sendable, Hashable {
    /// SIRET.
    public var siret: String
    /// Name.
    public var name: String
}

/// A stored file as events carry it (`fileReference`).
public struct FileRef: Codable, Sendable, Hashable {
    /// Where it is served.
    public var uri: String
    /// File name.
    public var fileName: String
    /// SHA-256.
    public var sha256: String
    /// Size.
    public var sizeBytes: Int
    /// Media type.
    public var mediaType: String?
}

/// `procurement.bid.received.v1`: metadata only, never content.
public struct BidReceived: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.bid.received.v1"
    /// Who deposited.
    public struct Depositor: Codable, Sendable, Hashable {
        /// Contact.
        public var contactName: String
        /// E-mail.
        public var email: String
    }
    /// Bid id.
    public var bidId: String
    /// Tender id.
    public var tenderId: String
    /// Lots.
    public var lotNumbers: [Int]
    /// Bidder.
    public var bidderSiret: String
    /// Time of receipt.
    public var receivedAt: String
    /// SHA-256 of the deposit.
    public var contentSha256: String
    /// Size.
    public var sizeBytes: Int?
    /// After the deadline.
    public var late: Bool
    /// The earlier deposit of the same bidder this one supersedes.
    public var supersedesBidId: String?
    /// Who deposited.
    public var depositor: Depositor
}

/// `procurement.bids.opened.v1`.
public struct BidsOpened: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.bids.opened.v1"
    /// An opened deposit.
    public struct Opened: Codable, Sendable, Hashable {
        /// Bid id.
        public var bidId: String
        /// Bidder.
        public var bidderSiret: String
        /// Lots.
        public var lotNumbers: [Int]
        /// SHA-256, checked after decryption.
        public var contentSha256: String
        /// Time of receipt.
        public var receivedAt: String
    }
    /// Tender id.
    public var tenderId: String
    /// Opening id.
    public var openingId: String
    /// When.
    public var openedAt: String
    /// Opener.
    public var openedBy: String
    /// Opened deposits.
    public var bids: [Opened]
    /// Late deposits kept sealed.
    public var lateBidsKept: Int
    /// Superseded deposits kept sealed.
    public var supersededBids: Int
}

/// `procurement.lot.unsuccessful.v1`.
public struct LotUnsuccessful: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.lot.unsuccessful.v1"
    /// Tender id.
    public var tenderId: String
    /// Lot.
    public var lotNumber: Int
    /// When.
    public var declaredAt: String
    /// `noBids` or `noAcceptableBids`.
    public var reason: String
}

/// `procurement.award.decided.v1`.
public struct AwardDecided: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.award.decided.v1"
    /// The winner.
    public struct Awardee: Codable, Sendable, Hashable {
        /// Bid id.
        public var bidId: String
        /// SIRET.
        public var siret: String
        /// Name.
        public var name: String
    }
    /// Tender id.
    public var tenderId: String
    /// Lot.
    public var lotNumber: Int
    /// Award id.
    public var awardId: String
    /// When.
    public var decidedAt: String
    /// Winner.
    public var awardee: Awardee
    /// Amount.
    public var amountHtCents: Int64
    /// Family.
    public var procedureFamily: String
    /// Standstill required.
    public var standstillRequired: Bool
    /// Bids considered.
    public var bidsConsidered: Int
}

/// `procurement.award.rejections-issued.v1`.
public struct AwardRejectionsIssued: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.award.rejections-issued.v1"
    /// A letter.
    public struct Letter: Codable, Sendable, Hashable {
        /// Letter id.
        public var letterId: String
        /// Rejected bid.
        public var bidId: String
        /// Bidder.
        public var bidder: CompanyRef
        /// Address.
        public var recipientEmail: String
        /// The letter file.
        public var letter: FileRef
    }
    /// Tender id.
    public var tenderId: String
    /// Lot.
    public var lotNumber: Int
    /// Award id.
    public var awardId: String
    /// When issued.
    public var issuedAt: String
    /// Awardee name.
    public var awardeeName: String
    /// 11 or 16.
    public var standstillDays: Int
    /// Letters.
    public var letters: [Letter]
}

/// `procurement.contract.signed.v1`.
public struct ContractSigned: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.contract.signed.v1"
    /// The buyer with what ACTES needs.
    public struct Buyer: Codable, Sendable, Hashable {
        /// SIRET.
        public var siret: String
        /// Name.
        public var name: String
        /// Kind.
        public var kind: String
        /// Département.
        public var departement: String?
    }
    /// A piece.
    public struct Piece: Codable, Sendable, Hashable {
        /// Kind.
        public var kind: String
        /// File.
        public var file: FileRef
    }
    /// Contract id.
    public var contractId: String
    /// Tender id.
    public var tenderId: String
    /// Lots.
    public var lotNumbers: [Int]
    /// Numéro interne.
    public var reference: String
    /// When recorded.
    public var signedAt: String
    /// Legal date.
    public var signatureDate: String
    /// Buyer.
    public var buyer: Buyer
    /// Holder.
    public var holder: CompanyRef
    /// Object.
    public var object: String
    /// CPV.
    public var cpv: String
    /// Amount.
    public var amountHtCents: Int64
    /// Duration.
    public var durationMonths: Int
    /// ACTES transmission required.
    public var actesRequired: Bool
    /// Last day to transmit.
    public var actesDueBy: String?
    /// Pieces.
    public var pieces: [Piece]
}

/// `notifications.notice.sent.v1`, as procurement reads it.
public struct NoticeSentReceipt: ContractMessage {
    /// The contract message type.
    public static let messageType = "notifications.notice.sent.v1"
    /// What it is about.
    public struct Related: Codable, Sendable, Hashable {
        /// Service.
        public var service: String
        /// Aggregate type.
        public var aggregateType: String
        /// Aggregate id.
        public var aggregateId: String
        /// Requester's reference (the letter id).
        public var reference: String?
    }
    /// Template.
    public var template: String
    /// Related object.
    public var relatedTo: Related
    /// When sent.
    public var sentAt: String
}

/// `notifications.notice.bounced.v1`, as procurement reads it.
public struct NoticeBouncedReceipt: ContractMessage {
    /// The contract message type.
    public static let messageType = "notifications.notice.bounced.v1"
    /// Template.
    public var template: String
    /// Related object.
    public var relatedTo: NoticeSentReceipt.Related
    /// When.
    public var bouncedAt: String
    /// Kind.
    public var bounceType: String
}
