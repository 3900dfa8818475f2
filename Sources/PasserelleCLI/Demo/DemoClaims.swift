import Foundation
import ProcurementDomain
import ProcurementService

/// Writes the demo's documents into the claim-check folder and returns their claim checks.
struct DemoClaims {
    let directory: URL

    func file(_ name: String, _ text: String, kind: String = "other") throws -> FileClaim {
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        let url = self.directory.appendingPathComponent(name)
        let data = Data(text.utf8)
        try data.write(to: url, options: .atomic)
        let sha = ContentDigest.sha256Hex(data)
        return FileClaim(uri: url.absoluteString, fileName: name, sha256: sha, sizeBytes: data.count, mediaType: "application/pdf")
    }

    func dce(_ prefix: String, _ title: String, kinds: [(String, String)]) throws -> [PublishTender.DCEFile] {
        try kinds.map { kind, name in
            let claim = try self.file(
                "\(prefix)-\(name)", "\(name) — \(title)\nDocument de démonstration Passerelle (\(kind)).\n", kind: kind)
            return PublishTender.DCEFile(
                kind: kind, fileName: name, uri: claim.uri, sha256: claim.sha256, sizeBytes: claim.sizeBytes,
                mediaType: "application/pdf")
        }
    }
}
