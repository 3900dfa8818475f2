import ArgumentParser
import Foundation

/// `passerelle desk list [--status S] [--limit N] [--json]`: `GET /solicitations`.
struct DeskList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The requests, newest first: id, created, subject, status (or cancel reason), SIRET, company.",
        discussion: "--status takes awaitingConfirmation, awaitingCompany, processed or canceled (any case).")

    @Option(help: ArgumentHelp("Only requests in this status.", valueName: "status"))
    var status: String?

    @Option(help: "At most this many requests (1–1000).")
    var limit = 100

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DeskConnection

    init() {}

    func validate() throws {
        if let status, DeskArguments.status(status) == nil {
            throw ValidationError(
                "--status: unknown request status \"\(status)\"; one of \(DeskArguments.statuses.joined(separator: ", "))"
            )
        }
        guard (1...1000).contains(self.limit) else { throw ValidationError("--limit must be 1–1000") }
    }

    /// The request path with its query.
    var path: String {
        "/solicitations"
            + DocumentsClient.query([
                ("status", self.status.flatMap(DeskArguments.status)), ("limit", String(self.limit)),
            ])
    }

    func run() async throws {
        try await DeskRun.perform(json: self.json) {
            let (requests, raw) = try await self.connection.client().call([DeskAPI.Solicitation].self, "GET", self.path)
            if self.json { DocumentsRun.printJSON(raw) } else { print(DeskRendering.list(requests), terminator: "") }
        }
    }
}

/// `passerelle desk show APPLICATION_ID [--json]`: `GET /solicitations/:id`.
struct DeskShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One request: what was asked, then each need with its status, matches and routing explained.")

    @Argument(help: "The request's applicationId (a UUID; `list` shows it).")
    var applicationId: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DeskConnection

    init() {}

    func validate() throws {
        try DeskArguments.applicationId(self.applicationId)
    }

    func run() async throws {
        try await DeskRun.perform(json: self.json) {
            let (detail, raw) = try await self.connection.client().call(
                DeskAPI.Detail.self, "GET", "/solicitations/\(DocumentsClient.segment(self.applicationId.lowercased()))"
            )
            if self.json { DocumentsRun.printJSON(raw) } else { print(DeskRendering.detail(detail), terminator: "") }
        }
    }
}

/// `passerelle desk cancel APPLICATION_ID --reason spam|duplicate|outOfScope [--comment TEXT]`:
/// `POST /solicitations/:id/cancel`.
struct DeskCancel: AsyncParsableCommand {
    /// The reasons an operator may give; the desk sets the others itself.
    enum Reason: String, CaseIterable, ExpressibleByArgument {
        case spam, duplicate, outOfScope
    }

    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a request not yet routed: spam (no mail to the applicant), duplicate or outOfScope.",
        discussion: "A request already processed or cancelled is refused (exit 1).")

    @Argument(help: "The request's applicationId (a UUID).")
    var applicationId: String

    @Option(help: "spam, duplicate or outOfScope.")
    var reason: Reason

    @Option(help: "A note for the applicant's mail and the audit (1–1000 characters).")
    var comment: String?

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DeskConnection

    init() {}

    func validate() throws {
        try DeskArguments.applicationId(self.applicationId)
        if let comment, comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || comment.count > 1000 {
            throw ValidationError("--comment: 1–1000 characters")
        }
    }

    /// The request body.
    func body() throws -> Data {
        var fields = ["reason": self.reason.rawValue]
        if let comment { fields["comment"] = comment }
        return try JSONOutput.makeEncoder().encode(fields)
    }

    func run() async throws {
        try await DeskRun.perform(json: self.json) {
            let (detail, raw) = try await self.connection.client().call(
                DeskAPI.Detail.self, "POST",
                "/solicitations/\(DocumentsClient.segment(self.applicationId.lowercased()))/cancel",
                body: try self.body())
            if self.json {
                DocumentsRun.printJSON(raw)
            } else {
                print(
                    "Request \(detail.solicitation.applicationId) cancelled: \(DeskRendering.status(detail.solicitation))"
                )
            }
        }
    }
}
