/// The headers a quarantined message carries beside its own, and the quarantine's names.
public enum QuarantineHeaders {
    public static let field = "x-passerelle-quarantine-field"
    public static let rule = "x-passerelle-quarantine-rule"
    public static let reason = "x-passerelle-quarantine-reason"
    public static let partner = "x-passerelle-quarantine-partner"
    public static let direction = "x-passerelle-quarantine-direction"
    /// Where the message was read from: the exchange and routing key it had been published with.
    public static let exchange = "x-passerelle-quarantine-exchange"
    public static let routingKey = "x-passerelle-quarantine-routing-key"
    public static let at = "x-passerelle-quarantine-at"
    /// The `user_id` the source broker had validated, kept since the quarantine is written by the bridge.
    public static let sourceUser = "x-passerelle-quarantine-source-user"
    /// Set by `passerelle bridge quarantine replay` on what it sends back.
    public static let replayedBy = "x-passerelle-replayed-by"

    /// `bridge.<partner>.quarantine`, the exchange and queue on the hub.
    public static func exchange(_ partner: String) -> String { "bridge.\(partner).quarantine" }
}
