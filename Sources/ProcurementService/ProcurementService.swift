public import ServiceRuntime
import CommonContracts
import ContractMessaging
import DocumentsContracts
import Hummingbird
import NotificationsContracts
import ProcurementContracts

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

        var handlers = ServiceHandlers()
        // A ServiceProblem thrown by a command's handler rolls its writes back and becomes
        // procurement.command.rejected.v1 plus an audit row; on any other message it parks the message.
        handlers.use(.refusals { problem, message, context in
            try await CommandRefusal.record(problem, message, settings: settings, context)
        })
        // The actor of a command comes from verified identities, never from its body alone.
        handlers.use(CommandIdentity.middleware())
        handlers.on(TenderPublish.self) { command, context in try await publish.handle(command, context.transaction) }
        handlers.on(TenderAmend.self) { command, context in try await amend.handle(command, context.transaction) }
        handlers.on(TenderCancel.self) { command, context in try await cancel.handle(command, context.transaction) }
        handlers.on(QuestionAsk.self) { command, context in try await questions.ask(command, context.transaction) }
        handlers.on(QuestionAnswer.self) { command, context in
            try await questions.answer(command, context.transaction)
        }
        handlers.on(BidSubmit.self) { command, context in try await intake.submit(command, context.transaction) }
        handlers.on(BidsOpen.self) { command, context in try await opening.handle(command, context.transaction) }
        handlers.on(AwardDecide.self) { command, context in try await awards.decide(command, context.transaction) }
        handlers.on(ContractSign.self) { command, context in try await contracts.sign(command, context.transaction) }
        handlers.on(TimerFired.self) { timer, context in try await timers.handle(timer, context.transaction) }
        handlers.on(NoticeSent.self) { receipt, context in try await awards.noticeSent(receipt, context.transaction) }
        handlers.on(NoticeBounced.self) { receipt, context in try await awards.noticeBounced(receipt, context.transaction) }
        handlers.on(ActAcknowledged.self) { event, context in try await contracts.acknowledged(event, context.transaction) }
        handlers.on(ActRejected.self) { event, context in try await contracts.rejected(event, context.transaction) }
        handlers.on(ActCancelled.self) { event, context in try await contracts.cancelled(event, context.transaction) }

        return ServiceDefinition(
            name: "procurement", migrations: ProcurementSchema.migrations, handlers: handlers,
            routes: { routes, host in
                DocumentRoutes.add(to: routes, host: host, settings: settings)
                BidRoutes.add(to: routes, host: host, intake: intake)
                TenderRoutes.add(to: routes, host: host, settings: settings)
                OCDSExport.add(to: routes, host: host, settings: settings)
            })
    }
}
