import ArgumentParser
import Contracts
import Foundation

extension Passerelle.ContractsCommand {
    /// `passerelle contracts check`: the compatibility gate against an earlier commit.
    struct ContractsCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Compare every message schema with its version at a git commit and flag breaking changes.",
            discussion: """
                Each change is classified as backward compatible, forward compatible, both or neither (Schema \
                Registry's sense), and checked against the message's x-passerelle-compatibility rule (FULL by \
                default within a major version). A new major version (.v2 beside .v1) is reported and allowed. \
                Exit status: 0 when nothing breaks, 1 when a change breaks its rule, 2 on a usage error.
                """
        )

        @Option(help: "The git commit to compare with.")
        var against = "HEAD~1"

        @OptionGroup var location: ContractsLocation

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Flag(help: "Also list changes that break nothing.")
        var all = false

        init() {}

        struct Row: Encodable {
            var message: String
            var change: String
            var detail: String
            var compatibility: String
            var ruleBroken: String?

            enum CodingKeys: String, CodingKey {
                case message, change, detail, compatibility
                case ruleBroken = "rule_broken"
            }
        }

        func run() async throws {
            let current = try self.location.load()
            let snapshot: GitSnapshot
            do {
                snapshot = try GitSnapshot(folder: self.location.url, at: self.against)
            } catch {
                throw ValidationError("--against \(self.against): \(error)")
            }
            defer { snapshot.remove() }
            let previous = snapshot.folder.map { ContractLoader(root: $0).load().hub }
                ?? ContractHub(documents: [:], messages: [:], sources: [:])
            let findings = ContractCompatibility.check(old: previous, new: current.hub)
            let rows = findings.filter { self.all || $0.isBreaking || $0.change == "new major version" }.map {
                Row(message: $0.messageType, change: $0.change, detail: $0.detail, compatibility: $0.compatibility, ruleBroken: $0.ruleBroken)
            }
            let breaking = findings.filter(\.isBreaking).count
            if self.json {
                struct Report: Encodable {
                    var ok: Bool
                    var against: String
                    var changes: Int
                    var breaking: Int
                    var findings: [Row]
                }
                try JSONOutput.print(Report(ok: breaking == 0, against: self.against, changes: findings.count, breaking: breaking, findings: rows))
            } else {
                if !rows.isEmpty {
                    var table = TextTable(columns: [
                        .init("MESSAGE"), .init("CHANGE"), .init("DETAIL", maxWidth: 60), .init("COMPATIBLE"), .init("RULE BROKEN"),
                    ])
                    for row in rows {
                        table.append([row.message, row.change, row.detail, row.compatibility, row.ruleBroken ?? "-"])
                    }
                    print(table.render(), terminator: "")
                }
                print("\(findings.count) changes since \(self.against), \(breaking) breaking")
            }
            if !current.errors.isEmpty {
                for error in current.errors {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
                throw ExitCode.failure
            }
            if breaking > 0 {
                throw ExitCode.failure
            }
        }
    }
}
