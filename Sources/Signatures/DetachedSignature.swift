import COpenSSL
import Foundation

/// Verification of a detached CMS / PKCS#7 signature (DER or PEM) with OpenSSL, against a file of trusted CAs.
public enum DetachedSignature {
    public enum Outcome: Sendable, Hashable {
        case valid
        /// Not a CMS / PKCS#7 structure.
        case unreadable(String)
        /// It does not sign this content, or its certificate does not chain to a trusted CA.
        case invalid(String)
        /// The trusted CAs cannot be read.
        case noTrustAnchors(String)
    }

    public static func verify(_ signature: Data, of content: Data, trustAnchors path: String) -> Outcome {
        var message = [CChar](repeating: 0, count: 256)
        let status = signature.withUnsafeBytes { signatureBytes in
            content.withUnsafeBytes { contentBytes in
                passerelle_verify_detached(
                    signatureBytes.bindMemory(to: UInt8.self).baseAddress, signature.count,
                    contentBytes.bindMemory(to: UInt8.self).baseAddress, content.count, path, &message, message.count)
            }
        }
        let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch Int(status) {
        case Int(PASSERELLE_SIGNATURE_VALID): return .valid
        case Int(PASSERELLE_SIGNATURE_UNREADABLE): return .unreadable(reason)
        case Int(PASSERELLE_SIGNATURE_NO_TRUST): return .noTrustAnchors(reason)
        default: return .invalid(reason)
        }
    }
}
