public import ServiceRuntime
import DeskContracts
import DeskDomain
import DocumentsContracts
import Foundation

/// The "J'entreprends" support desk: intake with e-mail confirmation, the company from Sirene, routing to the
/// catalogue's experts with the decision explained, the experts' follow-up with durable reminders, aid applications
/// and their decisions, deliberations sent to the prefecture through document exchange (docs/desk.md).
public enum DeskService {
    /// Loads the catalogue (refusing to start on a catalogue with errors, each named) and builds the service.
    public static func definition(settings: DeskSettings) throws -> ServiceDefinition {
        let catalogue = try DeskCatalogue.load(settings.catalogueDirectory)
        let funders = try Funders.load(directory: settings.catalogueDirectory)
        let commands = CommandHandlers(settings: settings, catalogue: catalogue, funders: funders)
        let returns = ActReturns(settings: settings)
        let worker = DeskWorker(settings: settings, catalogue: catalogue)

        var handlers = ServiceHandlers()
        handlers.on(ApplicationSubmit.self) { command, context in try await commands.submit(command, context) }
        handlers.on(MatchUpdate.self) { command, context in try await commands.updateMatch(command, context) }
        handlers.on(ApplicationRequestCorrection.self) { command, context in try await commands.requestCorrection(command, context) }
        handlers.on(AidDecide.self) { command, context in try await commands.decide(command, context) }
        handlers.on(ActAcknowledged.self) { event, context in try await returns.acknowledged(event, context) }
        handlers.on(ActRejected.self) { event, context in try await returns.rejected(event, context) }
        handlers.on(ActCancelled.self) { event, context in try await returns.cancelled(event, context) }

        return ServiceDefinition(
            name: "desk", migrations: DeskSchema.migrations, handlers: handlers,
            routes: { routes, host in
                IntakeRoutes.add(to: routes, host: host, settings: settings, catalogue: catalogue)
                MatchRoutes.add(to: routes, host: host, settings: settings, catalogue: catalogue)
                DossierRoutes.add(to: routes, host: host, settings: settings, funders: funders)
                OperatorRoutes.add(to: routes, host: host, settings: settings, catalogue: catalogue)
            },
            workers: [.init("desk follow-up") { host in try await worker.run(host: host) }])
    }
}

/// The catalogue as the service uses it: loaded from its files and validated; warnings are tolerated, errors are not.
enum DeskCatalogue {
    static func load(_ directory: URL) throws -> Catalogue {
        let catalogue = try Catalogue.load(directory: directory)
        let errors = CatalogueValidator.validate(catalogue).errors
        guard errors.isEmpty else {
            throw CatalogueInvalid(issues: errors.map(\.description))
        }
        return catalogue
    }

    struct CatalogueInvalid: Error, CustomStringConvertible {
        var issues: [String]
        var description: String { "the desk catalogue has errors:\n" + self.issues.joined(separator: "\n") }
    }
}
