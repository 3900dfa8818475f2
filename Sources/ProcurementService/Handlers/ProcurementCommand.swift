import ContractMessaging
import Foundation
import ProcurementContracts
import ServiceRuntime
import Storage

/// A command of the portal to procurement: what its refusal names (the command's id, the tender) and who
/// asked (for the audit).
protocol ProcurementCommand: ContractMessage {
    /// The command's idempotency key (tenderId, bidId, questionId…).
    var commandId: String { get }
    /// The tender concerned; not necessarily one that exists.
    var tenderId: String { get }
    /// Who asked: `requestedBy.userId`. The body's word only: ``CommandIdentity`` checks it against the
    /// verified actor before any handler runs.
    var actor: String { get }
    /// `requestedBy.siret`: the buyer's or the company's, as the command claims it.
    var requesterSiret: String? { get }
    /// Who may ask for it.
    static var party: CommandIdentity.Party { get }
}

extension ProcurementCommand {
    var requesterSiret: String? { nil }
}

extension TenderPublish: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.tenderId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

extension TenderAmend: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.amendmentId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

extension TenderCancel: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.tenderId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

extension QuestionAsk: ProcurementCommand {
    static var party: CommandIdentity.Party { .company }
    var commandId: String { self.questionId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret ?? self.asker.siret }
}

extension QuestionAnswer: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.questionId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

extension BidSubmit: ProcurementCommand {
    static var party: CommandIdentity.Party { .company }
    var commandId: String { self.bidId }
    var actor: String { self.requestedBy.userId }
    /// The bidder: a company deposits only its own bids.
    var requesterSiret: String? { self.bidderSiret }
}

extension BidsOpen: ProcurementCommand {
    static var party: CommandIdentity.Party { .opener }
    var commandId: String { self.openingId }
    var actor: String { self.requestedBy.userId }
}

extension AwardDecide: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.awardId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

extension ContractSign: ProcurementCommand {
    static var party: CommandIdentity.Party { .buyer }
    var commandId: String { self.contractId }
    var actor: String { self.requestedBy.userId }
    var requesterSiret: String? { self.requestedBy.siret }
}

/// What a refused command leaves, once the refusal middleware rolled its writes back: an audit row (on the
/// tender when it exists) and `procurement.command.rejected.v1`, committed with the message's inbox row
/// (the message is acknowledged, not parked: the request was understood and refused). A problem thrown by
/// any other handler is thrown again, and that message parks.
enum CommandRefusal {
    static func record(
        _ problem: ServiceProblem, _ message: any Sendable, settings: ProcurementSettings, _ context: HandlerContext
    ) async throws {
        guard let command = message as? any ProcurementCommand else { throw problem }
        let transaction = context.transaction
        let commandType = type(of: command).messageType
        let tender = command.tenderId
        let isUUID = UUID(uuidString: tender) != nil
        let exists =
            isUUID
            ? try await transaction.query("SELECT 1 FROM tenders WHERE tender_id = \(tender)::uuid").count == 1 : false
        try await Journal.audit(
            exists ? tender : nil, actor: CommandIdentity.auditName(command, context), action: commandType, outcome: "refused",
            detail: problem.description, in: transaction)
        try await transaction.publish(
            CommandRejected(
                commandType: commandType, commandId: String(command.commandId.prefix(64)),
                tenderId: isUUID ? tender : nil, rejectedAt: settings.clock.now(), code: Self.code(problem.code),
                rule: String((problem.rule ?? problem.kind.title).prefix(200)), field: problem.field,
                message: String(problem.detail.prefix(2000))),
            aggregate: tender)
    }

    /// The contract's `^[a-zA-Z]{1,64}$`.
    private static func code(_ code: String) -> String {
        let letters = code.filter { $0.isLetter && $0.isASCII }
        return letters.isEmpty ? "refused" : String(letters.prefix(64))
    }
}
