import ArgumentParser
import Foundation
import PasserelleOps

/// `passerelle dlq list`: the parked messages, filtered, as a table or JSON.
struct DLQListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List parked messages (oldest first).")

    /// The `--status` values.
    enum Status: String, ExpressibleByArgument, CaseIterable {
        case parked
        case replayed
        case purged
        case all
    }

    @OptionGroup var options: DLQOptions

    @Option(help: "Only this service (context).")
    var service: String?

    @Option(help: "Only this message type.")
    var type: String?

    @Option(help: "Only messages parked since: an age (90s, 30m, 2h, 7d) or an RFC 3339 time.")
    var since: DLQTimeBound?

    @Option(help: "parked, replayed, purged or all.")
    var status: Status = .parked

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    init() {}

    func run() async throws {
        let session = try await self.options.open(service: self.service)
        let rows: [ParkedMessage]
        do {
            let filter = ParkedStore.Filter(
                status: self.status == .all ? nil : self.status.rawValue, type: self.type, since: self.since?.date())
            rows = try await session.store.list(filter, service: self.service)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
        if self.json {
            try JSONOutput.print(rows)
        } else {
            print(Self.table(rows, withStatus: self.status != .parked), terminator: "")
        }
    }

    static func table(_ rows: [ParkedMessage], withStatus: Bool) -> String {
        var columns: [TextTable.Column] = [
            .init("ID"), .init("PARKED AT"), .init("SERVICE"), .init("QUEUE"), .init("TYPE"), .init("REASON"),
            .init("ATTEMPTS", alignment: .right),
        ]
        if withStatus { columns.append(.init("STATUS")) }
        columns.append(.init("ERROR", maxWidth: 60))
        var table = TextTable(columns: columns)
        for row in rows {
            var cells = [
                DLQFormat.id(row.id), DLQFormat.time(row.parkedAt), row.service, row.parkingQueue,
                row.messageType ?? "-", row.reason, String(row.attempts),
            ]
            if withStatus { cells.append(row.status) }
            cells.append(row.error)
            table.append(cells)
        }
        return table.render()
    }
}
