import ProcurementDomain
import Foundation

/// Reads a file handed over by claim check (`file:` URIs, optionally confined to some directories) and
/// checks its size and SHA-256 against the claim.
struct ClaimCheckReader: Sendable {
    /// Directories a claim may point into; `nil` allows any readable path.
    var allowedRoots: [String]?

    func read(uri: String, sha256: String, sizeBytes: Int, field: String) throws(ProcurementRefusal) -> Data {
        guard let url = URL(string: uri), url.scheme == "file" else {
            throw ProcurementRefusal(
                "unsupportedClaimCheck", rule: "claim checks are file: URIs of the claim-check store", field: field,
                "cannot read \(uri)")
        }
        let path = url.standardizedFileURL.path
        if let roots = self.allowedRoots, !roots.contains(where: { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
            throw ProcurementRefusal(
                "claimOutsideStore", rule: "claim checks point into the claim-check store", field: field,
                "\(path) is outside the allowed directories")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProcurementRefusal("claimMissing", rule: "the claimed file must exist", field: field, "no file at \(path)")
        }
        guard data.count == sizeBytes else {
            throw ProcurementRefusal(
                "claimSizeMismatch", rule: "sizeBytes equals the file size", field: field,
                "the file has \(data.count) bytes, the claim says \(sizeBytes)")
        }
        let digest = ContentDigest.sha256Hex(data)
        guard digest == sha256.lowercased() else {
            throw ProcurementRefusal(
                "claimHashMismatch", rule: "sha256 is the SHA-256 of the file", field: field,
                "the file's SHA-256 is \(digest)")
        }
        return data
    }
}
