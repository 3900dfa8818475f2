import Foundation

/// How a ``CloudEvent`` travels in an AMQP 0-9-1 message (binary content mode).
///
/// | Attribute | AMQP property | Header |
/// |---|---|---|
/// | `id` | `message_id` | `cloudEvents_id` |
/// | `source` | `app_id` (the last path segment for `/passerelle/<service>`) | `cloudEvents_source` |
/// | `type` | `type` | `cloudEvents_type` |
/// | `time` | `timestamp` (whole seconds) | `cloudEvents_time` (RFC 3339, UTC, milliseconds) |
/// | `datacontenttype` | `content_type` | `cloudEvents_datacontenttype` |
/// | `specversion`, `subject`, `dataschema`, extensions | — | `cloudEvents_<name>` |
/// | `correlationid` | `correlation_id` | `cloudEvents_correlationid` |
/// | `traceparent`, `tracestate` | — | `traceparent`, `tracestate` (unprefixed, as W3C propagators expect) |
///
/// The prefix `cloudEvents_` is the one RabbitMQ maps to AMQP 1.0 application properties for the AMQP
/// binding; it is the default. ``CloudEventsHeaderBinding/ce`` writes the `ce-` headers of the CloudEvents
/// SDKs' RabbitMQ binding instead. On receipt every prefix of ``acceptedPrefixes`` is read (`cloudEvents_`,
/// the older separator `cloudEvents:`, `ce_` and `ce-`), so a consumer accepts either binding; headers win
/// over properties when both are present, and the unprefixed `traceparent` and `tracestate` win over
/// prefixed copies.
public enum CloudEventAMQPMapping {
    /// The header prefix Passerelle writes by default (``CloudEventsHeaderBinding/amqp``).
    public static let headerPrefix = CloudEventsHeaderBinding.amqp.prefix
    /// Prefixes accepted on receipt.
    public static let acceptedPrefixes = ["cloudEvents_", "cloudEvents:", "ce_", "ce-"]
    /// Attributes written without a prefix.
    static let unprefixed: Set<String> = ["traceparent", "tracestate"]

    /// The AMQP properties (persistent) and headers for an event.
    ///
    /// - Parameters:
    ///   - event: The event.
    ///   - binding: The header names to write the attributes with; ``CloudEventsHeaderBinding/amqp``
    ///     (`cloudEvents_<name>`) by default.
    ///   - headers: Further application headers to carry (CloudEvents headers win on a clash).
    /// - Returns: The properties to publish with; the body is `event.data`.
    public static func properties(
        for event: CloudEvent, binding: CloudEventsHeaderBinding = .amqp, headers: AMQPTable = [:]
    ) -> AMQPProperties {
        var table = headers
        func put(_ name: String, _ value: String?) {
            guard let value else { return }
            if Self.unprefixed.contains(name) {
                table[name] = .string(value)
                guard binding.prefixesTraceContext else { return }
            }
            table[binding.prefix + name] = .string(value)
        }
        put("id", event.id)
        put("source", event.source)
        put("specversion", event.specversion)
        put("type", event.type)
        put("datacontenttype", event.datacontenttype)
        put("dataschema", event.dataschema)
        put("subject", event.subject)
        put("time", event.time.map(Self.formatTime))
        for (name, value) in event.extensions.sorted(by: { $0.key < $1.key }) {
            put(name, value)
        }
        var properties = AMQPProperties(
            contentType: event.datacontenttype, deliveryMode: .persistent, messageID: event.id, type: event.type,
            headers: table)
        properties.appID = Self.appID(forSource: event.source)
        properties.timestamp = event.time
        properties.correlationID = event.correlationID
        return properties
    }

    /// Reads the event from a delivery's properties, headers and body.
    ///
    /// - Parameters:
    ///   - properties: The delivery's properties (with headers).
    ///   - body: The delivery's body.
    /// - Returns: The event.
    /// - Throws: ``CloudEventError`` when a required attribute is missing or a value is malformed.
    public static func event(properties: AMQPProperties, body: [UInt8]) throws(CloudEventError) -> CloudEvent {
        var attributes: [String: String] = [:]
        var traceContext: [String: String] = [:]
        for entry in properties.headers {
            if Self.unprefixed.contains(entry.key), let value = entry.value.stringValue {
                traceContext[entry.key] = value
                continue
            }
            guard let name = Self.prefixedName(entry.key) else { continue }
            guard CloudEvent.isValidAttributeName(name) else {
                throw CloudEventError(attribute: name, message: "attribute names must be lower-case letters and digits")
            }
            guard let value = entry.value.stringValue else {
                throw CloudEventError(attribute: name, message: "header \(entry.key) must be a string")
            }
            attributes[name] = value
        }
        attributes.merge(traceContext) { _, unprefixed in unprefixed }
        func take(_ name: String) -> String? { attributes.removeValue(forKey: name) }
        guard let id = take("id") ?? properties.messageID, !id.isEmpty else {
            throw CloudEventError(attribute: "id", message: "is required (header cloudEvents_id or property message_id)")
        }
        guard let source = take("source") ?? properties.appID.map({ "/passerelle/\($0)" }), !source.isEmpty else {
            throw CloudEventError(attribute: "source", message: "is required (header cloudEvents_source or property app_id)")
        }
        guard let type = take("type") ?? properties.type, !type.isEmpty else {
            throw CloudEventError(attribute: "type", message: "is required (header cloudEvents_type or property type)")
        }
        let specversion = take("specversion") ?? CloudEvent.specVersion
        guard specversion == CloudEvent.specVersion else {
            throw CloudEventError(attribute: "specversion", message: "must be 1.0, got \(specversion)")
        }
        var time = properties.timestamp
        if let text = take("time") {
            guard let parsed = Self.parseTime(text) else {
                throw CloudEventError(attribute: "time", message: "must be an RFC 3339 timestamp, got \(text)")
            }
            time = parsed
        }
        var event = CloudEvent(
            id: id, source: source, type: type, data: body,
            datacontenttype: take("datacontenttype") ?? properties.contentType, time: time)
        event.specversion = specversion
        event.dataschema = take("dataschema")
        event.subject = take("subject")
        if let correlation = properties.correlationID, attributes["correlationid"] == nil {
            attributes["correlationid"] = correlation
        }
        event.extensions = attributes
        return event
    }

    /// The attribute name of a header under one of ``acceptedPrefixes`` (valid or not), or `nil`.
    static func prefixedName(_ key: String) -> String? {
        guard let prefix = Self.acceptedPrefixes.first(where: { key.hasPrefix($0) }) else { return nil }
        return String(key.dropFirst(prefix.count))
    }

    /// The `app_id` for a source: the service name for `/passerelle/<service>`, else the source itself.
    static func appID(forSource source: String) -> String {
        let prefix = "/passerelle/"
        if source.hasPrefix(prefix), !source.dropFirst(prefix.count).contains("/") {
            return String(source.dropFirst(prefix.count))
        }
        return source
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-29T08:15:30.250Z`.
    static func formatTime(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// Parses RFC 3339 with or without fractional seconds, with `Z` or an offset.
    static func parseTime(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            return date
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
