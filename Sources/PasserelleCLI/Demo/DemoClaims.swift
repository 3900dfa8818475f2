import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementDomain

/// Writes the demo's documents into the claim-check folder (inside the procurement service's claims
/// directory) and returns their claim checks.
package struct DemoClaims {
    package let directory: URL

    package init(directory: URL) {
        self.directory = directory
    }

    package func file(_ name: String, _ text: String, kind: String = "other") throws -> ClosedFileReference {
        // Mode 0700, as the service creates its claims directory: the claims are readable by their owner only.
        try FileManager.default.createDirectory(
            at: self.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = self.directory.appendingPathComponent(name)
        // A .pdf is a (minimal) PDF: the services that read it check its type from its content.
        let data = name.hasSuffix(".pdf") ? Data("%PDF-1.4\n% \(text)\n%%EOF\n".utf8) : Data(text.utf8)
        try data.write(to: url, options: .atomic)
        let sha = ContentDigest.sha256Hex(data)
        return ClosedFileReference(uri: url.absoluteString, fileName: name, sha256: sha, sizeBytes: data.count, mediaType: "application/pdf")
    }

    package func dce(_ prefix: String, _ title: String, kinds: [(TenderPublish.DceFile.Kind, String)]) throws -> [TenderPublish.DceFile] {
        try kinds.map { kind, name in
            let claim = try self.file(
                "\(prefix)-\(name)", "\(name) — \(title)\nDocument de démonstration Passerelle (\(kind.rawValue)).\n",
                kind: kind.rawValue)
            return TenderPublish.DceFile(
                kind: kind, fileName: name, uri: claim.uri, sha256: claim.sha256, sizeBytes: claim.sizeBytes,
                mediaType: "application/pdf")
        }
    }
}
