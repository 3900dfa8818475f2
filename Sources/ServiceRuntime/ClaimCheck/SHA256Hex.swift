import Crypto
public import Foundation

/// SHA-256 as 64 lower-case hex digits: the digests claim checks carry, and the hashes of stored secrets.
public enum SHA256Hex {
    public static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func of(_ text: String) -> String {
        Self.of(Data(text.utf8))
    }
}
