import ArgumentParser
import Foundation

/// `passerelle training …`: the operator's view of the training scheduler (`passerelle-training`): the sessions with
/// their seats, one session with its roster, and the counts.
struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Look at the training scheduler's sessions, their rosters and its counts.",
        discussion: """
            Every call to the service carries an operator's token: --token, else $PASSERELLE_TOKEN, else one minted for \
            five minutes by the development identity provider in $PASSERELLE_HOME/secrets/identity (--identity-dir). \
            The service is at --training-url, else $PASSERELLE_TRAINING_URL, else \
            http://127.0.0.1:$PASSERELLE_TRAINING_HTTP_PORT (8085). Session dates are shown in Europe/Paris. Refusals \
            print the problem's code, field, rule and detail. Exit status: 0 ok, 1 a refusal or a service that does \
            not answer, 2 a usage error.
            """,
        subcommands: [TrainingList.self, TrainingShow.self, TrainingSummary.self])

    init() {}
}

/// Checks of the arguments, shared by the subcommands (a failure is a usage error, exit 2).
enum TrainingArguments {
    /// The session statuses the service stores, as `--status` takes them.
    static let statuses = TrainingRendering.sessionStatuses

    /// The stored status for `text`, whatever its case; `canceled` is read as `cancelled`.
    static func status(_ text: String) -> String? {
        let lowered = text.lowercased() == "canceled" ? "cancelled" : text.lowercased()
        return Self.statuses.first { $0.lowercased() == lowered }
    }

    /// A course code of the catalogue's form, upper-cased (`mp-publier-01` → `MP-PUBLIER-01`).
    static func course(_ text: String) -> String? {
        let upper = text.uppercased()
        return upper.range(of: #"^[A-Z0-9][A-Z0-9_-]{1,19}$"#, options: .regularExpression) == nil ? nil : upper
    }

    static func sessionId(_ text: String) throws {
        guard UUID(uuidString: text) != nil else {
            throw ValidationError("SESSION_ID must be a UUID (the session's sessionId; `list --json` shows it), got \"\(text)\"")
        }
    }
}

/// `passerelle training list [--course C] [--status S] [--json]`: `GET /sessions`.
struct TrainingList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The sessions by first date: id prefix, course, title, first date, status, booked/capacity, waitlisted, pending.",
        discussion: """
            --status takes draft, open, full, confirmed, cancelled, inProgress, held, closed or archived (any case). \
            The service lists at most 500 sessions.
            """)

    @Option(help: ArgumentHelp("Only sessions of this course (its code, e.g. MP-PUBLIER-01).", valueName: "code"))
    var course: String?

    @Option(help: ArgumentHelp("Only sessions in this status.", valueName: "status"))
    var status: String?

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: TrainingConnection

    init() {}

    func validate() throws {
        if let course, TrainingArguments.course(course) == nil {
            throw ValidationError("--course: \"\(course)\" is not a course code (2–20 letters, digits, - or _)")
        }
        if let status, TrainingArguments.status(status) == nil {
            throw ValidationError(
                "--status: unknown session status \"\(status)\"; one of \(TrainingArguments.statuses.joined(separator: ", "))")
        }
    }

    /// The request path with its query.
    var path: String {
        "/sessions"
            + TrainingClient.query([
                ("course", self.course.flatMap(TrainingArguments.course)), ("status", self.status.flatMap(TrainingArguments.status)),
            ])
    }

    func run() async throws {
        try await TrainingRun.perform(json: self.json) {
            let (sessions, raw) = try await self.connection.client().call([TrainingAPI.Session].self, "GET", self.path)
            if self.json { DocumentsRun.printJSON(raw) } else { print(TrainingRendering.list(sessions), terminator: "") }
        }
    }
}

/// `passerelle training show SESSION_ID [--json]`: `GET /sessions/:id` and `GET /sessions/:id/roster`.
struct TrainingShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One session: its plan and seats, then its roster (agent, status, arrival order, late flag).",
        discussion: "--json prints {\"session\": …, \"roster\": […]}, the service's two answers.")

    @Argument(help: "The session's sessionId (a UUID).")
    var sessionId: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: TrainingConnection

    init() {}

    func validate() throws {
        try TrainingArguments.sessionId(self.sessionId)
    }

    var path: String { "/sessions/\(TrainingClient.segment(self.sessionId.lowercased()))" }

    func run() async throws {
        try await TrainingRun.perform(json: self.json) {
            let client = try await self.connection.client()
            let (session, rawSession) = try await client.call(TrainingAPI.Session.self, "GET", self.path)
            let (roster, rawRoster) = try await client.call([TrainingAPI.Signup].self, "GET", self.path + "/roster")
            if self.json {
                DocumentsRun.printJSON(try Self.combined(session: rawSession, roster: rawRoster))
            } else {
                print(TrainingRendering.detail(session, roster: roster), terminator: "")
            }
        }
    }

    /// `{"session": <GET /sessions/:id>, "roster": <GET /sessions/:id/roster>}`, both as the service sent them.
    static func combined(session: Data, roster: Data) throws -> Data {
        let object: [String: Any] = [
            "session": try JSONSerialization.jsonObject(with: session),
            "roster": try JSONSerialization.jsonObject(with: roster),
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}

/// `passerelle training summary [--json]`: `GET /operations/summary`.
struct TrainingSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Counts of sessions by status and sign-ups by status code; timers pending and overdue; certificates.")

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: TrainingConnection

    init() {}

    func run() async throws {
        try await TrainingRun.perform(json: self.json) {
            let (summary, raw) = try await self.connection.client().call(TrainingAPI.Summary.self, "GET", "/operations/summary")
            if self.json { DocumentsRun.printJSON(raw) } else { print(TrainingRendering.summary(summary), terminator: "") }
        }
    }
}
