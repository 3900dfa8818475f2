public import Foundation
public import Mailer
public import ServiceRuntime

/// How the notifications service sends: the sender, the public URL of the unsubscribe links, the retry
/// schedule and the pace of its workers.
///
/// ```swift
/// let settings = try NotificationsSettings.environment()
/// let definition = NotificationsService.definition(settings: settings, transport: mailer)
/// ```
public struct NotificationsSettings: Sendable {
    /// The `From:` of every mail (`Passerelle <no-reply@passerelle.example>`).
    public var from: MailAddress
    /// The base of the unsubscribe links (`https://notifications.passerelle.example`); `nil` uses
    /// `http://127.0.0.1:<listener port>`.
    public var publicURL: String?
    /// The pauses before each retry of a soft bounce (domain §6.4): 1 min, 5 min, 30 min, 2 h, 12 h. A
    /// notice that still fails after the last retry is `failed`.
    public var retrySchedule: [Duration] = [.seconds(60), .seconds(300), .seconds(1800), .seconds(7200), .seconds(43_200)]
    /// The jitter applied to each pause, as a fraction (0.2 = ±20 %).
    public var retryJitter = 0.2
    /// How often the delivery worker looks for due notices when no NOTIFY woke it. Default 250 ms.
    public var pollInterval: Duration = .milliseconds(250)
    /// How many notices the delivery worker claims at once. Default 20.
    public var batchSize = 20
    /// A notice left `sending` for longer than this (a crash mid-send) is sent again. Default 5 minutes.
    public var sendingTimeout: Duration = .seconds(300)
    /// The digest hour of a subscription that does not choose one (Europe/Paris). Default 8.
    public var digestHour = 8
    /// How often the digest worker looks for digests to build. Default 1 minute.
    public var digestInterval: Duration = .seconds(60)
    /// The time zone of the times shown in mails and of the digest hour.
    public var timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600)!
    /// How long the link of a confirmation mail (double opt-in) is valid. Default 7 days.
    public var confirmationTTL: Duration = .seconds(7 * 86_400)
    /// The limit, per client address, of `POST /subscriptions` calls that send a confirmation mail (anonymous
    /// calls, or a token whose e-mail is not the subscription's): each one mails an address the caller has
    /// not proven, so the limit is much lower than the listener's own limit of anonymous calls. Default: 10
    /// at once, then one a minute.
    public var subscriptionRateLimit: RateLimiter.Settings = {
        var limit = RateLimiter.Settings()
        limit.burst = 10
        limit.perSecond = 1.0 / 60
        return limit
    }()
    /// At most this many confirmation mails to one address in 24 hours, whoever asks (so many clients
    /// together cannot flood one mailbox). Default 5.
    public var confirmationsPerAddressPerDay = 5

    /// Creates settings with the defaults.
    public init(from: MailAddress, publicURL: String? = nil) {
        self.from = from
        self.publicURL = publicURL
    }

    /// The domain of the `Message-ID`s: the sender's domain.
    public var messageIDDomain: String {
        self.from.address.split(separator: "@").last.map(String.init) ?? "passerelle.local"
    }

    /// Reads the settings from the environment:
    ///
    /// - `PASSERELLE_MAIL_FROM`: `Name <address>` or `address` (default `Passerelle <no-reply@passerelle.local>`);
    /// - `PASSERELLE_NOTIFICATIONS_PUBLIC_URL`: the base of the unsubscribe links;
    /// - `PASSERELLE_NOTIFICATIONS_RETRY_SCHEDULE`: pauses such as `1m,5m,30m,2h,12h`;
    /// - `PASSERELLE_NOTIFICATIONS_POLL_INTERVAL`, `PASSERELLE_NOTIFICATIONS_SENDING_TIMEOUT`: a duration
    ///   (`250ms`, `5s`, `5m`);
    /// - `PASSERELLE_NOTIFICATIONS_DIGEST_HOUR`: 0–23;
    /// - `PASSERELLE_NOTIFICATIONS_SIGNUP_BURST` (a whole number ≥ 1) and `PASSERELLE_NOTIFICATIONS_SIGNUP_INTERVAL`
    ///   (a duration): the per-client limit of subscription requests that send a confirmation mail;
    /// - `PASSERELLE_NOTIFICATIONS_CONFIRMATION_TTL`: how long a confirmation link is valid (`7d` is written `168h`).
    ///
    /// - Throws: ``ServiceProblem`` (code `invalidSetting`) naming the variable.
    public static func environment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> NotificationsSettings {
        let fromText = environment["PASSERELLE_MAIL_FROM"] ?? "Passerelle <no-reply@passerelle.local>"
        guard let from = Self.parseAddress(fromText) else {
            throw ServiceProblem(
                .invalid, code: "invalidSetting", field: "PASSERELLE_MAIL_FROM", rule: "Name <local@domain> or local@domain",
                "the sender address is not usable")
        }
        var settings = NotificationsSettings(from: from)
        if let url = environment["PASSERELLE_NOTIFICATIONS_PUBLIC_URL"] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ServiceProblem(
                    .invalid, code: "invalidSetting", field: "PASSERELLE_NOTIFICATIONS_PUBLIC_URL", rule: "http(s) URL", "not an HTTP URL")
            }
            settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let text = environment["PASSERELLE_NOTIFICATIONS_RETRY_SCHEDULE"] {
            let pauses = text.split(separator: ",").map { DurationText.parse(String($0)) }
            guard !pauses.isEmpty, pauses.allSatisfy({ $0 != nil }) else {
                throw ServiceProblem(
                    .invalid, code: "invalidSetting", field: "PASSERELLE_NOTIFICATIONS_RETRY_SCHEDULE", rule: "durations like 1m,5m,2h",
                    "unreadable retry schedule")
            }
            settings.retrySchedule = pauses.compactMap { $0 }
        }
        settings.pollInterval = try Self.duration(environment, "PASSERELLE_NOTIFICATIONS_POLL_INTERVAL") ?? settings.pollInterval
        settings.sendingTimeout =
            try Self.duration(environment, "PASSERELLE_NOTIFICATIONS_SENDING_TIMEOUT") ?? settings.sendingTimeout
        if let text = environment["PASSERELLE_NOTIFICATIONS_DIGEST_HOUR"] {
            guard let hour = Int(text), (0...23).contains(hour) else {
                throw ServiceProblem(
                    .invalid, code: "invalidSetting", field: "PASSERELLE_NOTIFICATIONS_DIGEST_HOUR", rule: "0–23", "not an hour")
            }
            settings.digestHour = hour
        }
        if let text = environment["PASSERELLE_NOTIFICATIONS_SIGNUP_BURST"] {
            guard let burst = Int(text), burst >= 1 else {
                throw ServiceProblem(
                    .invalid, code: "invalidSetting", field: "PASSERELLE_NOTIFICATIONS_SIGNUP_BURST", rule: "a whole number ≥ 1",
                    "not a burst size")
            }
            settings.subscriptionRateLimit.burst = Double(burst)
        }
        if let interval = try Self.duration(environment, "PASSERELLE_NOTIFICATIONS_SIGNUP_INTERVAL") {
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            guard seconds > 0 else {
                throw ServiceProblem(
                    .invalid, code: "invalidSetting", field: "PASSERELLE_NOTIFICATIONS_SIGNUP_INTERVAL", rule: "a duration > 0",
                    "the interval must be positive")
            }
            settings.subscriptionRateLimit.perSecond = 1 / seconds
        }
        settings.confirmationTTL =
            try Self.duration(environment, "PASSERELLE_NOTIFICATIONS_CONFIRMATION_TTL") ?? settings.confirmationTTL
        return settings
    }

    private static func duration(_ environment: [String: String], _ name: String) throws -> Duration? {
        guard let text = environment[name] else { return nil }
        guard let duration = DurationText.parse(text) else {
            throw ServiceProblem(.invalid, code: "invalidSetting", field: name, rule: "a duration like 250ms, 5s, 5m", "unreadable duration")
        }
        return duration
    }

    /// Parses `Name <local@domain>` or `local@domain`.
    static func parseAddress(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard EmailAddress.isPlausible(address) else { return nil }
            return MailAddress(address, name: name.isEmpty ? nil : name)
        }
        return EmailAddress.isPlausible(trimmed) ? MailAddress(trimmed) : nil
    }
}

/// Durations written as `250ms`, `5s`, `1m`, `2h`.
enum DurationText {
    static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, millis) in units where text.hasSuffix(suffix) {
            guard let value = Int64(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(value * millis)
        }
        return nil
    }
}
