import ArgumentParser
import Foundation
import PasserelleOps

extension Passerelle {
    /// `passerelle procurement …`: operator views of the procurement service.
    struct ProcurementCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "procurement",
            abstract: "Look at tenders through the procurement service.",
            subcommands: [ProcurementOCDS.self, ProcurementShow.self])

        init() {}
    }
}

/// `passerelle procurement ocds TENDER_ID`: the tender's history as an OCDS 1.1 record package.
struct ProcurementOCDS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocds",
        abstract: "Print a tender's history as an OCDS record (releases tender, tenderAmendment, award, contract).")

    @Argument(help: "The tender id.")
    var tenderId: String

    @OptionGroup var endpoints: ServiceEndpoints

    func run() async throws {
        let reply = try await ServiceHTTP.request("GET", "\(self.endpoints.procurement)/tenders/\(self.tenderId)/ocds")
        guard reply.status == 200 else {
            FileHandle.standardError.write(Data("procurement answered \(reply.status): \(reply.text)\n".utf8))
            throw ExitCode.failure
        }
        print(String(decoding: BodyFormatting.pretty(Array(reply.body)), as: UTF8.self))
    }
}

/// `passerelle procurement show TENDER_ID [--token T]`: status, lots, counts and history of a tender (the counts
/// and the history need a token of the buyer's agents or an operator).
struct ProcurementShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a tender's status and history.")

    @Argument(help: "The tender id.")
    var tenderId: String

    @Flag(help: "Print the raw JSON.")
    var json = false

    @OptionGroup var endpoints: ServiceEndpoints

    struct Entry: Decodable {
        var at: String
        var kind: String
    }

    func run() async throws {
        let base = "\(self.endpoints.procurement)/tenders/\(self.tenderId)"
        let summary = try await ServiceHTTP.request("GET", base, token: self.endpoints.bearer)
        guard summary.status == 200 else {
            FileHandle.standardError.write(Data("procurement answered \(summary.status): \(summary.text)\n".utf8))
            throw ExitCode.failure
        }
        print(String(decoding: BodyFormatting.pretty(Array(summary.body)), as: UTF8.self))
        if self.json { return }
        let history = try await ServiceHTTP.request("GET", base + "/history", token: self.endpoints.bearer)
        guard history.status == 200 else {
            FileHandle.standardError.write(
                Data("history: procurement answered \(history.status) (the history needs a buyer's or operator's --token)\n".utf8))
            throw ExitCode.failure
        }
        let entries = (try? JSONDecoder().decode([Entry].self, from: history.body)) ?? []
        var table = TextTable(headers: ["TIME", "EVENT"])
        for entry in entries { table.append([entry.at, entry.kind]) }
        print(table.render())
    }
}
