public import ContractMessaging
public import Foundation

/// What notifications reads of `procurement.tender-document.downloaded.v1`: identified downloads register
/// the operator for the tender's mandatory notices.
public struct TenderDocumentDownloaded: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.tender-document.downloaded.v1"

    /// The operator's identification.
    public struct Identified: Codable, Sendable {
        /// SIRET, if given.
        public var siret: String?
        /// Company name.
        public var company: String
        /// Address for mandatory notices.
        public var email: String
        /// Contact person.
        public var contactName: String
    }

    /// Register entry id.
    public var downloadId: String
    /// Tender id.
    public var tenderId: String
    /// When the download happened (the register time).
    public var downloadedAt: Date
    /// Absent for an anonymous download.
    public var identified: Identified?
}

/// What notifications reads of `procurement.bid.received.v1`: the receipt goes to the depositor, who is
/// registered for the tender's mandatory notices.
public struct BidReceived: ContractMessage {
    /// The contract message type.
    public static let messageType = "procurement.bid.received.v1"

    /// Who deposited.
    public struct Depositor: Codable, Sendable {
        /// Contact person.
        public var contactName: String
        /// Address for the receipt and mandatory notices.
        public var email: String
    }

    /// Deposit id.
    public var bidId: String
    /// Tender id.
    public var tenderId: String
    /// Lots answered.
    public var lotNumbers: [Int]
    /// SIRET of the bidder.
    public var bidderSiret: String
    /// Exact time of receipt.
    public var receivedAt: Date
    /// SHA-256 of the sealed deposit.
    public var contentSha256: String
    /// Size of the sealed deposit.
    public var sizeBytes: Int?
    /// Received after the deadline.
    public var late: Bool
    /// The depositor.
    public var depositor: Depositor
}
