import ArgumentParser
import Foundation

/// `passerelle documents list [--siren S] [--status N] [--limit N] [--json]`: `GET /acts`.
struct DocumentsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The acts, newest first: act id, IDActe, status, since when, object, origin.",
        discussion: """
            --status takes a code or a name: -1 error, 0 cancelled, 1 posted, 2 awaitingTransmission, 3 transmitted, \
            4 acknowledged, 7 documentReceived, 8 acknowledgementSent, 9 documentSent, 11 documentAcknowledged.
            """)

    @Option(help: "Only this authority's acts (its SIREN, 9 digits).")
    var siren: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only acts in this status (a code such as 3, or a name such as transmitted).", valueName: "status"))
    var status: String?

    @Option(help: "At most this many acts (1–1000).")
    var limit = 100

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        if let siren { try DocumentsArguments.siren(siren, option: "--siren") }
        if let status, DocumentsAPI.actStatus(status) == nil {
            throw ValidationError(
                "--status: unknown act status \"\(status)\"; one of "
                    + DocumentsAPI.actStatuses.map { "\($0.code) \($0.name)" }.joined(separator: ", "))
        }
        guard (1...1000).contains(self.limit) else { throw ValidationError("--limit must be 1–1000") }
    }

    /// The request path with its query.
    var path: String {
        "/acts" + DocumentsClient.query([
            ("siren", self.siren), ("status", self.status.flatMap(DocumentsAPI.actStatus).map(String.init)), ("limit", String(self.limit)),
        ])
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (acts, raw) = try await self.connection.client().call([DocumentsAPI.Act].self, "GET", self.path)
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.actList(acts), terminator: "") }
        }
    }
}

/// `passerelle documents show ACT_ID [--json]`: `GET /acts/:id`.
struct DocumentsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One act: its details, files and status history.")

    @Argument(help: "The act id (the UUID the originator chose; `list` shows it).")
    var actId: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.uuid(self.actId, what: "ACT_ID")
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (act, raw) = try await self.connection.client().call(
                DocumentsAPI.Act.self, "GET", "/acts/\(DocumentsClient.segment(self.actId.lowercased()))")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.act(act), terminator: "") }
        }
    }
}

/// `passerelle documents pes show PES_ID [--json]`.
struct DocumentsPes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pes", abstract: "PES files sent to the treasury (HELIOS).", subcommands: [DocumentsPesShow.self])

    init() {}
}

/// `passerelle documents pes show PES_ID [--json]`: `GET /pes/:id`.
struct DocumentsPesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One PES file: its status and history.")

    @Argument(help: "The PES file's id (a UUID).")
    var pesId: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.uuid(self.pesId, what: "PES_ID")
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (pes, raw) = try await self.connection.client().call(
                DocumentsAPI.Pes.self, "GET", "/pes/\(DocumentsClient.segment(self.pesId.lowercased()))")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.pes(pes), terminator: "") }
        }
    }
}
