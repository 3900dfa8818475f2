public import ServiceRuntime
import CommonContracts
import ContractMessaging
import DocumentsContracts
import Foundation
import Hummingbird
import Logging
import NotificationsContracts
import ProcurementContracts
import Storage

/// The procurement service: tenders, DCE downloads, questions, sealed bids, opening, award and contract.
public enum ProcurementService {
    /// The service definition for a `ServiceHost`.
    public static func definition(settings: ProcurementSettings) -> ServiceDefinition {
        let keys = TenderKeyCache(masterKey: settings.masterKey)
        let intake = BidIntake(settings: settings, keys: keys)
        let publish = PublishHandler(settings: settings, keys: keys)
        let amend = AmendHandler(settings: settings)
        let questions = QuestionHandlers(settings: settings)
        let cancel = CancelHandler(settings: settings)
        let timers = TimerHandler(settings: settings)
        let opening = OpeningHandler(settings: settings, keys: keys)
        let awards = AwardHandlers(settings: settings)
        let contracts = ContractHandlers(settings: settings)
        let commands = CommandGate(settings: settings)

        var handlers = ServiceHandlers()
        handlers.on(TenderPublish.self) { command, context in
            try await commands.run(command, id: command.tenderId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await publish.handle(command, $0)
            }
        }
        handlers.on(TenderAmend.self) { command, context in
            try await commands.run(command, id: command.amendmentId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await amend.handle(command, $0)
            }
        }
        handlers.on(TenderCancel.self) { command, context in
            try await commands.run(command, id: command.tenderId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await cancel.handle(command, $0)
            }
        }
        handlers.on(QuestionAsk.self) { command, context in
            try await commands.run(command, id: command.questionId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await questions.ask(command, $0)
            }
        }
        handlers.on(QuestionAnswer.self) { command, context in
            try await commands.run(command, id: command.questionId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await questions.answer(command, $0)
            }
        }
        handlers.on(BidSubmit.self) { command, context in
            try await commands.run(command, id: command.bidId, tender: command.tenderId, actor: command.requestedBy.userId, context) { transaction in
                let claim = command.sealedDeposit
                let content = try ClaimCheckReader(allowedRoots: settings.claimRoots).read(
                    uri: claim.uri, sha256: claim.sha256, sizeBytes: claim.sizeBytes, field: "sealedDeposit.uri")
                _ = try await intake.receive(
                    BidIntake.Deposit(
                        bidId: command.bidId, tenderId: command.tenderId, bidderSiret: command.bidderSiret, company: nil,
                        lotNumbers: command.lotNumbers, contactName: command.depositor.contactName,
                        email: command.depositor.email, uploadStartedAt: command.uploadStartedAt,
                        content: content),
                    in: transaction)
            }
        }
        handlers.on(BidsOpen.self) { command, context in
            try await commands.run(command, id: command.openingId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await opening.handle(command, $0)
            }
        }
        handlers.on(AwardDecide.self) { command, context in
            try await commands.run(command, id: command.awardId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await awards.decide(command, $0)
            }
        }
        handlers.on(ContractSign.self) { command, context in
            try await commands.run(command, id: command.contractId, tender: command.tenderId, actor: command.requestedBy.userId, context) {
                try await contracts.sign(command, $0)
            }
        }
        handlers.on(TimerFired.self) { timer, context in try await timers.handle(timer, context.transaction) }
        handlers.on(NoticeSent.self) { receipt, context in try await awards.noticeSent(receipt, context.transaction) }
        handlers.on(NoticeBounced.self) { receipt, context in try await awards.noticeBounced(receipt, context.transaction) }
        handlers.on(ActAcknowledged.self) { event, context in try await contracts.acknowledged(event, context.transaction) }
        handlers.on(ActRejected.self) { event, context in try await contracts.rejected(event, context.transaction) }
        handlers.on(ActCancelled.self) { event, context in try await contracts.cancelled(event, context.transaction) }

        return ServiceDefinition(
            name: "procurement", migrations: ProcurementSchema.migrations, handlers: handlers,
            routes: { router, host in
                DocumentRoutes.add(to: router, host: host, settings: settings)
                BidRoutes.add(to: router, host: host, intake: intake)
                TenderRoutes.add(to: router, host: host, settings: settings)
                OCDSExport.add(to: router, host: host, settings: settings)
            })
    }
}

/// Runs a command handler inside a savepoint: a business refusal rolls the command's writes back and
/// commits `procurement.command.rejected.v1` plus an audit row instead (the message is acknowledged, not
/// parked: the request was understood and refused). Other errors go to the runtime's retry ladder.
struct CommandGate: Sendable {
    let settings: ProcurementSettings

    func run<Command: ContractMessage>(
        _ command: Command, id: String, tender: String, actor: String, _ context: HandlerContext,
        _ body: (ServiceTransaction) async throws -> Void
    ) async throws {
        let transaction = context.transaction
        try await transaction.execute("SAVEPOINT procurement_command")
        do {
            try await body(transaction)
            try await transaction.execute("RELEASE SAVEPOINT procurement_command")
        } catch let refusal as ProcurementRefusal {
            try await transaction.execute("ROLLBACK TO SAVEPOINT procurement_command")
            let exists = UUID(uuidString: tender) != nil
                ? try await transaction.query("SELECT 1 FROM tenders WHERE tender_id = \(tender)::uuid").count == 1 : false
            try await Journal.audit(
                exists ? tender : nil, actor: actor, action: Command.messageType, outcome: "refused",
                detail: refusal.description, in: transaction)
            try await transaction.publish(
                CommandRejected(
                    commandType: Command.messageType, commandId: String(id.prefix(64)),
                    tenderId: UUID(uuidString: tender) != nil ? tender : nil,
                    rejectedAt: self.settings.clock.now(), code: Self.code(refusal.code),
                    rule: String(refusal.rule.prefix(200)), field: refusal.field, message: String(refusal.message.prefix(2000))),
                aggregate: tender)
            context.logger.notice("command refused", metadata: ["code": "\(refusal.code)", "rule": "\(refusal.rule)"])
        }
    }

    private static func code(_ code: String) -> String {
        let letters = code.filter { $0.isLetter && $0.isASCII }
        return letters.isEmpty ? "refused" : String(letters.prefix(64))
    }
}
