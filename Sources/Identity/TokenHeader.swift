import Foundation

/// The two header fields read before any key is chosen: `alg` (checked against the accepted list) and
/// `kid` (the key in the set). Parsing only: the signature is jwt-kit's.
struct TokenHeader: Decodable {
    var alg: String?
    var kid: String?

    /// The longest token accepted, before any decoding (a header line of 8 KiB is plenty).
    static let maxTokenLength = 8192

    static func parse(_ token: String) throws(IdentityError) -> TokenHeader {
        guard token.utf8.count <= Self.maxTokenLength else {
            throw IdentityError(.malformed, "the token is longer than \(Self.maxTokenLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Self.base64URL(parts[0]) else {
            throw IdentityError(.malformed, "a JWT has three base64url parts")
        }
        do {
            return try JSONDecoder().decode(TokenHeader.self, from: data)
        } catch {
            throw IdentityError(.malformed, "the JWT header is not a JSON object with string alg and kid")
        }
    }

    static func base64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
