/// The part of one `GET /api/nodes` entry the CLI reads.
///
/// Two fields describe plugins: `enabled_plugins` lists the plugins named in the node's
/// enabled-plugins file (explicitly enabled, without their dependencies), and `applications` lists
/// every OTP application running on the node, which includes each started plugin and its
/// dependencies. ``runningPlugins`` uses the second when it is present.
///
/// > Note: Both fields come from the node's statistics, which the management agent first emits a few
/// > seconds after the node starts. Until then an entry holds only `name`, `type`, `running`,
/// > `cluster_links` and `metrics_gc_queue_length`, and ``runningPlugins`` is `nil`.
public struct ManagementNode: Decodable, Sendable, Hashable {
    /// One running OTP application (`applications[]`).
    public struct Application: Decodable, Sendable, Hashable {
        /// The application name, for example `rabbitmq_management`.
        public var name: String
        /// Its version, for example `3.10.8`.
        public var version: String?

        /// Creates an entry (tests; the client decodes it).
        public init(name: String, version: String?) {
            self.name = name
            self.version = version
        }
    }

    /// The node name, for example `passerelle@localhost`.
    public var name: String
    /// Whether the node is running. Stopped cluster members are listed with `false`.
    public var running: Bool
    /// The `enabled_plugins` field: plugins explicitly enabled on the node.
    public var enabledPlugins: [String]?
    /// The `applications` field: OTP applications running on the node.
    public var applications: [Application]?

    /// Creates an entry (tests; the client decodes it).
    public init(name: String, running: Bool, enabledPlugins: [String]?, applications: [Application]?) {
        self.name = name
        self.running = running
        self.enabledPlugins = enabledPlugins
        self.applications = applications
    }

    /// The names of the `rabbitmq_*` plugins running on the node: from `applications` when present,
    /// otherwise from `enabled_plugins`; `nil` when the node has not reported its statistics yet.
    public var runningPlugins: Set<String>? {
        if let applications = self.applications {
            return Set(applications.map(\.name).filter { $0.hasPrefix("rabbitmq_") })
        }
        return self.enabledPlugins.map(Set.init)
    }

    enum CodingKeys: String, CodingKey {
        case name
        case running
        case enabledPlugins = "enabled_plugins"
        case applications
    }
}
