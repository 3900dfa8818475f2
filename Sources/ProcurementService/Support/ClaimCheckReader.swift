import Foundation
import ProcurementDomain
import ServiceRuntime

/// Reads a file handed over by claim check (`file:` URIs, optionally confined to some directories) and
/// checks its size and SHA-256 against the claim.
struct ClaimCheckReader: Sendable {
    /// Directories a claim may point into; `nil` allows any readable path.
    var allowedRoots: [String]?

    func read(uri: String, sha256: String, sizeBytes: Int, field: String) throws(ServiceProblem) -> Data {
        guard let url = URL(string: uri), url.scheme == "file" else {
            throw ServiceProblem(
                .invalid, code: "unsupportedClaimCheck", field: field,
                rule: "claim checks are file: URIs of the claim-check store", "cannot read \(uri)")
        }
        let path = url.standardizedFileURL.path
        if let roots = self.allowedRoots, !roots.contains(where: { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
            throw ServiceProblem(
                .invalid, code: "claimOutsideStore", field: field,
                rule: "claim checks point into the claim-check store", "\(path) is outside the allowed directories")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceProblem(
                .invalid, code: "claimMissing", field: field, rule: "the claimed file must exist", "no file at \(path)")
        }
        guard data.count == sizeBytes else {
            throw ServiceProblem(
                .invalid, code: "claimSizeMismatch", field: field, rule: "sizeBytes equals the file size",
                "the file has \(data.count) bytes, the claim says \(sizeBytes)")
        }
        let digest = ContentDigest.sha256Hex(data)
        guard digest == sha256.lowercased() else {
            throw ServiceProblem(
                .invalid, code: "claimHashMismatch", field: field, rule: "sha256 is the SHA-256 of the file",
                "the file's SHA-256 is \(digest)")
        }
        return data
    }
}
