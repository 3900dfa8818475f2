/// The part of `GET /api/overview` the CLI reads.
public struct ManagementOverview: Decodable, Sendable, Hashable {
    /// The broker version, for example `3.10.8`.
    public var rabbitmqVersion: String
    /// The management plugin version; equal to the broker's since 3.7.
    public var managementVersion: String?
    /// The Erlang/OTP version the node runs, for example `25.2.3`.
    public var erlangVersion: String?
    /// The cluster name, for example `passerelle@localhost`.
    public var clusterName: String?
    /// The node that answered, for example `passerelle@localhost`.
    public var node: String?

    /// Creates an overview (tests; the client decodes it).
    public init(
        rabbitmqVersion: String, managementVersion: String? = nil, erlangVersion: String? = nil,
        clusterName: String? = nil, node: String? = nil
    ) {
        self.rabbitmqVersion = rabbitmqVersion
        self.managementVersion = managementVersion
        self.erlangVersion = erlangVersion
        self.clusterName = clusterName
        self.node = node
    }

    enum CodingKeys: String, CodingKey {
        case rabbitmqVersion = "rabbitmq_version"
        case managementVersion = "management_version"
        case erlangVersion = "erlang_version"
        case clusterName = "cluster_name"
        case node
    }
}
