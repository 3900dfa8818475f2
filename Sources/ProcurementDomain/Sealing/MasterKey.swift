import Crypto
import Foundation

/// The 256-bit key-encryption key that wraps every tender's data key.
///
/// It comes from configuration or a file outside git (never from the repository), is parsed once at startup
/// and never leaves memory: ``description``, ``debugDescription`` and `dump(_:)` show only the public
/// ``keyID``.
public struct MasterKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key itself; only ``TenderKey`` wrapping and unwrapping use it.
    let symmetricKey: SymmetricKey

    /// A short public name of the key: the first 8 bytes of the SHA-256 of the key, in lowercase hex.
    ///
    /// A ``WrappedTenderKey`` records it, so unwrapping with another master key fails clearly and a rotated
    /// key ring can pick the right key. Knowing it does not help to find the key.
    public let keyID: String

    /// Wraps 32 bytes of key material.
    init(keyBytes: Data) throws(SealingError) {
        guard keyBytes.count == 32 else {
            throw SealingError(.invalidKeyMaterial, operation: "read master key")
        }
        self.symmetricKey = SymmetricKey(data: keyBytes)
        self.keyID = Self.keyID(of: self.symmetricKey)
    }

    /// Parses a key from its base64 text, as found in configuration or an environment variable.
    ///
    /// - Parameter base64: Standard base64 of exactly 32 bytes; surrounding whitespace is ignored.
    /// - Throws: ``SealingError`` with code ``SealingError/Code/invalidKeyMaterial`` when the text is not
    ///   base64 or does not decode to 32 bytes. The message never repeats the text.
    public init(base64: String) throws(SealingError) {
        let trimmed = base64.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed) else {
            throw SealingError(.invalidKeyMaterial, operation: "decode master key base64")
        }
        try self.init(keyBytes: bytes)
    }

    /// Reads a key from a file holding either its base64 text or its 32 raw bytes.
    ///
    /// - Parameter path: The file path (e.g. a mounted secret).
    /// - Throws: ``SealingError`` with code ``SealingError/Code/unreadableKeyFile`` when the file cannot be read,
    ///   or ``SealingError/Code/invalidKeyMaterial`` when its content is not a 256-bit key.
    public init(contentsOfFile path: String) throws(SealingError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SealingError(.unreadableKeyFile, operation: "read master key file")
        }
        if data.count == 32 {
            try self.init(keyBytes: data)
        } else if let text = String(data: data, encoding: .utf8) {
            try self.init(base64: text)
        } else {
            throw SealingError(.invalidKeyMaterial, operation: "read master key file")
        }
    }

    /// Creates a fresh random key, for setup scripts (`passerelle` prints ``base64Encoded`` once).
    ///
    /// - Returns: A new key from the system's secure random generator.
    public static func generate() -> MasterKey {
        let key = SymmetricKey(size: .bits256)
        return MasterKey(symmetricKey: key)
    }

    private init(symmetricKey: SymmetricKey) {
        self.symmetricKey = symmetricKey
        self.keyID = Self.keyID(of: symmetricKey)
    }

    /// The key as standard base64, to store in the secret store. Handle with care: this is the secret.
    public var base64Encoded: String {
        self.symmetricKey.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// `MasterKey(keyID: 0123456789abcdef)`: the key ID only.
    public var description: String { "MasterKey(keyID: \(self.keyID))" }

    /// The same as ``description``: the key is never printed.
    public var debugDescription: String { self.description }

    /// A mirror with the key ID only, so `dump(_:)` and reflection never reach the key.
    public var customMirror: Mirror { Mirror(self, children: ["keyID": self.keyID]) }

    private static func keyID(of key: SymmetricKey) -> String {
        let digest = key.withUnsafeBytes { SHA256.hash(data: $0) }
        return digest.prefix(8).lowercaseHex
    }
}
