/// A message type bound to its contract: a `Codable` payload and the message type it is published as.
///
/// ```swift
/// struct NoticeSent: ContractMessage {
///     static let messageType = "notifications.notice.sent.v1"
///     var noticeId: String
///     …
/// }
/// ```
///
/// The payload is the CloudEvents `data`; the envelope (id, source, time, correlation…) travels beside
/// it (see `CloudEventAMQPMapping`). Dates encode as RFC 3339 (`date-time`).
public protocol ContractMessage: Codable, Sendable {
    /// The contract message type, e.g. `procurement.tender.published.v1`; also the routing key.
    static var messageType: String { get }
}
