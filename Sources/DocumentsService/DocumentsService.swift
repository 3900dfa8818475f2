public import ServiceRuntime
import DeskContracts
import DocumentsContracts
import PrefectureContracts
import ProcurementContracts
import TreasuryContracts

/// The document-exchange service: the authorities' registry, acts to the prefecture (ACTES) and PES files to the
/// treasury (HELIOS) through the partner bridges, and their returns (docs/documents.md).
public enum DocumentsService {
    public static func definition(settings: DocumentsSettings) -> ServiceDefinition {
        let commands = CommandHandlers(settings: settings)
        let contracts = ContractActHandler(settings: settings)
        let prefecture = PrefectureReturns(settings: settings)
        let treasury = TreasuryReturns(settings: settings)
        let worker = DocumentsWorker(settings: settings)

        var handlers = ServiceHandlers()
        handlers.on(ActSubmit.self) { command, context in try await commands.submitAct(command, context) }
        handlers.on(DocumentsContracts.ActCancel.self) { command, context in try await commands.cancelAct(command, context) }
        handlers.on(PesSubmit.self) { command, context in try await commands.submitPes(command, context) }
        handlers.on(ContractSigned.self) { event, context in try await contracts.signed(event, context) }
        let aids = AidActHandler(settings: settings)
        handlers.on(AidDecided.self) { event, context in try await aids.decided(event, context) }
        handlers.on(PrefectureContracts.ActAcknowledged.self) { answer, context in try await prefecture.acknowledged(answer, context) }
        handlers.on(ActAnomalyReported.self) { answer, context in try await prefecture.anomaly(answer, context) }
        handlers.on(ActCancellationAcknowledged.self) { answer, context in
            try await prefecture.cancellationAcknowledged(answer, context)
        }
        let classification = ClassificationExchange(settings: settings)
        handlers.on(ClassificationReturned.self) { answer, context in try await classification.returned(answer, context) }
        let answers = LetterAnswers(settings: settings)
        handlers.on(LetterAnswerAcknowledged.self) { answer, context in try await answers.acknowledged(answer, context) }
        handlers.on(LetterSent.self) { letter, context in try await prefecture.letter(letter, context) }
        handlers.on(PesAcquitted.self) { answer, context in try await treasury.acquitted(answer, context) }
        handlers.on(TreasuryContracts.PesRefused.self) { answer, context in try await treasury.refused(answer, context) }
        handlers.on(PesReturn.self) { answer, context in try await treasury.returned(answer, context) }

        return ServiceDefinition(
            name: "documents", migrations: DocumentsSchema.migrations, handlers: handlers,
            routes: { routes, host in
                AuthorityRoutes.add(to: routes, host: host, settings: settings)
                FileRoutes.add(to: routes, settings: settings)
                ActRoutes.add(to: routes, host: host, settings: settings)
                PesRoutes.add(to: routes, host: host, settings: settings)
                OperatorRoutes.add(to: routes, host: host, settings: settings)
            },
            workers: [.init("documents transmissions") { host in try await worker.run(host: host) }])
    }
}
