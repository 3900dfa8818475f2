import ArgumentParser
import Foundation

/// `passerelle desk …`: the operator's view of the "J'entreprends" support desk (`passerelle-desk`): the companies'
/// requests with their routing explained, cancellation, the counts, and the catalogue's validation.
struct DeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Look at the support desk's requests, routing and counts; validate its catalogue.",
        discussion: """
            Every call to the service carries an operator's token: --token, else $PASSERELLE_TOKEN, else one minted for \
            five minutes by the development identity provider in $PASSERELLE_HOME/secrets/identity (--identity-dir). \
            The service is at --desk-url, else $PASSERELLE_DESK_URL, else http://127.0.0.1:$PASSERELLE_DESK_HTTP_PORT \
            (8084). `catalogue validate` runs locally and needs no service. Refusals print the problem's code, field, \
            rule and detail. Exit status: 0 ok, 1 a refusal, a service that does not answer or a catalogue with \
            errors, 2 a usage error.
            """,
        subcommands: [DeskList.self, DeskShow.self, DeskCancel.self, DeskSummary.self, DeskCatalogue.self])

    init() {}
}

/// Checks of the arguments, shared by the subcommands (a failure is a usage error, exit 2).
enum DeskArguments {
    /// The request statuses the service stores, as `--status` takes them.
    static let statuses = ["awaitingConfirmation", "awaitingCompany", "processed", "canceled"]

    /// The stored status for `text`, whatever its case; `cancelled` is read as `canceled`.
    static func status(_ text: String) -> String? {
        let lowered = text.lowercased() == "cancelled" ? "canceled" : text.lowercased()
        return Self.statuses.first { $0.lowercased() == lowered }
    }

    static func applicationId(_ text: String) throws {
        guard UUID(uuidString: text) != nil else {
            throw ValidationError("APPLICATION_ID must be a UUID (the request's applicationId), got \"\(text)\"")
        }
    }
}
