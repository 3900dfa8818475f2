import Foundation

/// The service's settings (docs/documents.md).
public struct DocumentsSettings: Sendable {
    /// Where the content-addressed store keeps files (`<store>/<first two hex>/<sha256>/<file name>`).
    public var storeDirectory: String
    /// The claims directories incoming `file:` claim checks must point into (other services' claims, the
    /// partners' returned files); the store is always one of them.
    public var claimRoots: [String]
    /// The prefecture's byte budget per transmission window (domain §3.7).
    public var windowBudgetBytes: Int
    public var windowLength: Duration
    /// Monitoring thresholds (domain §3.7, S²LOW's defaults): more than `stuckTransmittedCount` acts in
    /// "transmitted" for over `stuckTransmittedAge`, or more than `stuckErrorCount` in error for over `stuckErrorAge`.
    public var stuckTransmittedCount: Int
    public var stuckTransmittedAge: Duration
    public var stuckErrorCount: Int
    public var stuckErrorAge: Duration
    /// How often the worker looks for acts whose window opened and refreshes the stuck gauges.
    public var pollInterval: Duration
    /// A PEM file of the CAs whose certificates may sign acts (RGS-qualified CAs in production).
    public var signatureAnchors: String
    public var clock: DocumentsClock

    public init(
        storeDirectory: String, claimRoots: [String] = [], windowBudgetBytes: Int = 2_000_000_000,
        windowLength: Duration = .seconds(3600), stuckTransmittedCount: Int = 50, stuckTransmittedAge: Duration = .seconds(4 * 3600),
        stuckErrorCount: Int = 75, stuckErrorAge: Duration = .seconds(2 * 3600), pollInterval: Duration = .seconds(1),
        signatureAnchors: String = "", clock: DocumentsClock = DocumentsClock()
    ) {
        self.storeDirectory = storeDirectory
        self.claimRoots = claimRoots.contains(storeDirectory) ? claimRoots : claimRoots + [storeDirectory]
        self.windowBudgetBytes = windowBudgetBytes
        self.windowLength = windowLength
        self.stuckTransmittedCount = stuckTransmittedCount
        self.stuckTransmittedAge = stuckTransmittedAge
        self.stuckErrorCount = stuckErrorCount
        self.stuckErrorAge = stuckErrorAge
        self.pollInterval = pollInterval
        self.signatureAnchors = signatureAnchors
        self.clock = clock
    }

    /// - `PASSERELLE_DOCUMENTS_STORE` (default `$PASSERELLE_HOME/documents/store`, created 0700);
    /// - `PASSERELLE_DOCUMENTS_CLAIMS_DIRS`, `:`-separated (default `$PASSERELLE_HOME/claims` and
    ///   `$PASSERELLE_HOME/partners`, where the other services and the partners leave the files they refer to);
    /// - `PASSERELLE_DOCUMENTS_WINDOW_BYTES` (default 2,000,000,000 per hour) and `PASSERELLE_DOCUMENTS_WINDOW_SECONDS`;
    /// - `PASSERELLE_DOCUMENTS_SIGNATURE_CAS`: the PEM file of trusted signing CAs (default
    ///   `$PASSERELLE_HOME/documents/signature-cas.pem`; missing: every signed act is refused, saying so).
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DocumentsSettings {
        let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
        let store = environment["PASSERELLE_DOCUMENTS_STORE"] ?? "\(home)/documents/store"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let roots = (environment["PASSERELLE_DOCUMENTS_CLAIMS_DIRS"] ?? "\(home)/claims:\(home)/partners")
            .split(separator: ":").map(String.init)
        for root in roots { try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
        let absolute = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.path }
        return DocumentsSettings(
            storeDirectory: absolute(store), claimRoots: roots.map(absolute),
            windowBudgetBytes: environment["PASSERELLE_DOCUMENTS_WINDOW_BYTES"].flatMap { Int($0) } ?? 2_000_000_000,
            windowLength: .seconds(environment["PASSERELLE_DOCUMENTS_WINDOW_SECONDS"].flatMap { Int($0) } ?? 3600),
            signatureAnchors: environment["PASSERELLE_DOCUMENTS_SIGNATURE_CAS"] ?? absolute("\(home)/documents/signature-cas.pem"))
    }
}

/// The service's clock; tests move it.
public struct DocumentsClock: Sendable {
    private let source: @Sendable () -> Date

    public init(_ source: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
    }

    public func now() -> Date { self.source() }
}
