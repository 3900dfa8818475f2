public import ServiceRuntime
import DocumentsContracts
import Foundation
import ProcurementContracts
import TrainingContracts
import TrainingDomain

/// The training scheduler (domain §7): the course catalogue, sessions and their lifecycle, sign-ups with approvals and a
/// FIFO waitlist under the session's row lock, durable timers, attendance by half-day, certificates, and iCalendar
/// invitations mailed through notifications (docs/training.md).
public enum TrainingService {
    /// Loads the course catalogue (refusing to start on a problem, named) and builds the service.
    public static func definition(settings: TrainingSettings) throws -> ServiceDefinition {
        let catalogue = try CourseCatalogue.load(settings.catalogueFile)
        let commands = CommandHandlers(settings: settings, catalogue: catalogue)
        let suggestions = CourseSuggestions(settings: settings, catalogue: catalogue)
        let worker = TrainingWorker(settings: settings)

        var handlers = ServiceHandlers()
        handlers.on(SessionSchedule.self) { command, context in try await commands.schedule(command, context) }
        handlers.on(SessionUpdate.self) { command, context in try await commands.update(command, context) }
        handlers.on(SessionCancel.self) { command, context in try await commands.cancelSession(command, context) }
        handlers.on(SignupBook.self) { command, context in try await commands.book(command, context) }
        handlers.on(SignupCancel.self) { command, context in try await commands.cancelSignup(command, context) }
        handlers.on(SignupApprove.self) { command, context in try await commands.approve(command, context) }
        handlers.on(SignupDecline.self) { command, context in try await commands.decline(command, context) }
        handlers.on(AttendanceRecord.self) { command, context in try await commands.record(command, context) }
        handlers.on(TenderPublished.self) { event, context in try await suggestions.tenderPublished(event, context) }
        handlers.on(ActSubmitted.self) { event, context in try await suggestions.actSubmitted(event, context) }

        return ServiceDefinition(
            name: "training", migrations: TrainingSchema.migrations, handlers: handlers,
            routes: { routes, host in
                SessionRoutes.add(to: routes, host: host, settings: settings, catalogue: catalogue)
                SignupRoutes.add(to: routes, host: host, settings: settings)
                AttendanceRoutes.add(to: routes, host: host, settings: settings, catalogue: catalogue)
                SuggestionRoutes.add(to: routes, host: host, settings: settings)
                OperatorRoutes.add(to: routes, host: host, settings: settings)
            },
            workers: [.init("training timers") { host in try await worker.run(host: host) }])
    }
}
