import ServiceRuntime
import Foundation

/// Helpers for e-mail addresses: normalisation, a plausibility check, and the opaque `recipientRef` the
/// events carry instead of the address.
enum EmailAddress {
    /// Trimmed and lower-cased: the form stored, compared and hashed.
    static func normalise(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// One `@`, a non-empty local part, a dotted domain, no spaces or angle brackets, at most 254 characters.
    static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        return !address.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }
    }

    /// `sha256:` + the SHA-256 of the lower-cased address (the contracts' `recipientRef`).
    static func reference(_ address: String) -> String {
        "sha256:" + Hashing.sha256Hex(Self.normalise(address))
    }
}

/// SHA-256 as lower-case hex.
enum Hashing {
    static func sha256Hex(_ text: String) -> String {
        SHA256Hex.of(text)
    }
}
