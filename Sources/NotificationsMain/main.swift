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

/// The mail transport of the service: SMTP over libcurl to `$PASSERELLE_SMTP_URL` (default the local sink,
/// `smtp://127.0.0.1:2525`).
func makeMailTransport(smtpURL: String?, logger: Logger) throws -> any MailTransport {
    try SMTPMailer(configuration: SMTPMailer.Configuration(url: smtpURL ?? "smtp://127.0.0.1:2525"), logger: logger)
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
