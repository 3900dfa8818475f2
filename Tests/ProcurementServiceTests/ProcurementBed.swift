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
        maxBidBytes: Int = 1 << 20, rules: ProcurementRules = .default, broker: ServiceTestBed.Broker = .inMemory,
        _ body: (ProcurementBed) async throws -> Void
    ) async throws {
        await BedLimiter.shared.acquire()
        do {
            try await self.start(maxBidBytes: maxBidBytes, rules: rules, broker: broker, body)
            await BedLimiter.shared.release()
        } catch {
            await BedLimiter.shared.release()
            throw error
        }
    }

    private static func start(
        maxBidBytes: Int, rules: ProcurementRules, broker: ServiceTestBed.Broker, _ body: (ProcurementBed) async throws -> Void
    ) async throws {
        let clock = ProcurementClock()
        let claims = try Claims.make()
        defer { claims.remove() }
        let settings = ProcurementSettings(
            masterKey: MasterKey.generate(), publicURL: "http://127.0.0.1", rules: rules, clock: clock,
            claimRoots: [claims.directory.path], maxBidBytes: maxBidBytes)
        try await ServiceTestBed.run(
            ProcurementService.definition(settings: settings), broker: broker, contracts: Self.contracts,
            configure: { $0.postgres.options.poolSize = 2 }
        ) { bed in
            try await body(ProcurementBed(bed: bed, clock: clock, claims: claims))
        }
    }

    /// Sends a command that must be refused; returns its `procurement.command.rejected.v1` (found by `id`,
    /// the command's idempotency key).
    func refused(_ command: some ContractMessage, id: String) async throws -> CommandRejected {
        try await self.send(command)
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

    /// The HTTP listener, called anonymously or with a token.
    func http(as token: String? = nil) async throws -> HTTPClient {
        HTTPClient(base: "http://127.0.0.1:\(try await self.bed.host.httpPort())", token: token)
    }

    /// Sends a command as the portal does: published by the operator's broker user, with the token of the
    /// person it names when it is a person's own act (a company's question or deposit, an opening).
    func send(_ command: some ContractMessage) async throws {
        try await self.bed.send(command, actorToken: try await self.actorToken(for: command))
    }

    /// The token the portal holds for the person a command names (nil for the buyer's commands, which the
    /// operator may send on the buyer's behalf).
    func actorToken(for command: some ContractMessage) async throws -> String? {
        switch command {
        case let ask as QuestionAsk:
            return try await self.companyToken(
                subject: ask.requestedBy.userId, siret: ask.requestedBy.siret ?? ask.asker.siret ?? Fixtures.btp.siret)
        case let bid as BidSubmit:
            return try await self.companyToken(subject: bid.requestedBy.userId, siret: bid.bidderSiret)
        case let open as BidsOpen:
            return try await self.agentToken(subject: open.requestedBy.userId, roles: [open.requestedBy.role.rawValue])
        default:
            return nil
        }
    }

    /// A company's token (its SIRET, its e-mail).
    func companyToken(_ company: Fixtures.Company) async throws -> String {
        try await self.companyToken(subject: company.email, siret: company.siret, email: company.email)
    }

    func companyToken(subject: String, siret: String, email: String? = nil) async throws -> String {
        try await self.bed.token(subject: subject, email: email ?? "\(subject.filter(\.isLetter))@company.example", roles: ["company"], siret: siret)
    }

    /// A token of an agent of the buyer (``Fixtures/buyer``'s SIREN), or of another body.
    func agentToken(subject: String = "agent", roles: [String], siren: String = String(Fixtures.buyer.prefix(9))) async throws -> String {
        try await self.bed.token(subject: subject, roles: roles, siren: siren)
    }

    /// A hub operator's token.
    func operatorToken() async throws -> String {
        try await self.bed.token(subject: "ops", roles: ["operator"])
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
