import Foundation
import Testing

/// Decides whether the SMTP integration tests run, the way Tests/IntegrationTests does: they need Debian's
/// `/usr/bin/python3` with aiosmtpd. Without it they are skipped, unless `PASSERELLE_REQUIRE_INTEGRATION=1`
/// (set by `scripts/test`): then they run and fail with a message saying what to install.
enum SinkEnvironment {
    static let python = "/usr/bin/python3"

    static let aiosmtpdAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static var required: Bool {
        ProcessInfo.processInfo.environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }

    static var enabled: Bool { self.aiosmtpdAvailable || self.required }

    /// `scripts/lib/smtp_sink.py`, found from this file's path.
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/lib/smtp_sink.py")
}

/// One message the sink stored: the raw text and its JSON sidecar.
struct StoredMail {
    var raw: String
    var mailFrom: String
    var rcptTos: [String]
    var messageID: String?
    var subject: String?
    var size: Int
}

/// A private `scripts/lib/smtp_sink.py` process for one test: its own free port and mail directory.
final class SMTPSink: @unchecked Sendable {
    // @unchecked: the properties are set once in start() and only read afterwards.
    let process = Process()
    let mailDirectory: URL
    private(set) var port = 0

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    private init(mailDirectory: URL) {
        self.mailDirectory = mailDirectory
    }

    /// Starts a sink on a free port and waits for its `listening` line.
    static func start() async throws -> SMTPSink {
        guard SinkEnvironment.aiosmtpdAvailable else {
            throw StartFailure(description: """
                \(SinkEnvironment.python) cannot import aiosmtpd, which the SMTP tests need: install the Debian \
                package python3-aiosmtpd (scripts/infra up does). They are required because \
                PASSERELLE_REQUIRE_INTEGRATION=1.
                """)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("passerelle-mail-\(UUID().uuidString.prefix(8))")
        return try await self.launch(
            [SinkEnvironment.script.path, "--host", "127.0.0.1", "--port", "0", "--mail-dir", directory.path],
            mailDirectory: directory
        )
    }

    /// A TCP server that accepts connections and never says a word (no SMTP greeting): for timeouts and
    /// cancellation.
    static func startSilent() async throws -> SMTPSink {
        let program = """
            import signal, socket, time
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            server = socket.socket()
            server.bind(("127.0.0.1", 0))
            server.listen(16)
            print("silent listening on 127.0.0.1:%d " % server.getsockname()[1], flush=True)
            time.sleep(300)
            """
        return try await self.launch(["-c", program], mailDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("passerelle-silent-\(UUID().uuidString.prefix(8))"))
    }

    /// Runs `/usr/bin/python3 arguments` and waits for its `listening on 127.0.0.1:PORT ` line.
    private static func launch(_ arguments: [String], mailDirectory: URL) async throws -> SMTPSink {
        let sink = SMTPSink(mailDirectory: mailDirectory)
        let output = Pipe()
        sink.process.executableURL = URL(fileURLWithPath: SinkEnvironment.python)
        sink.process.arguments = arguments
        sink.process.standardOutput = output
        sink.process.standardError = output
        try sink.process.run()
        // Read the first line off the cooperative pool: the read blocks.
        let firstLine: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var bytes = Data()
                while !bytes.contains(0x0A) {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    bytes.append(chunk)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
        let marker = "listening on 127.0.0.1:"
        let portText = firstLine.range(of: marker).map { firstLine[$0.upperBound...].prefix { $0.isNumber } }
        guard let portText, let port = Int(portText) else {
            await sink.stop()
            throw StartFailure(description: "the SMTP sink did not start: \(firstLine)")
        }
        sink.port = port
        return sink
    }

    var url: String { "smtp://127.0.0.1:\(self.port)" }

    /// Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it without blocking a thread.
    func stop() async {
        guard self.process.isRunning else { return }
        self.process.terminate()
        let deadline = ContinuousClock.now + .seconds(5)
        while self.process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if self.process.isRunning {
            kill(self.process.processIdentifier, SIGKILL)
            while self.process.isRunning {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Stops the sink and removes its mail directory.
    func shutdown() async {
        await self.stop()
        try? FileManager.default.removeItem(at: self.mailDirectory)
    }

    /// Every stored message, oldest first (the `.json` sidecar marks a complete one).
    func messages() throws -> [StoredMail] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: self.mailDirectory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            let sidecar = self.mailDirectory.appendingPathComponent(name)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sidecar)) as? [String: Any])
            let raw = try Data(contentsOf: sidecar.deletingPathExtension().appendingPathExtension("eml"))
            return StoredMail(
                raw: String(decoding: raw, as: UTF8.self),
                mailFrom: json["mailFrom"] as? String ?? "",
                rcptTos: json["rcptTos"] as? [String] ?? [],
                messageID: json["messageId"] as? String,
                subject: json["subject"] as? String,
                size: json["size"] as? Int ?? -1
            )
        }
    }
}

/// Runs `body` with a fresh sink, always stopped afterwards.
func withSMTPSink<T>(_ body: (SMTPSink) async throws -> T) async throws -> T {
    let sink = try await SMTPSink.start()
    do {
        let result = try await body(sink)
        await sink.shutdown()
        return result
    } catch {
        await sink.shutdown()
        throw error
    }
}
