/// What the broker said about itself when the connection opened (`connection.start` server properties).
public struct AMQPServerInfo: Sendable, Hashable {
    /// The product name, e.g. `RabbitMQ`.
    public var product: String
    /// The version, e.g. `3.10.8`.
    public var version: String
    /// The platform, e.g. `Erlang/OTP 25.2.3`.
    public var platform: String
    /// The cluster name, when the broker sent one.
    public var clusterName: String?
    /// Every server property, including `capabilities`.
    public var properties: AMQPTable

    /// Reads the well-known keys from the server properties table.
    ///
    /// - Parameter properties: The `connection.start` server properties.
    public init(properties: AMQPTable) {
        self.properties = properties
        self.product = properties["product"]?.stringValue ?? "unknown"
        self.version = properties["version"]?.stringValue ?? "unknown"
        self.platform = properties["platform"]?.stringValue ?? "unknown"
        self.clusterName = properties["cluster_name"]?.stringValue
    }

    /// Whether the broker announced a capability (e.g. `publisher_confirms`) as `true`.
    ///
    /// - Parameter name: The capability name.
    /// - Returns: `true` when the capability is announced and set.
    public func hasCapability(_ name: String) -> Bool {
        self.properties["capabilities"]?.tableValue?[name] == .boolean(true)
    }
}
