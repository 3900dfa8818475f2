import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementDomain

/// The claim-check folder of a test: files written there and their claim checks.
struct Claims: Sendable {
    let directory: URL

    static func make() throws -> Claims {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("passerelle-procurement-claims-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return Claims(directory: directory)
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Writes `text` as `name` and returns its claim check.
    func file(_ name: String, _ text: String? = nil) throws -> ClosedFileReference {
        let url = self.directory.appendingPathComponent(name)
        let data = Data((text ?? "\(name) — document de test\n").utf8)
        try data.write(to: url, options: .atomic)
        return ClosedFileReference(
            uri: url.absoluteString, fileName: name, sha256: ContentDigest.sha256Hex(data), sizeBytes: data.count,
            mediaType: "application/pdf")
    }

    /// A DCE file from a claim check.
    func dceFile(_ kind: TenderPublish.DceFile.Kind, _ claim: ClosedFileReference) -> TenderPublish.DceFile {
        TenderPublish.DceFile(
            kind: kind, fileName: claim.fileName, uri: claim.uri, sha256: claim.sha256, sizeBytes: claim.sizeBytes,
            mediaType: claim.mediaType)
    }

    /// An RC and a CCTP under a prefix of their own.
    func dce(_ prefix: String) throws -> [TenderPublish.DceFile] {
        [
            self.dceFile(.rc, try self.file("\(prefix)-RC.pdf")).named("RC.pdf"),
            self.dceFile(.cctp, try self.file("\(prefix)-CCTP.pdf")).named("CCTP.pdf"),
        ]
    }
}

extension TenderPublish.DceFile {
    /// The same file under another name in the DCE.
    func named(_ name: String) -> Self {
        var file = self
        file.fileName = name
        return file
    }
}
