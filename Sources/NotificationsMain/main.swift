import Mailer
import NotificationsService
import ServiceRuntime

// `passerelle-notifications`: NotificationsSettings.environment() gives the sender, public URL, retry schedule
// and digest hour; the mail goes by SMTP to $PASSERELLE_SMTP_URL (default the local sink on port 2525).
await ServiceMain.run("notifications", configure: { $0.shutdownTimeout = .seconds(20) }) { environment in
    let transport = try SMTPMailer(
        configuration: SMTPMailer.Configuration(url: environment.variables["PASSERELLE_SMTP_URL"] ?? "smtp://127.0.0.1:2525"),
        logger: environment.logger)
    return NotificationsService.definition(
        settings: try NotificationsSettings.environment(), transport: transport, logger: environment.logger)
}
