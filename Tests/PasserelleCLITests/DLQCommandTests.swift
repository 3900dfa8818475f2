import ArgumentParser
import Foundation
import Messaging
import Testing

@testable import PasserelleCLI

/// `passerelle dlq` parsing and usage errors (exit status 2 through `main`), without any server.
@Suite struct DLQCommandTests {
    static let id = "0b6f2c1e-9a4d-4c3b-8e5f-1d2a3b4c5d6e"

    /// The usage-error text argument-parser would print for `arguments`, or `nil` when they parse.
    static func usageError<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) -> String? {
        do {
            _ = try type.parse(arguments)
            return nil
        } catch {
            #expect(Passerelle.exitCode(for: error) == .validationFailure)
            return type.message(for: error)
        }
    }

    @Test func purgeWithoutYesIsAUsageErrorNamingYes() throws {
        let message = try #require(Self.usageError(DLQPurgeCommand.self, ["--all"]))
        #expect(message.contains("--yes"))
        #expect(Self.usageError(DLQPurgeCommand.self, ["--all", "--yes"]) == nil)
        #expect(Self.usageError(DLQPurgeCommand.self, [Self.id, "--yes"]) == nil)
    }

    @Test func purgeBeforeNeedsAll() {
        #expect(Self.usageError(DLQPurgeCommand.self, [Self.id, "--yes", "--before", "2h"]) != nil)
        #expect(Self.usageError(DLQPurgeCommand.self, ["--all", "--yes", "--before", "2h"]) == nil)
    }

    @Test func replayNeedsExactlyOneOfIDOrAll() throws {
        let neither = try #require(Self.usageError(DLQReplayCommand.self, []))
        #expect(neither.contains("--all"))
        #expect(Self.usageError(DLQReplayCommand.self, [Self.id, "--all"]) != nil)
        #expect(Self.usageError(DLQReplayCommand.self, ["not-a-uuid"]) != nil)
        #expect(Self.usageError(DLQReplayCommand.self, [Self.id]) == nil)
        #expect(Self.usageError(DLQReplayCommand.self, ["--all", "--service", "notifications", "--rate", "5"]) == nil)
    }

    @Test func editWorksOnOneIDOnly() throws {
        let message = try #require(Self.usageError(DLQReplayCommand.self, ["--all", "--edit"]))
        #expect(message.contains("--edit"))
        #expect(Self.usageError(DLQReplayCommand.self, [Self.id, "--edit"]) == nil)
    }

    @Test func replayRateMustBePositive() {
        #expect(Self.usageError(DLQReplayCommand.self, [Self.id, "--rate", "0"]) != nil)
        #expect(Self.usageError(DLQReplayCommand.self, [Self.id, "--rate", "-3"]) != nil)
    }

    @Test func showNeedsAUUID() {
        #expect(Self.usageError(DLQShowCommand.self, ["nope"]) != nil)
        #expect(Self.usageError(DLQShowCommand.self, [Self.id, "--json"]) == nil)
    }

    @Test func listParsesSinceAndStatus() throws {
        let list = try DLQListCommand.parse(["--since", "2h", "--status", "all", "--type", "t.v1", "--json"])
        #expect(list.status == .all)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(list.since?.date(relativeTo: now) == now.addingTimeInterval(-7200))
        #expect(Self.usageError(DLQListCommand.self, ["--since", "yesterday"]) != nil)
        #expect(Self.usageError(DLQListCommand.self, ["--status", "lost"]) != nil)
    }

    @Test func dlqIsASubcommandOfPasserelle() throws {
        let command = try Passerelle.parseAsRoot(["dlq", "list", "--no-sync"])
        #expect(command is DLQListCommand)
    }
}

@Suite struct DLQTimeBoundTests {
    @Test(arguments: [("90s", 90), ("30m", 1800), ("2h", 7200), ("7d", 604_800), ("1w", 604_800), ("0h", 0)])
    func agesCountBackFromNow(text: String, seconds: Int) throws {
        let bound = try #require(DLQTimeBound(argument: text))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(bound.date(relativeTo: now) == now.addingTimeInterval(-TimeInterval(seconds)))
    }

    @Test func rfc3339TimesAreAbsolute() throws {
        let plain = try #require(DLQTimeBound(argument: "2026-11-29T10:00:00Z"))
        let fraction = try #require(DLQTimeBound(argument: "2026-11-29T11:00:00.500+01:00"))
        let expected = Date(timeIntervalSince1970: 1_795_946_400)
        #expect(plain.date() == expected)
        #expect(fraction.date() == expected.addingTimeInterval(0.5))
    }

    @Test(arguments: ["", "h", "2", "-2h", "2.5h", "2y", "two hours", "2026-11-29", "9223372036854775807w"])
    func anythingElseIsRefused(text: String) {
        #expect(DLQTimeBound(argument: text) == nil)
    }
}
