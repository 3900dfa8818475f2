import Crypto
import Foundation

/// The 256-bit AES-GCM data key of one tender: every bid of the tender is sealed with it.
///
/// It is created when the tender is created, stored only wrapped (``WrappedTenderKey``) and unwrapped in
/// memory when a bid is sealed or, after the deadline, opened. It is never printed: ``description``,
/// ``debugDescription`` and `dump(_:)` show nothing of the key.
public struct TenderKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself; only ``BidSealer`` uses it.
    let symmetricKey: SymmetricKey

    private init(symmetricKey: SymmetricKey) {
        self.symmetricKey = symmetricKey
    }

    /// Creates a fresh random data key for a new tender.
    ///
    /// - Returns: A key from the system's secure random generator.
    public static func generate() -> TenderKey {
        TenderKey(symmetricKey: SymmetricKey(size: .bits256))
    }

    /// Wraps the key with a master key (RFC 3394), for storage.
    ///
    /// - Parameter masterKey: The current master key.
    /// - Returns: The wrapped key, recording the master key's ``MasterKey/keyID``.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/encryptionFailed`` if the wrap fails
    ///   (not expected with valid keys).
    public func wrapped(with masterKey: MasterKey) throws(SealingError) -> WrappedTenderKey {
        do {
            let bytes = try AES.KeyWrap.wrap(self.symmetricKey, using: masterKey.symmetricKey)
            return WrappedTenderKey(keyID: masterKey.keyID, wrapped: bytes)
        } catch {
            throw SealingError(.encryptionFailed, operation: "wrap tender key", keyID: masterKey.keyID)
        }
    }

    /// Unwraps a stored tender key.
    ///
    /// - Parameters:
    ///   - wrapped: The stored wrapped key.
    ///   - masterKey: The master key named by `wrapped.keyID`.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/wrongMasterKey`` when the key IDs differ, or
    ///   ``SealingError/Code/corruptKey`` when the blob fails the RFC 3394 integrity check (tampered, truncated,
    ///   or wrapped by another key with a forged key ID) or is not a 256-bit key.
    public init(unwrapping wrapped: WrappedTenderKey, with masterKey: MasterKey) throws(SealingError) {
        guard wrapped.keyID == masterKey.keyID else {
            throw SealingError(.wrongMasterKey, operation: "unwrap tender key", keyID: wrapped.keyID)
        }
        let key: SymmetricKey
        do {
            key = try AES.KeyWrap.unwrap(wrapped.wrapped, using: masterKey.symmetricKey)
        } catch {
            throw SealingError(.corruptKey, operation: "unwrap tender key", keyID: wrapped.keyID)
        }
        guard key.bitCount == 256 else {
            throw SealingError(.corruptKey, operation: "unwrap tender key", keyID: wrapped.keyID)
        }
        self.init(symmetricKey: key)
    }

    /// `TenderKey(<redacted>)`.
    public var description: String { "TenderKey(<redacted>)" }

    /// The same as ``description``: the key is never printed.
    public var debugDescription: String { self.description }

    /// An empty mirror, so `dump(_:)` and reflection never reach the key.
    public var customMirror: Mirror { Mirror(self, children: [(label: String?, value: Any)]()) }
}
