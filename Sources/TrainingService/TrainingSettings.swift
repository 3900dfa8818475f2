import Foundation
import ServiceRuntime
import TrainingDomain

/// The service's settings (docs/training.md).
public struct TrainingSettings: Sendable {
    /// The course catalogue (`catalogue/training/courses.yaml`).
    public var catalogueFile: URL
    /// The public address of the service, for the links the mails carry (certificates, approvals).
    public var publicURL: String
    /// Who the invitations come from (the iCalendar ORGANIZER).
    public var organiserName: String
    public var organiserEmail: String
    /// Days before the start the minimum-participants check runs.
    public var minimumCheckDays: Int
    /// A request an approver leaves unanswered this long is reminded once.
    public var approvalReminderAfter: TimeInterval
    /// How often the worker looks for due timers when nothing wakes it.
    public var pollInterval: Duration
    public var clock: ServiceClock
    public let wake = WakeSignal()

    public init(
        catalogueFile: URL, publicURL: String = "http://127.0.0.1:8085", organiserName: String = "Service formation de la plateforme",
        organiserEmail: String = "formation@passerelle.example", minimumCheckDays: Int = 7, approvalReminderAfter: TimeInterval = 3 * 86_400,
        pollInterval: Duration = .seconds(1), clock: ServiceClock = ServiceClock()
    ) {
        self.catalogueFile = catalogueFile
        self.publicURL = publicURL
        self.organiserName = organiserName
        self.organiserEmail = organiserEmail
        self.minimumCheckDays = minimumCheckDays
        self.approvalReminderAfter = approvalReminderAfter
        self.pollInterval = pollInterval
        self.clock = clock
    }

    /// - `PASSERELLE_TRAINING_CATALOGUE` (default `catalogue/training/courses.yaml`);
    /// - `PASSERELLE_TRAINING_PUBLIC_URL` (default `http://127.0.0.1:8085`);
    /// - `PASSERELLE_TRAINING_ORGANISER_EMAIL` (default `formation@passerelle.example`).
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> TrainingSettings {
        TrainingSettings(
            catalogueFile: URL(fileURLWithPath: environment["PASSERELLE_TRAINING_CATALOGUE"] ?? "catalogue/training/courses.yaml"),
            publicURL: environment["PASSERELLE_TRAINING_PUBLIC_URL"] ?? "http://127.0.0.1:8085",
            organiserEmail: environment["PASSERELLE_TRAINING_ORGANISER_EMAIL"] ?? "formation@passerelle.example")
    }
}
