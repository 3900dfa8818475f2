import Foundation
import Logging
import Mailer
import NotificationsService
import ServiceRuntime

// `passerelle-notifications`: runs the notifications service until SIGTERM or SIGINT. Configuration from the
// environment: ServiceConfiguration.environment(service: "notifications") (broker, PostgreSQL, HTTP port),
// NotificationsSettings.environment() (PASSERELLE_MAIL_FROM, PASSERELLE_NOTIFICATIONS_PUBLIC_URL, retry
// schedule, poll interval, digest hour), PASSERELLE_SMTP_URL for the mail server, the contracts in
// $PASSERELLE_CONTRACTS (default `contracts`) and the topology settings in $PASSERELLE_TOPOLOGY.

/// Stands in for the SMTP transport until `SMTPMailer` is in this branch: every send fails as a connection
/// error, so notices stay queued and are retried rather than lost.
struct MissingSMTPTransport: MailTransport {
    func send(_ message: MailMessage) async throws -> MailReceipt {
        throw MailError(.connection, "no SMTP transport in this build")
    }
}

/// The mail transport of the service.
func makeMailTransport(smtpURL: String?, logger: Logger) throws -> any MailTransport {
    // LEAD: replace the next line with the SMTP transport, e.g. `try SMTPMailer(url: smtpURL, logger: logger)`.
    MissingSMTPTransport()
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["PASSERELLE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "passerelle.notifications")
let environment = ProcessInfo.processInfo.environment
do {
    var configuration = try ServiceConfiguration.environment(service: NotificationsService.name)
    configuration.shutdownTimeout = .seconds(20)
    let settings = try NotificationsSettings.environment()
    let transport = try makeMailTransport(smtpURL: environment["PASSERELLE_SMTP_URL"], logger: logger)
    let definition = NotificationsService.definition(settings: settings, transport: transport, logger: logger)
    let host = try ServiceHost.load(
        definition: definition, configuration: configuration,
        contracts: URL(fileURLWithPath: environment["PASSERELLE_CONTRACTS"] ?? "contracts"),
        settings: environment["PASSERELLE_TOPOLOGY"].map { URL(fileURLWithPath: $0) }, logger: logger)
    try await host.run()
    exit(0)
} catch {
    logger.critical("notifications failed: \(error)")
    exit(1)
}
