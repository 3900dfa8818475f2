import Foundation

/// A CloudEvents 1.0 event: the context attributes plus the data (the message body).
///
/// Passerelle carries events in the CloudEvents AMQP binary mode: the data is the AMQP body, and the
/// attributes travel as AMQP basic properties and as headers with one documented prefix (see
/// ``CloudEventAMQPMapping``), so a consumer that knows CloudEvents but not Passerelle can read them.
public struct CloudEvent: Sendable, Hashable {
    /// The CloudEvents version this type implements.
    public static let specVersion = "1.0"

    /// Unique per `source` (Passerelle uses a UUID; it is also the inbox deduplication key). Required.
    public var id: String
    /// Who produced the event, a URI reference such as `/passerelle/procurement`. Required.
    public var source: String
    /// The event type, e.g. `procurement.tender.published.v1` (also the routing key). Required.
    public var type: String
    /// The CloudEvents version of the producer; `1.0`.
    public var specversion: String
    /// The media type of `data`, e.g. `application/json`.
    public var datacontenttype: String?
    /// The schema `data` adheres to: its `$id`, e.g.
    /// `https://contracts.passerelle.example/procurement/schemas/procurement.tender.published.v1.json`.
    public var dataschema: String?
    /// What the event is about within the source, e.g. a tender id.
    public var subject: String?
    /// When the occurrence happened.
    public var time: Date?
    /// Extension attributes (lower-case alphanumeric names), e.g. `correlationid`, `causationid`, `dataref`.
    public var extensions: [String: String]
    /// The event data: the AMQP body.
    public var data: [UInt8]

    /// Creates an event.
    ///
    /// - Parameters:
    ///   - id: The event id; a random UUID by default.
    ///   - source: The producer, e.g. `/passerelle/procurement`.
    ///   - type: The event type.
    ///   - data: The data.
    ///   - datacontenttype: The media type of the data; `application/json` by default.
    ///   - time: When it happened; now by default.
    public init(
        id: String = UUID().uuidString.lowercased(),
        source: String,
        type: String,
        data: [UInt8],
        datacontenttype: String? = "application/json",
        time: Date? = Date()
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.specversion = Self.specVersion
        self.datacontenttype = datacontenttype
        self.time = time
        self.extensions = [:]
        self.data = data
    }

    /// The conversation this event belongs to (extension `correlationid`).
    public var correlationID: String? {
        get { self.extensions["correlationid"] }
        set { self.extensions["correlationid"] = newValue }
    }

    /// The id of the message that caused this one (extension `causationid`).
    public var causationID: String? {
        get { self.extensions["causationid"] }
        set { self.extensions["causationid"] = newValue }
    }

    /// W3C trace context `traceparent` (extension of the CloudEvents distributed-tracing spec).
    public var traceparent: String? {
        get { self.extensions["traceparent"] }
        set { self.extensions["traceparent"] = newValue }
    }

    /// W3C trace context `tracestate`.
    public var tracestate: String? {
        get { self.extensions["tracestate"] }
        set { self.extensions["tracestate"] = newValue }
    }

    /// Whether a name is a valid extension attribute name: lower-case ASCII letters and digits, 1–20
    /// characters recommended (CloudEvents 1.0 §"Attribute Naming Convention"); longer names are allowed.
    public static func isValidAttributeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
