import Foundation
import ServiceRuntime
import Sirene

/// The service's settings (docs/desk.md).
public struct DeskSettings: Sendable {
    /// The catalogue's folder (`catalogue/desk`): themes, subjects, institutions, antennes, experts, funders.
    public var catalogueDirectory: URL
    /// Where SIRETs are looked up (INSEE's Sirene API, or the local stub).
    public var directory: any EstablishmentDirectory
    /// The public address of the desk's pages, for the links the mails carry.
    public var publicURL: String
    /// How long an anonymous applicant has to confirm the e-mail address.
    public var confirmationValidity: Duration
    /// Unconfirmed requests one e-mail address may have open at once (beyond: 429).
    public var pendingPerEmail: Int
    /// A request with the same SIRET (or e-mail without one) and subject within this delay is a duplicate.
    public var duplicateWindow: Duration
    /// How often the worker looks for due lookups and follow-ups when nothing wakes it.
    public var pollInterval: Duration
    /// Wait after an unreachable Sirene before the next try (a rate limit gives its own delay).
    public var lookupRetry: Duration
    /// The claims directories a deliberation's `file:` claim check must point into.
    public var claimRoots: [String]
    public var clock: DeskClock
    /// Wakes the worker when a request is ready for its lookup (the poll is the fallback).
    public let wake = WakeSignal()

    public init(
        catalogueDirectory: URL, directory: any EstablishmentDirectory, publicURL: String = "http://127.0.0.1:8084",
        confirmationValidity: Duration = .seconds(48 * 3600), pendingPerEmail: Int = 3, duplicateWindow: Duration = .seconds(24 * 3600),
        pollInterval: Duration = .seconds(1), lookupRetry: Duration = .seconds(60), claimRoots: [String] = [],
        clock: DeskClock = DeskClock()
    ) {
        self.catalogueDirectory = catalogueDirectory
        self.directory = directory
        self.publicURL = publicURL
        self.confirmationValidity = confirmationValidity
        self.pendingPerEmail = pendingPerEmail
        self.duplicateWindow = duplicateWindow
        self.pollInterval = pollInterval
        self.lookupRetry = lookupRetry
        self.claimRoots = claimRoots
        self.clock = clock
    }

    /// - `PASSERELLE_DESK_CATALOGUE` (default `catalogue/desk`);
    /// - `PASSERELLE_SIRENE_URL` and `PASSERELLE_SIRENE_TOKEN` (the API key; default: the local stub scripts/up starts,
    ///   `http://127.0.0.1:8095`, with the key in `$PASSERELLE_HOME/secrets/sirene.key`);
    /// - `PASSERELLE_DESK_PUBLIC_URL` (default `http://127.0.0.1:8084`);
    /// - `PASSERELLE_DESK_CLAIMS_DIRS`, `:`-separated (default `$PASSERELLE_HOME/claims`).
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DeskSettings {
        let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
        let catalogue = URL(fileURLWithPath: environment["PASSERELLE_DESK_CATALOGUE"] ?? "catalogue/desk")
        let base = environment["PASSERELLE_SIRENE_URL"] ?? "http://127.0.0.1:8095"
        let token =
            environment["PASSERELLE_SIRENE_TOKEN"]
            ?? (try? String(contentsOfFile: "\(home)/secrets/sirene.key", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? ""
        guard let baseURL = URL(string: base) else { throw SireneError(.invalidConfiguration, "PASSERELLE_SIRENE_URL is not a URL") }
        let client = SireneClient(configuration: try .init(baseURL: baseURL, apiKey: token))
        let roots = (environment["PASSERELLE_DESK_CLAIMS_DIRS"] ?? "\(home)/claims").split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).standardizedFileURL.path }
        return DeskSettings(
            catalogueDirectory: catalogue, directory: client,
            publicURL: environment["PASSERELLE_DESK_PUBLIC_URL"] ?? "http://127.0.0.1:8084", claimRoots: roots)
    }
}

/// The desk's clock; tests move it forward (the 7- and 14-day follow-ups, the confirmation expiry).
public typealias DeskClock = ServiceClock
