import ArgumentParser
import Foundation
import Logging
import SireneStub

/// `passerelle sirene …`: the local stand-in for INSEE's API Sirene.
struct SireneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sirene", abstract: "INSEE's Sirene API, locally: the stub serving recorded answers.",
        subcommands: [SireneStubCommand.self])

    init() {}
}

/// `passerelle sirene stub [--port 8095] [--recordings DIR] [--key-file FILE]`: serves `GET /siret/{siret}` from the
/// recordings on 127.0.0.1, in the foreground, until SIGINT or SIGTERM (scripts/up starts it for the desk).
struct SireneStubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stub",
        abstract: "Serve recorded Sirene answers on 127.0.0.1 until Ctrl-C or SIGTERM.",
        discussion: """
            Answers GET /siret/{siret} as INSEE's API does, from the <siret>.json files of --recordings (a SIRET \
            without a file is INSEE's 404), and only to callers sending the key in X-INSEE-Api-Key-Integration. The key \
            is the content of --key-file; without --key-file, $PASSERELLE_SIRENE_TOKEN when set (as the desk reads it), \
            else $PASSERELLE_HOME/secrets/sirene.key. Binds 127.0.0.1 only and prints its URL once it listens. Exit \
            status: 0 after SIGINT or SIGTERM, 1 when it cannot listen, 2 a usage error.
            """)

    @Option(help: "The TCP port on 127.0.0.1, 0 for a free one; $PASSERELLE_SIRENE_STUB_PORT sets the default.")
    var port: Int = Int(ProcessInfo.processInfo.environment["PASSERELLE_SIRENE_STUB_PORT"] ?? "") ?? 8095

    @Option(help: "The folder of <siret>.json recordings.")
    var recordings = "partners/sirene/recordings"

    @Option(help: "The file holding the API key callers must send (default: $PASSERELLE_HOME/secrets/sirene.key).")
    var keyFile: String?

    init() {}

    func validate() throws {
        guard (0...65_535).contains(self.port) else { throw ValidationError("--port must be 0–65535") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.recordings, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ValidationError("--recordings: \(self.recordings) is not a folder")
        }
        _ = try self.apiKey()
    }

    /// The key: `--key-file`, else `$PASSERELLE_SIRENE_TOKEN`, else `$PASSERELLE_HOME/secrets/sirene.key`, trimmed.
    ///
    /// - Throws: `ValidationError` when the file cannot be read or is empty.
    func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if self.keyFile == nil, let token = environment["PASSERELLE_SIRENE_TOKEN"], !token.isEmpty { return token }
        let path = self.keyFile ?? "\(environment["PASSERELLE_HOME"] ?? ".passerelle")/secrets/sirene.key"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError(
                "--key-file: cannot read \(path) (scripts/up creates it; or set PASSERELLE_SIRENE_TOKEN)")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw ValidationError("--key-file: \(path) is empty") }
        return key
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: self.recordings)
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".json") }.count
            ?? 0
        let stub = SireneStubServer(
            configuration: .init(recordings: folder, apiKey: try self.apiKey(), port: self.port), logger: Self.logger())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await stub.run() }
            group.addTask {
                let url = try await stub.baseURL()
                Self.say(
                    "Sirene stub listening on \(url.absoluteString) (\(files) recordings in \(folder.path)); Ctrl-C or SIGTERM stops it"
                )
                if let signal = await TerminationSignal.next() {
                    Self.say("\(signal) received: stopping the Sirene stub")
                }
            }
            // The first child to end decides: a signal (stop the server) or the server failing to listen.
            try await group.next()
            group.cancelAll()
        }
    }

    /// The stub's logger: at `$PASSERELLE_LOG_LEVEL` when set, else critical only, because Hummingbird reports the
    /// cancellation that stops the stub on SIGINT or SIGTERM as an error (`Waiting on child channel`); a port already
    /// in use still ends the command with its error and exit 1.
    private static func logger() -> Logger {
        var logger = Logger(label: "passerelle.sirene-stub")
        if ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"] == nil { logger.logLevel = .critical }
        return logger
    }

    /// Writes a line to standard output at once (scripts/up sends it to a log file, where `print` would buffer it).
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
