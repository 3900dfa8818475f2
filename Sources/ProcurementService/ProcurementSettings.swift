public import Foundation
public import ProcurementDomain

/// What the procurement service needs beyond the runtime's configuration.
public struct ProcurementSettings: Sendable {
    /// The master key that wraps each tender's data key. From configuration, never from git.
    public var masterKey: MasterKey
    /// Base URL of the service's listener as the public sees it (DCE links in events, letters).
    public var publicURL: String
    /// The legal and design figures (deadlines, thresholds, standstill…), in one place.
    public var rules: ProcurementRules
    /// Procurement's clock (tests move it forward).
    public var clock: ProcurementClock
    /// Directories `file:` claim checks may point into; `nil` allows any readable path.
    public var claimRoots: [String]?
    /// The largest bid upload accepted over HTTP, in bytes. Default 50 MiB.
    public var maxBidBytes: Int

    /// Creates settings.
    public init(
        masterKey: MasterKey, publicURL: String, rules: ProcurementRules = .default,
        clock: ProcurementClock = ProcurementClock(), claimRoots: [String]? = nil, maxBidBytes: Int = 50 << 20
    ) {
        self.masterKey = masterKey
        self.publicURL = publicURL
        self.rules = rules
        self.clock = clock
        self.claimRoots = claimRoots
        self.maxBidBytes = maxBidBytes
    }

    /// Reads the settings from the environment:
    ///
    /// - `PASSERELLE_PROCUREMENT_MASTER_KEY` (base64 of 32 bytes) or the file named by
    ///   `PASSERELLE_PROCUREMENT_MASTER_KEY_FILE` (default `$PASSERELLE_HOME/secrets/procurement-master.key`);
    /// - `PASSERELLE_PROCUREMENT_PUBLIC_URL` (default `http://127.0.0.1:<PASSERELLE_PROCUREMENT_HTTP_PORT>`);
    /// - `PASSERELLE_CLAIMS_DIR`: when set, claim checks must point into it.
    ///
    /// - Throws: ``SealingError`` when no usable master key is configured.
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ProcurementSettings
    {
        let key: MasterKey
        if let base64 = environment["PASSERELLE_PROCUREMENT_MASTER_KEY"], !base64.isEmpty {
            key = try MasterKey(base64: base64)
        } else {
            let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
            let path = environment["PASSERELLE_PROCUREMENT_MASTER_KEY_FILE"] ?? "\(home)/secrets/procurement-master.key"
            key = try MasterKey(contentsOfFile: path)
        }
        let port = environment["PASSERELLE_PROCUREMENT_HTTP_PORT"] ?? "8081"
        let url = environment["PASSERELLE_PROCUREMENT_PUBLIC_URL"] ?? "http://127.0.0.1:\(port)"
        let roots = environment["PASSERELLE_CLAIMS_DIR"].map { [$0] }
        return ProcurementSettings(masterKey: key, publicURL: url, claimRoots: roots)
    }
}
