import Foundation
import Messaging

/// The CloudEvents attributes of an outbox row (everything but `data`, which is the `body` column), stored
/// as JSON in `outbox.attributes`.
struct OutboxAttributes: Codable, Sendable {
    var id: String
    var source: String
    var type: String
    var specversion: String
    var datacontenttype: String?
    var dataschema: String?
    var subject: String?
    /// Seconds since 1970 (microsecond precision).
    var time: Double?
    var extensions: [String: String]

    init(_ event: CloudEvent) {
        self.id = event.id
        self.source = event.source
        self.type = event.type
        self.specversion = event.specversion
        self.datacontenttype = event.datacontenttype
        self.dataschema = event.dataschema
        self.subject = event.subject
        self.time = event.time.map(\.timeIntervalSince1970)
        self.extensions = event.extensions
    }

    func event(data: [UInt8]) -> CloudEvent {
        var event = CloudEvent(id: self.id, source: self.source, type: self.type, data: data, time: nil)
        event.specversion = self.specversion
        event.datacontenttype = self.datacontenttype
        event.dataschema = self.dataschema
        event.subject = self.subject
        event.time = self.time.map { Date(timeIntervalSince1970: $0) }
        event.extensions = self.extensions
        return event
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> OutboxAttributes {
        try JSONDecoder().decode(OutboxAttributes.self, from: Data(text.utf8))
    }
}
