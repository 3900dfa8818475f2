import Foundation
import Testing

/// The project's SMTP sink (`scripts/lib/smtp_sink.py`, Debian's python3-aiosmtpd) as a child process
/// with its own port and mail folder; it can be stopped and started again on the same port.
final class SliceSMTPSink: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/lib/smtp_sink.py")

    let directory: URL
    private(set) var port: Int
    private var process: Process?

    /// One stored message: its envelope (the JSON sidecar) and its raw text.
    struct Mail {
        var recipients: [String]
        var messageID: String
        var subject: String
        var raw: String

        /// Whether a header line starts with `name:` in the header block.
        func hasHeader(_ name: String) -> Bool {
            let headers = self.raw.components(separatedBy: "\r\n\r\n").first ?? self.raw
            return headers.split(whereSeparator: \.isNewline).contains { $0.lowercased().hasPrefix(name.lowercased() + ":") }
        }
    }

    private init(directory: URL, port: Int) {
        self.directory = directory
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(self.port)" }

    static func start() throws -> SliceSMTPSink {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-mail-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sink = SliceSMTPSink(directory: directory, port: 0)
        try sink.launch()
        return sink
    }

    /// Starts the sink (again) on its port.
    func launch() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script.path, "--host", "127.0.0.1", "--port", String(self.port), "--mail-dir", self.directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The sink prints `smtp-sink listening on HOST:PORT mail-dir DIR` once it listens.
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
            let port = Int(text[range].split(separator: ":").last ?? "")
        else {
            process.terminate()
            throw SinkFailure(description: "the SMTP sink did not start: \(text)")
        }
        self.port = port
    }

    /// Stops the sink; the port stays reserved in `port` for `launch()`.
    func stop() {
        guard let process = self.process else { return }
        process.terminate()
        // Never hang a test on a sink that ignores SIGTERM: SIGKILL after 5 s.
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            usleep(50_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        self.process = nil
    }

    func shutdown() {
        self.stop()
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Every complete message so far (a message is complete once its JSON sidecar exists).
    func messages() throws -> [Mail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: self.directory.path).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
        return try names.sorted().map { name in
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: self.directory.appendingPathComponent(name))) as? [String: Any] ?? [:]
            let raw = try String(contentsOf: self.directory.appendingPathComponent(name.replacingOccurrences(of: ".json", with: ".eml")), encoding: .utf8)
            return Mail(
                recipients: (json["rcptTos"] as? [String] ?? []).map { $0.lowercased() },
                messageID: json["messageId"] as? String ?? "", subject: json["subject"] as? String ?? "", raw: raw)
        }
    }

    struct SinkFailure: Error, CustomStringConvertible {
        var description: String
    }
}
