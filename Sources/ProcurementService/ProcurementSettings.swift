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
    /// The claims directories: a `file:` claim check must name a regular file inside one of them (compared
    /// by real path, symlinks and `..` resolved). Empty refuses every claim check; there is no "anywhere".
    public var claimRoots: [String]
    /// The largest bid upload accepted over HTTP, in bytes. Default 50 MiB.
    public var maxBidBytes: Int

    /// Creates settings.
    public init(
        masterKey: MasterKey, publicURL: String, rules: ProcurementRules = .default,
        clock: ProcurementClock = ProcurementClock(), claimRoots: [String] = [], maxBidBytes: Int = 50 << 20
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
    /// - `PASSERELLE_PROCUREMENT_CLAIMS_DIR`: the claims directory `file:` claim checks must point into
    ///   (several separated by `:`), default `$PASSERELLE_HOME/claims/procurement`; each one missing is
    ///   created with mode 0700.
    ///
    /// - Throws: ``SealingError`` when no usable master key is configured; a file-system error when a claims
    ///   directory cannot be created.
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> ProcurementSettings
    {
        let home = environment["PASSERELLE_HOME"] ?? ".passerelle"
        let key: MasterKey
        if let base64 = environment["PASSERELLE_PROCUREMENT_MASTER_KEY"], !base64.isEmpty {
            key = try MasterKey(base64: base64)
        } else {
            let path = environment["PASSERELLE_PROCUREMENT_MASTER_KEY_FILE"] ?? "\(home)/secrets/procurement-master.key"
            key = try MasterKey(contentsOfFile: path)
        }
        let port = environment["PASSERELLE_PROCUREMENT_HTTP_PORT"] ?? "8081"
        let url = environment["PASSERELLE_PROCUREMENT_PUBLIC_URL"] ?? "http://127.0.0.1:\(port)"
        let roots = Self.claimsDirectories(environment)
        for root in roots {
            try Self.createClaimsDirectory(root)
        }
        return ProcurementSettings(masterKey: key, publicURL: url, claimRoots: roots)
    }

    /// The claims directories the environment names: `PASSERELLE_PROCUREMENT_CLAIMS_DIR` (`:`-separated), or
    /// `$PASSERELLE_HOME/claims/procurement`.
    ///
    /// - Parameter environment: The process environment.
    /// - Returns: At least one directory path.
    public static func claimsDirectories(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        let listed = (environment["PASSERELLE_PROCUREMENT_CLAIMS_DIR"] ?? "")
            .split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        guard listed.isEmpty else { return listed }
        return ["\(environment["PASSERELLE_HOME"] ?? ".passerelle")/claims/procurement"]
    }

    /// Creates a claims directory (and its missing parents) with mode 0700 when it does not exist; an
    /// existing directory is left as it is.
    ///
    /// - Parameter path: The directory.
    /// - Throws: The file-system error when it cannot be created.
    public static func createClaimsDirectory(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
