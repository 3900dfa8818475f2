import Foundation
import ServiceRuntime
import Signatures

/// The optional detached PKCS#7 signature of an act (domain §3.5), verified before anything is stored or sent.
enum ActSignature {
    static func verify(_ signature: Data, of act: Data, settings: DocumentsSettings) throws {
        let rule = "domain §3.5: a detached PKCS#7 signature of the act, by a certificate of a trusted CA"
        switch DetachedSignature.verify(signature, of: act, trustAnchors: settings.signatureAnchors) {
        case .valid: return
        case .unreadable(let reason):
            throw ServiceProblem(.invalid, code: "signatureUnreadable", field: "signature", rule: rule, "not a PKCS#7 signature (\(reason))")
        case .invalid(let reason):
            throw ServiceProblem(.invalid, code: "signatureInvalid", field: "signature", rule: rule, "the signature does not verify (\(reason))")
        case .noTrustAnchors:
            throw ServiceProblem(
                .unavailable, code: "signatureAnchorsMissing", field: "signature", rule: rule,
                "no trusted signing CAs are configured (PASSERELLE_DOCUMENTS_SIGNATURE_CAS)")
        }
    }
}
