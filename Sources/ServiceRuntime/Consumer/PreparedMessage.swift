import ContractMessaging
import Foundation
import Messaging

/// A delivery read and checked before any transaction: its envelope, its decoded payload and its handler.
struct PreparedMessage: Sendable {
    let delivery: InboundMessage
    let event: CloudEvent
    let message: any Sendable
    let entry: ServiceHandlers.Entry
    /// Broker delay levels already gone through (our header, read by ``RuntimeHeaders/attempt(in:limit:)``:
    /// 0 when absent or unusable, never above ``RuntimeHeaders/maxAttempt``).
    let attempt: Int

    /// What went wrong when a delivery cannot be handled at all (it goes to `.invalid`).
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The longest CloudEvents id accepted, in bytes (an AMQP `message_id` cannot be longer).
    static let maxIDBytes = 255

    /// Checks the body's size against its type's limit (before anything parses it), reads the envelope, finds
    /// the handler and validates and decodes the payload.
    static func prepare(
        _ delivery: InboundMessage, handlers: ServiceHandlers, catalog: MessageCatalog
    ) -> Result<PreparedMessage, Invalid> {
        if let tooLarge = Self.tooLarge(delivery, catalog: catalog) {
            return .failure(tooLarge)
        }
        let event: CloudEvent
        do {
            event = try CloudEventAMQPMapping.event(properties: delivery.properties, body: delivery.body)
        } catch {
            return .failure(Invalid(description: "invalid CloudEvents envelope: \(error.description)"))
        }
        if let unusable = Self.unusableAttribute(of: event) {
            return .failure(Invalid(description: "invalid CloudEvents envelope: \(unusable)"))
        }
        guard let entry = handlers.entries[event.type] else {
            return .failure(Invalid(description: "no handler for message type \(event.type) on queue \(delivery.queue)"))
        }
        do {
            let message = try entry.decode(catalog, event)
            return .success(
                PreparedMessage(
                    delivery: delivery, event: event, message: message, entry: entry,
                    attempt: Self.attempt(of: delivery)))
        } catch {
            return .failure(Invalid(description: "\(error)"))
        }
    }

    static func attempt(of delivery: InboundMessage) -> Int {
        RuntimeHeaders.attempt(in: delivery.headers)
    }

    /// The refusal of a body larger than its type allows (`x-passerelle-max-body-bytes`, 1 MiB for a type the
    /// contracts do not know), or `nil`.
    static func tooLarge(_ delivery: InboundMessage, catalog: MessageCatalog) -> Invalid? {
        let type = RuntimeHeaderValues(delivery.properties).messageType
        let limit = catalog.maxBodyBytes(for: type)
        guard delivery.body.count > limit else { return nil }
        let size = delivery.body.count
        if let type, catalog.entries[type] != nil {
            return Invalid(description: "body is \(size) bytes; \(type) allows at most \(limit) (x-passerelle-max-body-bytes)")
        }
        let named = type.map { "unknown type \(StorableText.storable($0, limit: 255).text)" } ?? "a message without a type"
        return Invalid(
            description: "body is \(size) bytes; \(named) allows at most \(limit) (the default of x-passerelle-max-body-bytes)")
    }

    /// Why an attribute cannot go into the inbox, the outbox attributes of what the handler publishes or a
    /// log line (a NUL, an id longer than an AMQP message id), or `nil`.
    static func unusableAttribute(of event: CloudEvent) -> String? {
        if event.id.utf8.count > Self.maxIDBytes {
            return "id is \(event.id.utf8.count) bytes; at most \(Self.maxIDBytes)"
        }
        var attributes: [(String, String?)] = [
            ("id", event.id), ("source", event.source), ("type", event.type), ("specversion", event.specversion),
            ("datacontenttype", event.datacontenttype), ("dataschema", event.dataschema), ("subject", event.subject),
        ]
        attributes += event.extensions.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        for (name, value) in attributes where value?.utf8.contains(0) == true {
            return "\(name) contains a NUL character"
        }
        return nil
    }
}
