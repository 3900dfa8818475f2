public import Foundation

/// A tender's data key wrapped (RFC 3394 AES key wrap) by a master key: safe to store next to the tender.
///
/// Only the master key named by ``keyID`` can unwrap it (``TenderKey/init(unwrapping:with:)``).
public struct WrappedTenderKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ``MasterKey/keyID`` of the master key that wrapped it.
    public var keyID: String
    /// The 40-byte RFC 3394 output (the 32-byte key plus the 8-byte integrity block).
    public var wrapped: Data

    /// Creates a value, e.g. when reading it back from storage.
    ///
    /// - Parameters:
    ///   - keyID: The key ID of the wrapping master key.
    ///   - wrapped: The wrapped key bytes.
    public init(keyID: String, wrapped: Data) {
        self.keyID = keyID
        self.wrapped = wrapped
    }

    /// `WrappedTenderKey(keyID: …, 40 bytes)`.
    public var description: String { "WrappedTenderKey(keyID: \(self.keyID), \(self.wrapped.count) bytes)" }
}
