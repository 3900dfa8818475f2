import CommonContracts
import Foundation
import ServiceRuntime

/// The service's content-addressed store: a file lives at `<store>/<first two hex>/<sha256>/<file name>`, written
/// once (temporary file, fsync'd rename), mode 0640; messages carry its `file:` URI and digest (claim check),
/// never its bytes. The same content under another name is a second name in the same digest folder.
struct FileStore: Sendable {
    let directory: String

    struct Stored: Sendable, Hashable, Codable {
        var uri: String
        var fileName: String
        var sha256: String
        var sizeBytes: Int
        var mediaType: String?

        var closedReference: ClosedFileReference {
            ClosedFileReference(uri: self.uri, fileName: self.fileName, sha256: self.sha256, sizeBytes: self.sizeBytes, mediaType: self.mediaType)
        }

        var reference: FileReference {
            FileReference(uri: self.uri, fileName: self.fileName, sha256: self.sha256, sizeBytes: self.sizeBytes, mediaType: self.mediaType)
        }
    }

    static func digest(_ data: Data) -> String {
        SHA256Hex.of(data)
    }

    func put(_ data: Data, fileName: String, mediaType: String?) throws -> Stored {
        let name = try Self.safeName(fileName)
        let digest = Self.digest(data)
        let folder = "\(self.directory)/\(digest.prefix(2))/\(digest)"
        let path = "\(folder)/\(name)"
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            let temporary = "\(folder)/.\(name).\(UUID().uuidString)"
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o640]) else {
                throw ServiceProblem(.internal, code: "storeWriteFailed", "cannot write \(name) to the document store")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 {
                throw ServiceProblem(.internal, code: "storeWriteFailed", "cannot move \(name) into the document store")
            }
        }
        return Stored(
            uri: URL(fileURLWithPath: path).absoluteString, fileName: name, sha256: digest, sizeBytes: data.count,
            mediaType: mediaType)
    }

    /// A stored file by digest and name (as the upload route returned them).
    func get(sha256: String, fileName: String, field: String) throws(ServiceProblem) -> (Stored, Data) {
        let name: String
        do { name = try Self.safeName(fileName) } catch { throw error }
        let digest = sha256.lowercased()
        let path = "\(self.directory)/\(digest.prefix(2))/\(digest)/\(name)"
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit), let data = FileManager.default.contents(atPath: path) else {
            throw ServiceProblem(
                .invalid, code: "fileNotStored", field: field, rule: "files are uploaded with POST /files first",
                "no stored file \(fileName) with SHA-256 \(sha256)")
        }
        let stored = Stored(
            uri: URL(fileURLWithPath: path).absoluteString, fileName: name, sha256: digest, sizeBytes: data.count, mediaType: nil)
        return (stored, data)
    }

    /// A plain file name: no folder, no control characters, at most 255 bytes.
    static func safeName(_ name: String) throws(ServiceProblem) -> String {
        guard !name.isEmpty, name.utf8.count <= 255, name != ".", name != "..", !name.hasPrefix("."),
            !name.contains("/"), !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else {
            throw ServiceProblem(
                .invalid, code: "fileNameInvalid", field: "fileName",
                rule: "a plain file name: 1–255 bytes, no folder, no leading dot, no control character", "\(name.debugDescription)")
        }
        return name
    }
}
