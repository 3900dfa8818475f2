public import Foundation

/// The acknowledgement sent to a bidder for each deposit: when it was received and the SHA-256 of what was
/// received, never the content.
///
/// Its JSON names are `receiptId`, `bidId`, `tenderId`, `bidderSiret`, `receivedAt` (ISO 8601 UTC with
/// milliseconds), `contentSha256`, `sizeBytes` and `late`; ``canonicalJSON()`` sorts the keys so the same
/// receipt always gives the same bytes (and the same hash, if the receipt itself is signed or stored).
public struct BidReceipt: Sendable, Hashable, Codable {
    /// The receipt's own id.
    public var receiptID: String
    /// The bid (deposit) id.
    public var bidID: String
    /// The tender id.
    public var tenderID: String
    /// The depositor's SIRET (14 digits, kept as a string).
    public var bidderSIRET: String
    /// The exact time of receipt, kept to the millisecond (Directive 2014/24 Annex IV).
    public var receivedAt: Date
    /// The SHA-256 of the received content, lowercase hex.
    public var contentSHA256: String
    /// The received content's size in bytes.
    public var sizeBytes: Int
    /// Whether the bid arrived after the deadline: kept, never opened.
    public var late: Bool

    /// Creates a receipt. `receivedAt` is rounded to the millisecond, the precision the receipt states.
    ///
    /// - Parameters:
    ///   - receiptID: The receipt's id.
    ///   - bidID: The bid id.
    ///   - tenderID: The tender id.
    ///   - bidderSIRET: The depositor's SIRET.
    ///   - receivedAt: The time of receipt.
    ///   - contentSHA256: The content's SHA-256, lowercase hex.
    ///   - sizeBytes: The content's size.
    ///   - late: Whether the deposit is after the deadline.
    public init(
        receiptID: String, bidID: String, tenderID: String, bidderSIRET: String, receivedAt: Date,
        contentSHA256: String, sizeBytes: Int, late: Bool
    ) {
        self.receiptID = receiptID
        self.bidID = bidID
        self.tenderID = tenderID
        self.bidderSIRET = bidderSIRET
        self.receivedAt = MillisecondTimestamp.rounded(receivedAt)
        self.contentSHA256 = contentSHA256
        self.sizeBytes = sizeBytes
        self.late = late
    }

    /// Creates the receipt of a bid just sealed, taking its hash and size from the sealed bid.
    ///
    /// - Parameters:
    ///   - receiptID: The receipt's id.
    ///   - bidID: The bid id.
    ///   - tenderID: The tender id.
    ///   - bidderSIRET: The depositor's SIRET.
    ///   - receivedAt: The time of receipt.
    ///   - sealed: The sealed content.
    ///   - late: Whether the deposit is after the deadline.
    public init(
        receiptID: String, bidID: String, tenderID: String, bidderSIRET: String, receivedAt: Date,
        sealed: SealedBid, late: Bool
    ) {
        self.init(
            receiptID: receiptID, bidID: bidID, tenderID: tenderID, bidderSIRET: bidderSIRET,
            receivedAt: receivedAt, contentSHA256: sealed.contentSHA256, sizeBytes: sealed.sizeBytes, late: late
        )
    }

    private enum CodingKeys: String, CodingKey {
        case receiptID = "receiptId"
        case bidID = "bidId"
        case tenderID = "tenderId"
        case bidderSIRET = "bidderSiret"
        case receivedAt
        case contentSHA256 = "contentSha256"
        case sizeBytes
        case late
    }

    /// Decodes a receipt; `receivedAt` must be an ISO 8601 UTC instant (`…Z`).
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field is missing or `receivedAt` is not a UTC instant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .receivedAt)
        guard let receivedAt = MillisecondTimestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .receivedAt, in: container, debugDescription: "receivedAt must be an ISO 8601 UTC instant"
            )
        }
        self.init(
            receiptID: try container.decode(String.self, forKey: .receiptID),
            bidID: try container.decode(String.self, forKey: .bidID),
            tenderID: try container.decode(String.self, forKey: .tenderID),
            bidderSIRET: try container.decode(String.self, forKey: .bidderSIRET),
            receivedAt: receivedAt,
            contentSHA256: try container.decode(String.self, forKey: .contentSHA256),
            sizeBytes: try container.decode(Int.self, forKey: .sizeBytes),
            late: try container.decode(Bool.self, forKey: .late)
        )
    }

    /// Encodes the receipt, `receivedAt` as `2026-04-02T10:00:00.123Z`.
    ///
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.receiptID, forKey: .receiptID)
        try container.encode(self.bidID, forKey: .bidID)
        try container.encode(self.tenderID, forKey: .tenderID)
        try container.encode(self.bidderSIRET, forKey: .bidderSIRET)
        try container.encode(self.receivedAtText, forKey: .receivedAt)
        try container.encode(self.contentSHA256, forKey: .contentSHA256)
        try container.encode(self.sizeBytes, forKey: .sizeBytes)
        try container.encode(self.late, forKey: .late)
    }

    /// `receivedAt` as ISO 8601 in UTC with milliseconds: `2026-04-02T10:00:00.123Z`.
    public var receivedAtText: String { MillisecondTimestamp.format(self.receivedAt) }

    /// The canonical JSON: compact, keys sorted, slashes unescaped.
    ///
    /// - Returns: UTF-8 JSON bytes, identical for equal receipts.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and a Bool only: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}
