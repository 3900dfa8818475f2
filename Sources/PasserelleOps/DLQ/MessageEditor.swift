import Foundation

/// Lets the operator edit a body: writes it to a temporary file, runs `$EDITOR` (else `vi`) on it through
/// `/bin/sh`, with the terminal inherited, and reads the file back.
public struct MessageEditor: Sendable {
    /// The editor command line, e.g. `vim` or `code --wait`; the file path is appended, quoted.
    public var command: String

    /// Why editing failed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, for the operator.
        public var description: String
    }

    /// Takes the command from `EDITOR` in `environment` (blank means unset), else `vi`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let editor = environment["EDITOR"]?.trimmingCharacters(in: .whitespaces) ?? ""
        self.command = editor.isEmpty ? "vi" : editor
    }

    /// Edits `body` (pretty-printed first when it is JSON) and returns the saved bytes, compacted again when
    /// they are JSON.
    ///
    /// - Throws: ``Failure`` when the editor exits non-zero, or a file error.
    public func edit(_ body: [UInt8], name: String) async throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-dlq-\(name).json")
        try Data(BodyFormatting.pretty(body)).write(to: file, options: .atomic)
        defer { try? FileManager.default.removeItem(at: file) }
        let status = try await self.run(file.path)
        guard status == 0 else {
            throw Failure(description: "the editor (\(self.command)) exited with status \(status); nothing replayed")
        }
        return BodyFormatting.compact(Array(try Data(contentsOf: file)))
    }

    private func run(_ path: String) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(self.command) \"$1\"", "passerelle-editor", path]
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
