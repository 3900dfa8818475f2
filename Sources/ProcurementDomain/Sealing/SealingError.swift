/// A failure to create, wrap, unwrap, seal or open bid keys and content.
///
/// Safe to log: it carries the operation, the public key ID and the tender and bid ids, never key material,
/// plaintext or ciphertext.
public struct SealingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidKeyMaterial
            case unreadableKeyFile
            case wrongMasterKey
            case corruptKey
            case encryptionFailed
            case authenticationFailed
            case digestMismatch
        }

        private let base: Base

        /// The key material is not 32 bytes, or not valid base64.
        public static var invalidKeyMaterial: Self { Self(base: .invalidKeyMaterial) }
        /// The master key file could not be read.
        public static var unreadableKeyFile: Self { Self(base: .unreadableKeyFile) }
        /// The wrapped key names another master key (its key ID differs from the one supplied).
        public static var wrongMasterKey: Self { Self(base: .wrongMasterKey) }
        /// The wrapped key fails the RFC 3394 integrity check, or does not unwrap to a 256-bit key.
        public static var corruptKey: Self { Self(base: .corruptKey) }
        /// AES-GCM refused to encrypt (not expected with a valid key).
        public static var encryptionFailed: Self { Self(base: .encryptionFailed) }
        /// The sealed content does not open: tampered, truncated, another tender key, or another bid or tender.
        public static var authenticationFailed: Self { Self(base: .authenticationFailed) }
        /// The content opened but its SHA-256 differs from the one recorded at sealing.
        public static var digestMismatch: Self { Self(base: .digestMismatch) }

        /// The code's name, e.g. `authenticationFailed`.
        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The operation that failed, e.g. `unwrap tender key` or `open bid`.
    public var operation: String
    /// The public key ID involved (never the key), when there is one.
    public var keyID: String?
    /// The tender concerned, when known.
    public var tenderID: String?
    /// The bid concerned, when known.
    public var bidID: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - operation: The operation that failed.
    ///   - keyID: The public key ID involved.
    ///   - tenderID: The tender concerned.
    ///   - bidID: The bid concerned.
    public init(_ code: Code, operation: String, keyID: String? = nil, tenderID: String? = nil, bidID: String? = nil) {
        self.code = code
        self.operation = operation
        self.keyID = keyID
        self.tenderID = tenderID
        self.bidID = bidID
    }

    /// `SealingError(authenticationFailed) during open bid [tender T-1, bid B-7]`.
    public var description: String {
        var context: [String] = []
        if let keyID = self.keyID { context.append("key \(keyID)") }
        if let tenderID = self.tenderID { context.append("tender \(tenderID)") }
        if let bidID = self.bidID { context.append("bid \(bidID)") }
        let suffix = context.isEmpty ? "" : " [\(context.joined(separator: ", "))]"
        return "SealingError(\(self.code)) during \(self.operation)\(suffix)"
    }
}
