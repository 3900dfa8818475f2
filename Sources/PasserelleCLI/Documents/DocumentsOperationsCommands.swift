import ArgumentParser
import Foundation

/// `passerelle documents stuck [--json]`: `GET /operations/stuck`; exit 1 when a bucket alerts.
struct DocumentsStuck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stuck",
        abstract: "Acts stuck transmitted (no acknowledgement) or in error for too long, against their alert thresholds.",
        discussion: "Exit status: 0 when no bucket alerts, 1 when one does (or the service refuses or does not answer).")

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (stuck, raw) = try await self.connection.client().call(DocumentsAPI.Stuck.self, "GET", "/operations/stuck")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.stuck(stuck), terminator: "") }
            if stuck.alert { throw ExitCode(1) }
        }
    }
}

/// `passerelle documents alerts [--json]`: `GET /operations/alerts`.
struct DocumentsAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alerts", abstract: "The service's alerts, newest first (at most 500).")

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (alerts, raw) = try await self.connection.client().call([DocumentsAPI.Alert].self, "GET", "/operations/alerts")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.alerts(alerts), terminator: "") }
        }
    }
}

/// `passerelle documents returns [list] [--all] [--json]` and `returns resolve RETURN_ID --note TEXT`.
struct DocumentsReturns: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "returns",
        abstract: "Returns from the prefecture or the treasury that no act or PES file claimed, and their triage.",
        subcommands: [DocumentsReturnsList.self, DocumentsReturnsResolve.self],
        defaultSubcommand: DocumentsReturnsList.self)

    init() {}
}

/// `passerelle documents returns [list] [--all] [--json]`: `GET /operations/returns`.
struct DocumentsReturnsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The unresolved returns (with --all, the resolved ones too), newest first.")

    @Flag(help: "Also the returns already resolved.")
    var all = false

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (returns, raw) = try await self.connection.client().call(
                [DocumentsAPI.Return].self, "GET", "/operations/returns" + (self.all ? "?all=true" : ""))
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.returns(returns, all: self.all), terminator: "") }
        }
    }
}

/// `passerelle documents returns resolve RETURN_ID --note TEXT`: `POST /operations/returns/:id/resolve`.
struct DocumentsReturnsResolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Mark a return resolved, with a note saying what was done (kept with your name).")

    @Argument(help: "The return's id (a UUID; `returns` lists them).")
    var returnId: String

    @Option(help: "What was done about it (1–1000 characters).")
    var note: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.uuid(self.returnId, what: "RETURN_ID")
        guard !self.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, self.note.count <= 1000 else {
            throw ValidationError("--note: 1–1000 characters")
        }
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let note = try JSONEncoder().encode(["resolution": self.note])
            let (resolved, raw) = try await self.connection.client().call(
                DocumentsAPI.Resolved.self, "POST",
                "/operations/returns/\(DocumentsClient.segment(self.returnId.lowercased()))/resolve", body: note)
            if self.json { DocumentsRun.printJSON(raw) } else { print("Return \(resolved.returnId) resolved: \(resolved.resolution)") }
        }
    }
}
