public import Foundation
import Crypto

extension Sequence where Element == UInt8 {
    /// The bytes in lowercase hexadecimal, two digits each.
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}

/// The SHA-256 of a content as lower-case hex: the form receipts, events and claim checks carry.
public enum ContentDigest {
    /// The SHA-256 of `data`, 64 lower-case hex digits.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).lowercaseHex
    }
}
