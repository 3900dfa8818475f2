public import ContractMessaging
public import Foundation

/// What notifications reads of `procurement.award.rejections-issued.v1`: one rejection letter per entry.
public struct AwardRejectionsIssued: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.award.rejections-issued.v1"

    /// A company.
    public struct Company: Codable, Sendable {
        /// Company name.
        public var name: String
    }

    /// A stored file.
    public struct FileReference: Codable, Sendable {
        /// Claim-check URI.
        public var uri: String
        /// File name.
        public var fileName: String
        /// SHA-256 of the content.
        public var sha256: String
    }

    /// A rejection letter.
    public struct Letter: Codable, Sendable {
        /// Letter id (echoed as `relatedTo.reference` of `notice.sent`).
        public var letterId: String
        /// The rejected bid.
        public var bidId: String
        /// The rejected bidder.
        public var bidder: Company
        /// Where the letter goes.
        public var recipientEmail: String
        /// The letter itself.
        public var letter: FileReference
    }

    /// Tender id.
    public var tenderId: String
    /// Lot number.
    public var lotNumber: Int
    /// Award id.
    public var awardId: String
    /// Name of the awardee.
    public var awardeeName: String
    /// Standstill length in days.
    public var standstillDays: Int
    /// The letters.
    public var letters: [Letter]
}

/// What notifications reads of `procurement.award.decided.v1`.
public struct AwardDecided: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.award.decided.v1"

    /// The awardee.
    public struct Awardee: Codable, Sendable {
        /// The winning bid (its depositor's address is in the register).
        public var bidId: String
        /// Name.
        public var name: String
    }

    /// Tender id.
    public var tenderId: String
    /// Lot number.
    public var lotNumber: Int
    /// Award id.
    public var awardId: String
    /// When the decision was recorded.
    public var decidedAt: Date
    /// The awardee.
    public var awardee: Awardee
    /// Whether a standstill applies before signature.
    public var standstillRequired: Bool
}
