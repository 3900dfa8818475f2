import CommonContracts
import ContractMessaging
import Foundation
import ProcurementContracts
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// The procurement service on the in-memory broker (``ServiceTestBed``) with a database of its own, a clock
/// the test moves forward and a claim-check folder of its own.
struct ProcurementBed: Sendable {
    let bed: ServiceTestBed
    let clock: ProcurementClock
    let claims: Claims

    static let contracts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contracts")

    /// Runs the service for `body` with these settings, then removes everything.
    static func run(
        maxBidBytes: Int = 1 << 20, rules: ProcurementRules = .default, _ body: (ProcurementBed) async throws -> Void
    ) async throws {
        await BedLimiter.shared.acquire()
        do {
            try await self.start(maxBidBytes: maxBidBytes, rules: rules, body)
            await BedLimiter.shared.release()
        } catch {
            await BedLimiter.shared.release()
            throw error
        }
    }

    private static func start(
        maxBidBytes: Int, rules: ProcurementRules, _ body: (ProcurementBed) async throws -> Void
    ) async throws {
        let clock = ProcurementClock()
        let claims = try Claims.make()
        defer { claims.remove() }
        let settings = ProcurementSettings(
            masterKey: MasterKey.generate(), publicURL: "http://127.0.0.1", rules: rules, clock: clock,
            claimRoots: [claims.directory.path], maxBidBytes: maxBidBytes)
        try await ServiceTestBed.run(
            ProcurementService.definition(settings: settings), broker: .inMemory, contracts: Self.contracts,
            configure: { $0.postgres.options.poolSize = 2 }
        ) { bed in
            try await body(ProcurementBed(bed: bed, clock: clock, claims: claims))
        }
    }

    /// Sends a command that must be refused; returns its `procurement.command.rejected.v1` (found by `id`,
    /// the command's idempotency key).
    func refused(_ command: some ContractMessage, id: String) async throws -> CommandRejected {
        try await self.bed.send(command)
        return try await self.published(CommandRejected.self) { $0.commandId == id }
    }

    /// Waits for a published message of `type` that satisfies `match`.
    func published<Message: ContractMessage>(
        _ type: Message.Type, timeout: Duration = .seconds(20), where match: (Message) -> Bool
    ) async throws -> Message {
        try await self.published(type, count: 1, timeout: timeout, where: match)[0]
    }

    /// Waits for `count` published messages of `type` that satisfy `match`; returns them all, in order.
    func published<Message: ContractMessage>(
        _ type: Message.Type, count: Int, timeout: Duration = .seconds(20), where match: (Message) -> Bool
    ) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = try await self.bed.published(type, count: 0).filter(match)
            if found.count >= count { return found }
            guard ContinuousClock.now < deadline else {
                Issue.record("\(found.count) of \(count) matching \(Message.messageType) within \(timeout)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// A number from the service's schema.
    func count(_ sql: String) async throws -> Int {
        try await self.bed.count(sql)
    }

    /// The refusals audited for a command type, on a tender (or on none when the tender does not exist).
    func refusalAudits(_ type: String, tender: String?) async throws -> Int {
        let scope = tender.map { "tender_id = '\($0)'" } ?? "tender_id IS NULL"
        return try await self.count(
            "SELECT count(*) FROM audit WHERE action = '\(type)' AND outcome = 'refused' AND \(scope)")
    }

    /// Waits until a SQL count reaches `value`.
    func waitFor(_ sql: String, toBe value: Int = 1, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await self.count(sql) != value {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(sql) never reached \(value)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The HTTP listener.
    func http() async throws -> HTTPClient {
        HTTPClient(base: "http://127.0.0.1:\(try await self.bed.host.httpPort())")
    }
}

/// The assertions every refusal test makes.
func expectRefusal(
    _ rejected: CommandRejected, _ code: String, field: String?, rule: String, of type: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(rejected.code == code, sourceLocation: sourceLocation)
    #expect(rejected.field == field, sourceLocation: sourceLocation)
    #expect(rejected.rule.contains(rule), "rule: \(rejected.rule)", sourceLocation: sourceLocation)
    #expect(rejected.commandType == type, sourceLocation: sourceLocation)
    #expect(!rejected.message.isEmpty, sourceLocation: sourceLocation)
}
