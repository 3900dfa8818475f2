import Foundation

/// A folder of the repository as it was at a commit, extracted to a temporary directory.
struct GitSnapshot {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The extracted copy of the folder, or `nil` when the folder did not exist at that commit.
    let folder: URL?
    private let temporary: URL

    /// Extracts `folder` (a path inside the working tree) as it was at `reference`.
    ///
    /// - Parameters:
    ///   - folder: The folder, e.g. the contracts folder.
    ///   - reference: A commit-ish (`HEAD~1`, a tag, a hash).
    /// - Throws: ``Failure`` when git is missing, the folder is not in a repository, or the reference is unknown.
    init(folder: URL, at reference: String) throws {
        let root = try Self.git(["rev-parse", "--show-toplevel"], in: folder).trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try Self.git(["rev-parse", "--verify", "--quiet", "\(reference)^{commit}"], in: folder)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let folderPath = folder.resolvingSymlinksInPath().path
        guard folderPath.hasPrefix(rootPath) else {
            throw Failure(description: "\(folder.path) is not inside the repository at \(root)")
        }
        let relative = String(folderPath.dropFirst(rootPath.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.temporary = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.temporary, withIntermediateDirectories: true)
        let rootURL = URL(fileURLWithPath: root)
        let listing = try Self.git(["ls-tree", "--name-only", commit, "--", relative], in: rootURL)
        guard !listing.isEmpty else {
            self.folder = nil
            return
        }
        let archive = self.temporary.appendingPathComponent("snapshot.tar")
        _ = try Self.git(["archive", "--format=tar", "--output=\(archive.path)", commit, "--", relative], in: rootURL)
        _ = try Self.run("/usr/bin/env", ["tar", "-x", "-f", archive.path, "-C", self.temporary.path], in: self.temporary)
        self.folder = self.temporary.appendingPathComponent(relative)
    }

    /// Deletes the temporary copy.
    func remove() {
        try? FileManager.default.removeItem(at: self.temporary)
    }

    private static func git(_ arguments: [String], in folder: URL) throws -> String {
        try self.run("/usr/bin/env", ["git"] + arguments, in: folder)
    }

    private static func run(_ executable: String, _ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "\(arguments.prefix(2).joined(separator: " ")) failed\(text.isEmpty ? "" : ": \(text)")")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
