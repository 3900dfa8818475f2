public import Foundation

/// A bid's content as stored at rest: AES-GCM ciphertext plus what the receipt states about the plaintext.
public struct SealedBid: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The AES-GCM combined form: 12-byte nonce ‖ ciphertext ‖ 16-byte tag.
    public var combined: Data
    /// The SHA-256 of the plaintext, lowercase hex (the receipt's hash).
    public var contentSHA256: String
    /// The size of the plaintext in bytes.
    public var sizeBytes: Int

    /// Creates a value, e.g. when reading it back from storage.
    ///
    /// - Parameters:
    ///   - combined: Nonce ‖ ciphertext ‖ tag.
    ///   - contentSHA256: The plaintext's SHA-256, lowercase hex.
    ///   - sizeBytes: The plaintext's size.
    public init(combined: Data, contentSHA256: String, sizeBytes: Int) {
        self.combined = combined
        self.contentSHA256 = contentSHA256
        self.sizeBytes = sizeBytes
    }

    /// `SealedBid(sha256: …, 1234 bytes)`: never the ciphertext.
    public var description: String { "SealedBid(sha256: \(self.contentSHA256), \(self.sizeBytes) bytes)" }
}
