import ArgumentParser
import Bridge
import Contracts
import Foundation
import Messaging
import Logging

/// `passerelle bridge quarantine list|show|replay PARTNER`.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "Messages a bridge refused at the boundary, with their reason.",
        subcommands: [QuarantineListCommand.self, QuarantineShowCommand.self, QuarantineReplayCommand.self]
    )

    init() {}
}

extension BridgeOptions {
    func store(partner: String) throws -> QuarantineStore {
        let loaded = try self.contracts.load()
        guard loaded.hub.documents[partner] != nil else {
            throw ValidationError("unknown partner \(partner): no contract under contracts/\(partner)")
        }
        return QuarantineStore(
            partner: partner, hub: try self.operatorHub(), contracts: loaded.hub, logger: Logger(label: "passerelle.bridge"))
    }
}

struct QuarantineListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The quarantined messages, oldest first.")

    @Argument(help: "The partner.") var partner: String
    @Option(help: "At most this many.") var limit = 100
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var options: BridgeOptions

    init() {}

    func run() async throws {
        let entries = try await self.options.store(partner: self.partner).list(limit: self.limit)
        if self.json {
            try JSONOutput.print(entries)
            return
        }
        var table = TextTable(headers: ["ID", "DIRECTION", "TYPE", "FIELD", "RULE", "AT"])
        for entry in entries {
            table.append([entry.id, entry.direction ?? "-", entry.type ?? "-", entry.field ?? "-", entry.rule ?? "-", entry.at ?? "-"])
        }
        print(table.render(), terminator: "")
        print("\(entries.count) message(s) in \(QuarantineHeaders.exchange(self.partner))")
    }
}

struct QuarantineShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One quarantined message: reason, headers, body.")

    @Argument(help: "The partner.") var partner: String
    @Argument(help: "The message id.") var id: String
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var options: BridgeOptions

    init() {}

    func run() async throws {
        let entries = try await self.options.store(partner: self.partner).list(limit: 10_000, bodies: true)
        guard let entry = entries.first(where: { $0.id == self.id }) else {
            print("No message \(self.id) in \(QuarantineHeaders.exchange(self.partner))")
            throw ExitCode(1)
        }
        if self.json {
            try JSONOutput.print(entry)
            return
        }
        print("id:        \(entry.id)\ntype:      \(entry.type ?? "-")\ndirection: \(entry.direction ?? "-")")
        print("refused:   \(entry.field ?? "-"): \(entry.reason ?? "-") (rule \(entry.rule ?? "-"))\nat:        \(entry.at ?? "-")")
        print("headers:")
        for (key, value) in entry.headers.sorted(by: { $0.key < $1.key }) {
            print("  \(key): \(value)")
        }
        print("body (\(entry.bytes) bytes):\n\(entry.body ?? "")")
    }
}

struct QuarantineReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Check quarantined messages again and send on those that pass.",
        discussion: """
            Each message is validated again against the partner's contract (with --body, after replacing its body), \
            sent on as the bridge would, and removed from the quarantine once the broker confirmed it. Replays are \
            rate-limited (--rate) and audited in $PASSERELLE_HOME/audit/bridge-quarantine.jsonl. Exit status 1 when \
            one is still invalid or fails.
            """
    )

    @Argument(help: "The partner.") var partner: String
    @Argument(help: "Message ids (none with --all).") var ids: [String] = []
    @Flag(help: "Replay every quarantined message.") var all = false
    @Option(help: "A file whose content replaces the body of the single message given.") var body: String?
    @Option(help: "At most this many replays per second.") var rate: Double = 20
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var options: BridgeOptions

    init() {}

    func validate() throws {
        guard self.all != !self.ids.isEmpty else { throw ValidationError("give message ids or --all (not both)") }
        if self.body != nil, self.ids.count != 1 { throw ValidationError("--body needs exactly one message id") }
        guard self.rate > 0, self.rate <= 1000 else { throw ValidationError("--rate must be in 0 < rate <= 1000") }
    }

    func run() async throws {
        var fixes: [String: [UInt8]] = [:]
        if let body, let id = self.ids.first {
            guard let data = FileManager.default.contents(atPath: body) else { throw ValidationError("cannot read --body \(body)") }
            fixes[id] = Array(data)
        }
        let environment = ProcessInfo.processInfo.environment
        let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
        let store = try self.options.store(partner: self.partner)
        let results = try await store.replay(
            ids: Set(self.ids), fixes: fixes, perSecond: self.rate,
            operatorName: "\(store.hub.username)/\(environment["USER"] ?? "unknown")",
            audit: URL(fileURLWithPath: home).appendingPathComponent("audit/bridge-quarantine.jsonl"))
        if self.json {
            try JSONOutput.print(results)
        } else {
            var table = TextTable(headers: ["ID", "OUTCOME", "DETAIL"])
            for result in results {
                table.append([result.id, result.outcome, result.detail ?? "-"])
            }
            print(table.render(), terminator: "")
        }
        let missing = Set(self.ids).subtracting(results.map(\.id))
        for id in missing.sorted() {
            print("No message \(id) in \(QuarantineHeaders.exchange(self.partner))")
        }
        if !missing.isEmpty || results.contains(where: { $0.outcome != "replayed" }) {
            throw ExitCode(1)
        }
    }
}
