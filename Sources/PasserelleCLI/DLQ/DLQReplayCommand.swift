import ArgumentParser
import ContractMessaging
import Foundation
import Messaging
import PasserelleOps

/// `passerelle dlq replay`: publishes parked messages again to their original exchange and routing key.
struct DLQReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Publish parked messages again to their original exchange and routing key.",
        discussion: """
            Each body is checked against its message type's contract first; a body the contract no longer \
            accepts is refused. A row is marked replayed only after the broker's confirm. --edit opens the body \
            in $EDITOR (else vi) first. Exit status: 0 when every message was replayed, 1 otherwise.
            """)

    @OptionGroup var options: DLQOptions
    @OptionGroup var selection: DLQSelection

    @Option(help: "Messages per second.")
    var rate: Double = 50

    @Flag(help: "Edit the body before replaying it (with one ID only).")
    var edit = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    init() {}

    mutating func validate() throws {
        guard self.rate > 0, self.rate.isFinite else { throw ValidationError("--rate must be a positive number") }
        if self.edit && self.selection.id == nil { throw ValidationError("--edit works on one ID, not with --all") }
    }

    func run() async throws {
        let catalog = try MessageCatalog.load(contracts: self.options.source.contracts.url)
        let session = try await self.options.open(service: self.selection.service)
        let results: [DLQReplayer.Result]
        do {
            results = try await self.replay(session, catalog: catalog)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
        if self.json {
            try JSONOutput.print(results)
        } else {
            print(Self.table(results), terminator: "")
        }
        if results.isEmpty || results.contains(where: { $0.outcome != .replayed }) {
            throw ExitCode(1)
        }
    }

    private func replay(_ session: DLQSession, catalog: MessageCatalog) async throws -> [DLQReplayer.Result] {
        let rows = try await self.selection.rows(in: session.store)
        if rows.isEmpty {
            let id = self.selection.id?.lowercased()
            DLQFormat.warn(id.map { "no parked message with id \($0)" } ?? "nothing to replay")
            return []
        }
        var editedBody: [UInt8]?
        if self.edit, let row = rows.first {
            editedBody = try await MessageEditor().edit(Array(row.body), name: DLQFormat.id(row.id))
        }
        return try await session.withConnection { connection in
            let publisher = try await connection.makePublisher(window: 1)
            var replayer = DLQReplayer(
                store: session.store, publisher: publisher, catalog: catalog, actor: session.actor)
            replayer.rate = self.rate
            if rows.count > 20 {
                replayer.progress = { done, total in
                    if done % 10 == 0 || done == total { DLQFormat.warn("replay: \(done)/\(total)") }
                }
            }
            return try await replayer.replay(rows, editedBody: editedBody)
        }
    }

    static func table(_ results: [DLQReplayer.Result]) -> String {
        var table = TextTable(columns: [
            .init("ID"), .init("SERVICE"), .init("TYPE"), .init("RESULT"), .init("DETAIL", maxWidth: 100),
        ])
        for result in results {
            table.append([result.id, result.service, result.messageType ?? "-", result.outcome.rawValue, result.detail])
        }
        return table.render()
    }
}
