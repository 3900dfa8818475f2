import Foundation
import Crypto
import Testing

@testable import ServiceRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The claim-check reader on its own (no servers): what it reads, and the one refusal for everything
/// outside the claims directory.
@Suite struct ClaimCheckReaderTests {
    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// A claims directory, a sibling whose name extends it, and a secret in the sibling.
    struct Folder {
        let root: URL
        let sibling: URL
        let secret: Data

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("claim-reader-\(UUID().uuidString.prefix(8))")
            self.root = base.appendingPathComponent("claims")
            self.sibling = base.appendingPathComponent("claims2")
            try FileManager.default.createDirectory(at: self.root, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: self.sibling, withIntermediateDirectories: true)
            self.secret = Data("secret \(UUID())".utf8)
            try self.secret.write(to: self.sibling.appendingPathComponent("secret.key"))
        }

        func remove() {
            try? FileManager.default.removeItem(at: self.root.deletingLastPathComponent())
        }

        func write(_ name: String, _ data: Data) throws -> String {
            let url = self.root.appendingPathComponent(name)
            try data.write(to: url)
            return "file://\(url.path)"
        }
    }

    func read(_ reader: ClaimCheckReader, _ uri: String, _ data: Data) -> Result<Data, ServiceProblem> {
        Result { () throws(ServiceProblem) -> Data in
            try reader.read(uri: uri, sha256: Self.hex(data), sizeBytes: data.count, field: "f")
        }
    }

    @Test func onlyRegularFilesInsideTheRootAreRead() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let reader = ClaimCheckReader(allowedRoots: [folder.root.path])
        let rc = Data("RC".utf8)
        let inside = try folder.write("RC.pdf", rc)
        #expect(try self.read(reader, inside, rc).get() == rc)
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        #expect(try self.read(reader, "file://\(folder.root.path)/./sub/../RC.pdf", rc).get() == rc)

        try FileManager.default.createSymbolicLink(
            at: folder.root.appendingPathComponent("link"), withDestinationURL: folder.sibling.appendingPathComponent("secret.key"))
        try FileManager.default.createDirectory(at: folder.root.appendingPathComponent("dir"), withIntermediateDirectories: true)
        #expect(mkfifo(folder.root.appendingPathComponent("fifo").path, 0o600) == 0)
        let secret = folder.sibling.appendingPathComponent("secret.key").path
        let refused = [
            "file://\(folder.root.path)/../claims2/secret.key",
            "file://\(folder.root.path)/link",
            "file://\(secret)",
            "file://\(folder.root.path)/dir",
            "file://\(folder.root.path)/fifo",
            "file://\(folder.root.path)/absent",
            "file://\(folder.root.path)",
            "file:///etc/passwd",
            "file:///proc/self/environ",
        ]
        for uri in refused {
            let result = self.read(reader, uri, folder.secret)
            guard case .failure(let problem) = result else {
                Issue.record("\(uri) was read")
                continue
            }
            #expect(problem.code == "claimOutsideStore", "\(uri)")
            #expect(problem.detail == ClaimCheckReader.notInStore("f").detail, "\(uri)")
            #expect(!problem.description.contains(Self.hex(folder.secret)))
        }
        // The sibling is its own root only when configured so.
        let both = ClaimCheckReader(allowedRoots: [folder.root.path, folder.sibling.path])
        #expect(try self.read(both, "file://\(secret)", folder.secret).get() == folder.secret)
        // No roots: nothing is read.
        #expect(throws: ServiceProblem.self) { try self.read(ClaimCheckReader(allowedRoots: []), inside, rc).get() }
    }

    @Test func pathsAreComparedByComponent() {
        #expect(ConfinedFile.isInside(["tmp", "claims", "a"], root: ["tmp", "claims"]))
        #expect(!ConfinedFile.isInside(["tmp", "claims2", "a"], root: ["tmp", "claims"]))
        #expect(!ConfinedFile.isInside(["tmp", "claims"], root: ["tmp", "claims"]))
        #expect(!ConfinedFile.isInside(["tmp"], root: ["tmp", "claims"]))
    }

    @Test func aMismatchStatesTheClaimOnly() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let reader = ClaimCheckReader(allowedRoots: [folder.root.path], maxBytes: 1000)
        let data = Data("Règlement de la consultation".utf8)
        let uri = try folder.write("RC.pdf", data)
        let actual = Self.hex(data)
        let cases: [(sha: String, size: Int, code: String)] = [
            (actual, data.count + 3, "claimSizeMismatch"),
            (actual, data.count - 3, "claimSizeMismatch"),
            (String(repeating: "ab", count: 32), data.count, "claimHashMismatch"),
            (actual, 1001, "claimTooLarge"),
        ]
        for refusal in cases {
            guard case .failure(let problem) = Result(catching: { () throws(ServiceProblem) -> Data in
                try reader.read(uri: uri, sha256: refusal.sha, sizeBytes: refusal.size, field: "f")
            }) else {
                Issue.record("\(refusal) was accepted")
                continue
            }
            #expect(problem.code == refusal.code)
            #expect(!problem.detail.contains(refusal.code == "claimHashMismatch" ? actual : "\(data.count) "))
        }
    }
}
