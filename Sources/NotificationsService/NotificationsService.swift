public import Logging
public import Mailer
import NotificationsContracts
import ProcurementContracts
public import ServiceRuntime

/// The notifications service (domain §6): tender alerts and digests, the recipient register and the
/// mandatory notices of procurement, e-mail delivery with retries and bounces, one-click unsubscribe.
///
/// ```swift
/// let settings = try NotificationsSettings.environment()
/// let definition = NotificationsService.definition(settings: settings, transport: SMTPMailer(…))
/// let host = try ServiceHost.load(definition: definition, configuration: .environment(service: "notifications"),
///                                 contracts: URL(fileURLWithPath: "contracts"), settings: nil, logger: logger)
/// try await host.run()
/// ```
public enum NotificationsService {
    /// The service name: its contracts' context, its schema, its broker user.
    public static let name = "notifications"

    /// The service: schema, handlers, HTTP routes, the delivery and digest workers.
    ///
    /// - Parameters:
    ///   - settings: Sender, public URL, retry schedule, worker pace.
    ///   - transport: Sends the mail (the SMTP transport, or a fake in tests).
    ///   - logger: The workers' logger.
    public static func definition(
        settings: NotificationsSettings, transport: any MailTransport,
        logger: Logger = Logger(label: "passerelle.notifications")
    ) -> ServiceDefinition {
        let templates = ProcurementTemplates(time: FrenchTime(timeZone: settings.timeZone))
        let delivery = DeliveryWorker(settings: settings, transport: transport, logger: logger)
        let digests = DigestWorker(settings: settings, templates: templates, logger: logger)
        let signups = RateLimiter(settings: settings.subscriptionRateLimit)
        return ServiceDefinition(
            name: Self.name,
            migrations: NotificationsSchema.migrations,
            handlers: Self.handlers(templates: templates),
            routes: { routes, host in
                NotificationsRoutes(host: host, settings: settings, signups: signups).add(to: routes)
            },
            workers: [
                ServiceDefinition.Worker("delivery") { host in try await delivery.run(host: host) },
                ServiceDefinition.Worker("digests") { host in try await digests.run(host: host) },
            ])
    }

    static func handlers(templates: ProcurementTemplates) -> ServiceHandlers {
        let alerts = AlertHandlers(templates: templates)
        let register = RegisterHandlers(templates: templates)
        let mandatory = MandatoryHandlers(templates: templates)
        let requests = RequestHandlers(templates: templates)
        var handlers = ServiceHandlers()
        handlers.on(TenderPublished.self, alerts.tenderPublished)
        handlers.on(TenderDocumentDownloaded.self, register.documentDownloaded)
        handlers.on(BidReceived.self, register.bidReceived)
        handlers.on(TenderAmended.self, mandatory.amended)
        handlers.on(QuestionAnswered.self, mandatory.answered)
        handlers.on(TenderDeadlineChanged.self, mandatory.deadlineChanged)
        handlers.on(TenderCancelled.self, mandatory.cancelled)
        handlers.on(AwardRejectionsIssued.self, mandatory.rejectionsIssued)
        handlers.on(AwardDecided.self, mandatory.awardDecided)
        handlers.on(ContractNotified.self, mandatory.contractNotified)
        handlers.on(NoticeRequest.self, requests.noticeRequested)
        // Events of contexts without templates yet: kept in `deferred_events` until their templates exist. The
        // desk and training ask for their notices with `notifications.notice.request.v1` instead.
        handlers.onEvery(receivedFrom: ["documents"], requests.deferred)
        return handlers
    }
}
