import Foundation

/// How the hub reaches one partner's broker, from `bridges.<partner>` in `topology/passerelle.yaml`.
///
/// The queues follow from the partner's name: the bridge reads `bridge.<partner>.outbound` on the hub and
/// `bridge.<partner>.inbound` on the partner's vhost, and parks what fails validation in
/// `bridge.<partner>.quarantine` on the hub. Which messages go which way comes from the partner's contract.
public struct PartnerBridgeSettings: Sendable, Hashable, Codable {
    /// The CloudEvents header convention the partner speaks.
    public enum HeaderBinding: String, Sendable, Hashable, Codable, CaseIterable {
        /// The AMQP binding: `cloudEvents_id`, `cloudEvents_type`… (what the hub writes).
        case amqp
        /// The CloudEvents SDKs' RabbitMQ binding (knative eventing-rabbitmq): `ce-id`, `ce-type`…
        case ce
    }

    /// TLS to the partner's broker.
    public struct TLS: Sendable, Hashable, Codable {
        /// The CA bundle that signs the partner's certificate; relative paths start at `$PASSERELLE_HOME`.
        public var ca: String?
        /// The name the partner's certificate must carry, when it differs from the URL's host.
        public var serverName: String?
        /// Whether the certificate must match the host name. On unless a test turns it off.
        public var verifyHostname: Bool?

        public init(ca: String? = nil, serverName: String? = nil, verifyHostname: Bool? = nil) {
            self.ca = ca
            self.serverName = serverName
            self.verifyHostname = verifyHostname
        }
    }

    /// The partner's broker and vhost, without credentials: `amqps://host:port/vhost`.
    /// `PASSERELLE_BRIDGE_<PARTNER>_URL` overrides it.
    public var url: String
    /// The hub's account on the partner's broker. Default `hub-<partner>`.
    public var user: String?
    /// The secret holding that account's password (`$PASSERELLE_HOME/secrets/<secret>` or
    /// `PASSERELLE_SECRET_<SECRET>`). Default: the user name.
    public var secret: String?
    /// TLS settings (used with `amqps://`).
    public var tls: TLS?
    /// The CloudEvents header convention on the partner's side. Default `amqp`.
    public var cloudEvents: HeaderBinding?
    /// Unconfirmed messages per direction. Default 1000.
    public var prefetch: Int?

    public init(
        url: String, user: String? = nil, secret: String? = nil, tls: TLS? = nil, cloudEvents: HeaderBinding? = nil,
        prefetch: Int? = nil
    ) {
        self.url = url
        self.user = user
        self.secret = secret
        self.tls = tls
        self.cloudEvents = cloudEvents
        self.prefetch = prefetch
    }

    /// The hub's account on the partner's broker.
    public func userName(partner: String) -> String { self.user ?? "hub-\(partner)" }

    /// The secret of that account.
    public func secretName(partner: String) -> String { self.secret ?? self.userName(partner: partner) }

    /// `bridge.<partner>.outbound`: on the hub, what the hub addresses to the partner.
    public static func outboundQueue(_ partner: String) -> String { "bridge.\(partner).outbound" }
    /// `bridge.<partner>.inbound`: on the partner's vhost, what the partner publishes for the hub.
    public static func inboundQueue(_ partner: String) -> String { "bridge.\(partner).inbound" }
    /// `bridge.<partner>.quarantine`: on the hub, the exchange and queue of messages that failed validation.
    public static func quarantine(_ partner: String) -> String { "bridge.\(partner).quarantine" }
}
