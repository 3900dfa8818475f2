public import Foundation
public import Messaging

/// The runtime's headers of one message (``RuntimeHeaders``) and its CloudEvents id and type, read
/// defensively: the one place the runtime and `passerelle dlq` read them.
///
/// A sender controls every header, so each value here is either usable as it is or absent: the attempt
/// count is clamped (``RuntimeHeaders/attempt(in:limit:)``), an unknown park reason is `nil`, an original
/// exchange or routing key that could not be an AMQP name (over 255 bytes, or holding a NUL) is `nil`, a
/// parked id that is not a UUID is `nil`. Pure, total and cheap: a fuzzer may call it with anything.
public struct RuntimeHeaderValues: Sendable, Hashable {
    /// Broker delay levels gone through, in `0...RuntimeHeaders.maxAttempt`.
    public var attempt: Int
    /// `failed`, `invalid` or `delivery-limit`; `nil` when absent or anything else.
    public var reason: String?
    /// The last error recorded, as sent.
    public var error: String?
    /// Where the message was first published, when the header holds a usable exchange name.
    public var originalExchange: String?
    /// The routing key it was first published with, when the header holds a usable one.
    public var originalRoutingKey: String?
    /// The consumer queue it failed in, when usable as a queue name.
    public var consumerQueue: String?
    /// The `parked_messages.id` of a parked copy.
    public var parkedID: UUID?
    /// The CloudEvents id: a `cloudEvents_id` header (any accepted prefix) wins over the `message_id` property,
    /// as in ``CloudEventAMQPMapping``.
    public var messageID: String?
    /// The CloudEvents type, read the same way (header, else the `type` property).
    public var messageType: String?

    /// The longest AMQP short string (exchange, queue and routing-key names), in bytes.
    public static let maxNameBytes = 255

    /// Reads the values of a message's properties and headers.
    ///
    /// - Parameters:
    ///   - properties: The message's properties, headers included.
    ///   - maxAttempt: The highest attempt count kept (``RuntimeHeaders/maxAttempt`` by default).
    public init(_ properties: AMQPProperties, maxAttempt: Int = RuntimeHeaders.maxAttempt) {
        let headers = properties.headers
        self.attempt = RuntimeHeaders.attempt(in: headers, limit: maxAttempt)
        self.reason = RuntimeHeaders.reason(in: headers)
        self.error = headers[RuntimeHeaders.error]?.stringValue
        self.originalExchange = Self.name(headers[RuntimeHeaders.originalExchange])
        self.originalRoutingKey = Self.name(headers[RuntimeHeaders.originalRoutingKey])
        self.consumerQueue = Self.name(headers[RuntimeHeaders.consumerQueue])
        // Only the canonical form: Foundation also parses hyphens in the wrong places (`…-2a-b9f8…`, found by the
        // fuzzer), which would turn a malformed header into a different id.
        self.parkedID = headers[RuntimeHeaders.parkedID]?.stringValue.flatMap { text in
            guard text.utf8.count == 36, let id = UUID(uuidString: text), id.uuidString.lowercased() == text.lowercased()
            else { return nil }
            return id
        }
        self.messageID = Self.cloudEvent("id", in: headers) ?? properties.messageID
        self.messageType = Self.cloudEvent("type", in: headers) ?? properties.type
    }

    /// A CloudEvents attribute from the headers, under any prefix ``CloudEventAMQPMapping`` accepts.
    public static func cloudEvent(_ attribute: String, in headers: AMQPTable) -> String? {
        for prefix in CloudEventAMQPMapping.acceptedPrefixes {
            if let value = headers[prefix + attribute]?.stringValue {
                return value
            }
        }
        return nil
    }

    /// The text of a header value that names an AMQP resource (an exchange, a queue, a routing key): a string
    /// of at most 255 bytes without NUL, else `nil`.
    public static func name(_ value: AMQPFieldValue?) -> String? {
        guard let text = value?.stringValue, text.utf8.count <= Self.maxNameBytes, !text.utf8.contains(0) else {
            return nil
        }
        return text
    }
}
