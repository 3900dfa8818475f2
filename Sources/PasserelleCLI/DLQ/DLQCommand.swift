import ArgumentParser
import Foundation

extension Passerelle {
    /// `passerelle dlq …`: inspect, replay and purge parked messages (messaging §1 rows 5–6, §11 row 2).
    struct DLQCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dlq",
            abstract: "Inspect, replay and purge the messages parked in <queue>.dlq and <queue>.invalid.",
            discussion: """
                Every subcommand first drains the selected services' parking queues into their \
                parked_messages tables (skip with --no-sync), so the tables are the complete store. Each \
                action is recorded in parked_message_history with the actor ($PASSERELLE_ACTOR, else $USER).
                """,
            subcommands: [
                DLQSyncCommand.self, DLQListCommand.self, DLQShowCommand.self, DLQReplayCommand.self,
                DLQPurgeCommand.self,
            ]
        )

        init() {}
    }
}

/// Formatting shared by the `dlq` tables.
enum DLQFormat {
    /// `2026-11-29T10:00:00Z`.
    static func time(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// A lower-case id.
    static func id(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }

    /// Writes a line on standard error.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
