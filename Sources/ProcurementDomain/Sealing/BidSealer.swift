import Crypto
public import Foundation

/// Seals bid content at receipt and opens it after the deadline, with AES-256-GCM under the tender's data key.
///
/// The associated data binds the tender id and the bid id, so a ciphertext copied onto another bid or tender
/// does not open. Nothing here logs, and no error carries content.
public struct BidSealer: Sendable {
    /// A label that versions the associated-data layout.
    private static let associatedDataLabel = Data("passerelle.sealed-bid.v1".utf8)

    /// Creates a sealer.
    public init() {}

    /// Encrypts a bid's content.
    ///
    /// - Parameters:
    ///   - content: The plaintext (the uploaded file or archive).
    ///   - tenderKey: The tender's data key.
    ///   - bidID: The bid's id, bound into the associated data.
    ///   - tenderID: The tender's id, bound into the associated data.
    /// - Returns: The sealed bid with the plaintext's SHA-256 and size, for the receipt.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/encryptionFailed`` (not expected).
    public func seal(content: Data, tenderKey: TenderKey, bidID: String, tenderID: String) throws(SealingError)
        -> SealedBid
    {
        let digest = ContentDigest.sha256Hex(content)
        let aad = Self.associatedData(bidID: bidID, tenderID: tenderID)
        do {
            let box = try AES.GCM.seal(content, using: tenderKey.symmetricKey, authenticating: aad)
            guard let combined = box.combined else {
                throw SealingError(.encryptionFailed, operation: "seal bid", tenderID: tenderID, bidID: bidID)
            }
            return SealedBid(combined: combined, contentSHA256: digest, sizeBytes: content.count)
        } catch {
            throw SealingError(.encryptionFailed, operation: "seal bid", tenderID: tenderID, bidID: bidID)
        }
    }

    /// Decrypts a sealed bid and checks it against the recorded hash and size.
    ///
    /// - Parameters:
    ///   - sealed: The stored sealed bid.
    ///   - tenderKey: The tender's data key.
    ///   - bidID: The bid's id, as at sealing.
    ///   - tenderID: The tender's id, as at sealing.
    /// - Returns: The plaintext.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/authenticationFailed`` when the ciphertext was
    ///   altered or truncated, the key is another tender's, or the ids differ from those at sealing; or
    ///   ``SealingError/Code/digestMismatch`` when the plaintext's hash or size differs from the record.
    ///
    /// > Warning: Call it only after the deadline, for an authorised opening; the caller audits the access.
    public func open(sealed: SealedBid, tenderKey: TenderKey, bidID: String, tenderID: String) throws(SealingError)
        -> Data
    {
        let aad = Self.associatedData(bidID: bidID, tenderID: tenderID)
        let content: Data
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.combined)
            content = try AES.GCM.open(box, using: tenderKey.symmetricKey, authenticating: aad)
        } catch {
            throw SealingError(.authenticationFailed, operation: "open bid", tenderID: tenderID, bidID: bidID)
        }
        guard content.count == sealed.sizeBytes, ContentDigest.sha256Hex(content) == sealed.contentSHA256
        else {
            throw SealingError(.digestMismatch, operation: "open bid", tenderID: tenderID, bidID: bidID)
        }
        return content
    }

    /// The label, then each id as a 4-byte big-endian length and its UTF-8 bytes (no ambiguous joins).
    static func associatedData(bidID: String, tenderID: String) -> Data {
        var data = Self.associatedDataLabel
        for part in [tenderID, bidID] {
            let bytes = Data(part.utf8)
            let length = UInt32(bytes.count)
            data.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) })
            data.append(bytes)
        }
        return data
    }
}
