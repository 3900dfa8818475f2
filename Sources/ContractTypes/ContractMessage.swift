/// A message type bound to its contract: a `Codable` payload and the message type it is published as.
///
/// `passerelle contracts codegen` writes one conforming struct per message of `contracts/` (the
/// `<Context>Contracts` modules); the payload is the CloudEvents `data`, the envelope (id, source,
/// time, correlation…) travels beside it. Encode and decode payloads with ``ContractCoding`` so dates
/// keep their RFC 3339 form.
public protocol ContractMessage: Codable, Sendable {
    /// The contract message type, e.g. `procurement.tender.published.v1`; also the routing key.
    static var messageType: String { get }
    /// The major version, the `N` of the type's `.vN` suffix.
    static var messageVersion: Int { get }
}

extension ContractMessage {
    /// Read from the type's `.vN` suffix; 1 when it has none.
    public static var messageVersion: Int {
        guard let suffix = Self.messageType.split(separator: ".").last, suffix.first == "v",
            let major = Int(suffix.dropFirst())
        else { return 1 }
        return major
    }
}
