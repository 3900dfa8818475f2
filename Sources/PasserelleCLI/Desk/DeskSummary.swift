import ArgumentParser
import Foundation

/// `passerelle desk summary [--json]`: `GET /operations/summary`.
struct DeskSummary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Counts per status of requests, needs, matches and aid applications; lookups waiting, follow-ups due."
    )

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DeskConnection

    init() {}

    func run() async throws {
        try await DeskRun.perform(json: self.json) {
            let (summary, raw) = try await self.connection.client().call(
                DeskAPI.Summary.self, "GET", "/operations/summary")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DeskRendering.summary(summary), terminator: "") }
        }
    }
}
