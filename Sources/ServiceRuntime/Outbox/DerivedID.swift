import Crypto
public import Foundation

/// A UUID derived from a text with SHA-256 (the version 8 layout: the first 16 bytes of the digest with the version
/// and variant bits set). The same cause gives the same id, so a redelivered message that creates a row, or
/// publishes a message, with a derived id does it once.
public enum DerivedID {
    public static func uuid(_ text: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(text.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }
}
