import ArgumentParser
import Foundation
import PasserelleOps

/// `passerelle dlq purge`: marks parked messages purged. Rows are kept for the audit; only the status
/// changes, with a history entry.
struct DLQPurgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge", abstract: "Mark parked messages purged (rows are kept, for the audit).",
        discussion: "Needs --yes. Exit status 1 when the ID is unknown or no longer parked.")

    @OptionGroup var options: DLQOptions
    @OptionGroup var selection: DLQSelection

    @Option(help: "With --all: only messages parked before this: an age (2h, 7d) or an RFC 3339 time.")
    var before: DLQTimeBound?

    @Flag(help: "Confirm the purge.")
    var yes = false

    init() {}

    mutating func validate() throws {
        guard self.yes else { throw ValidationError("purge needs --yes (the messages will not be replayed)") }
        if self.before != nil && !self.selection.all { throw ValidationError("--before selects with --all") }
    }

    func run() async throws {
        let session = try await self.options.open(service: self.selection.service)
        var purged: [String] = []
        var problems: [String] = []
        do {
            let rows = try await self.selection.rows(in: session.store, before: self.before?.date())
            if rows.isEmpty, let id = self.selection.id {
                problems.append("no parked message with id \(id.lowercased())")
            }
            for row in rows {
                if try await session.store.markPurged(row, actor: session.actor) {
                    purged.append(DLQFormat.id(row.id))
                } else {
                    problems.append("\(DLQFormat.id(row.id)): status is \(row.status), not parked")
                }
            }
            await session.close()
        } catch {
            await session.close()
            throw error
        }
        print("purged \(purged.count) message(s)")
        for problem in problems {
            DLQFormat.warn(problem)
        }
        if !problems.isEmpty {
            throw ExitCode(1)
        }
    }
}
