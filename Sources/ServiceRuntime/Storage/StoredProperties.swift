import Foundation
public import Messaging

/// AMQP basic properties as JSON, for the `parked_messages.properties` column: every header keeps its
/// AMQP type, so a replayed message carries exactly the headers it was parked with.
///
/// A string header is a JSON string; any other kind is `{"type": kind, "value": …}` (bytes in base64,
/// tables as objects, arrays as arrays).
public struct StoredProperties: Codable, Sendable, Hashable {
    /// The properties.
    public var properties: AMQPProperties

    /// Wraps properties.
    public init(_ properties: AMQPProperties) {
        self.properties = properties
    }

    /// Encodes properties as JSON text.
    public static func json(_ properties: AMQPProperties) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding our own value types cannot fail.
        let data = (try? encoder.encode(StoredProperties(properties))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes properties from JSON text.
    ///
    /// - Throws: `DecodingError` naming the path of a malformed entry.
    public static func properties(fromJSON text: String) throws -> AMQPProperties {
        try JSONDecoder().decode(StoredProperties.self, from: Data(text.utf8)).properties
    }

    private enum CodingKeys: String, CodingKey {
        case contentType, contentEncoding, headers, deliveryMode, priority, correlationID, replyTo, expiration
        case messageID, timestamp, type, userID, appID, clusterID
    }

    /// Decodes the JSON form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var p = AMQPProperties()
        p.contentType = try c.decodeIfPresent(String.self, forKey: .contentType)
        p.contentEncoding = try c.decodeIfPresent(String.self, forKey: .contentEncoding)
        let headers = try c.decodeIfPresent([String: StoredFieldValue].self, forKey: .headers) ?? [:]
        p.headers = AMQPTable(headers.sorted { $0.key < $1.key }.map { AMQPTable.Entry(key: $0.key, value: $0.value.value) })
        if let mode = try c.decodeIfPresent(UInt8.self, forKey: .deliveryMode) {
            p.deliveryMode = AMQPProperties.DeliveryMode(rawValue: mode)
        }
        p.priority = try c.decodeIfPresent(UInt8.self, forKey: .priority)
        p.correlationID = try c.decodeIfPresent(String.self, forKey: .correlationID)
        p.replyTo = try c.decodeIfPresent(String.self, forKey: .replyTo)
        p.expiration = try c.decodeIfPresent(String.self, forKey: .expiration)
        p.messageID = try c.decodeIfPresent(String.self, forKey: .messageID)
        if let seconds = try c.decodeIfPresent(Double.self, forKey: .timestamp) {
            p.timestamp = Date(timeIntervalSince1970: seconds)
        }
        p.type = try c.decodeIfPresent(String.self, forKey: .type)
        p.userID = try c.decodeIfPresent(String.self, forKey: .userID)
        p.appID = try c.decodeIfPresent(String.self, forKey: .appID)
        p.clusterID = try c.decodeIfPresent(String.self, forKey: .clusterID)
        self.properties = p
    }

    /// Encodes the JSON form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let p = self.properties
        try c.encodeIfPresent(p.contentType, forKey: .contentType)
        try c.encodeIfPresent(p.contentEncoding, forKey: .contentEncoding)
        var headers: [String: StoredFieldValue] = [:]
        for entry in p.headers {
            headers[entry.key] = StoredFieldValue(entry.value)
        }
        try c.encode(headers, forKey: .headers)
        try c.encodeIfPresent(p.deliveryMode?.rawValue, forKey: .deliveryMode)
        try c.encodeIfPresent(p.priority, forKey: .priority)
        try c.encodeIfPresent(p.correlationID, forKey: .correlationID)
        try c.encodeIfPresent(p.replyTo, forKey: .replyTo)
        try c.encodeIfPresent(p.expiration, forKey: .expiration)
        try c.encodeIfPresent(p.messageID, forKey: .messageID)
        try c.encodeIfPresent(p.timestamp.map { $0.timeIntervalSince1970.rounded(.down) }, forKey: .timestamp)
        try c.encodeIfPresent(p.type, forKey: .type)
        try c.encodeIfPresent(p.userID, forKey: .userID)
        try c.encodeIfPresent(p.appID, forKey: .appID)
        try c.encodeIfPresent(p.clusterID, forKey: .clusterID)
    }
}
