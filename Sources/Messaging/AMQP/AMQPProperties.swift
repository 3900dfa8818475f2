import Foundation

/// The AMQP 0-9-1 basic properties of a message (the content header).
///
/// Every property is optional; an unset property is not sent. `headers` is always present, and an
/// empty table is not sent either.
public struct AMQPProperties: Sendable, Hashable {
    /// Whether the broker writes the message to disk.
    public enum DeliveryMode: UInt8, Sendable, Hashable {
        /// Kept in memory only (delivery mode 1).
        case transient = 1
        /// Written to disk, and replicated on a quorum queue (delivery mode 2).
        case persistent = 2
    }

    /// MIME type of the body, e.g. `application/json`.
    public var contentType: String?
    /// Encoding of the body, e.g. `gzip`.
    public var contentEncoding: String?
    /// Application headers.
    public var headers: AMQPTable
    /// Persistence of the message. Passerelle publishes everything persistent.
    public var deliveryMode: DeliveryMode?
    /// Priority, 0 to 9, for priority queues.
    public var priority: UInt8?
    /// The conversation this message belongs to.
    public var correlationID: String?
    /// Where a reply goes (a queue name).
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (the AMQP rule).
    public var expiration: String?
    /// The message's unique id. The publisher fills it with a random UUID when it is unset, because
    /// publisher confirms correlate `basic.return` frames by this id.
    public var messageID: String?
    /// Creation time, in whole seconds.
    public var timestamp: Date?
    /// The message type, e.g. `procurement.tender.published.v1`.
    public var type: String?
    /// The authenticated broker user; the broker refuses a value that differs from the connection's user.
    public var userID: String?
    /// The sending application, e.g. `passerelle-procurement`.
    public var appID: String?
    /// Deprecated by AMQP 0-9-1, kept for completeness.
    public var clusterID: String?

    /// Creates properties.
    ///
    /// - Parameters:
    ///   - contentType: MIME type of the body.
    ///   - deliveryMode: Persistence; `.persistent` by default.
    ///   - messageID: The message id; generated at publish time when `nil`.
    ///   - type: The message type.
    ///   - headers: Application headers.
    public init(
        contentType: String? = nil,
        deliveryMode: DeliveryMode? = .persistent,
        messageID: String? = nil,
        type: String? = nil,
        headers: AMQPTable = [:]
    ) {
        self.contentType = contentType
        self.deliveryMode = deliveryMode
        self.messageID = messageID
        self.type = type
        self.headers = headers
    }
}
