import ContractMessaging
import Foundation
import Messaging
import SampleContracts
import ServiceRuntime

/// Messages for alpha's queue (`feeder.item.submitted.v1`) as a hostile sender would shape them: a valid
/// item whose properties, headers or body are then changed.
enum HostileMessages {
    static let exchange = "feeder.events"
    static let type = "feeder.item.submitted.v1"

    /// An item as the feeder would publish it, then edited. `sender` is the `user_id` (on the in-memory
    /// broker, which does not set it; RabbitMQ checks it against the connection's user).
    static func item(
        _ item: ItemSubmitted, catalog: MessageCatalog, id: String = UUID().uuidString.lowercased(),
        body: [UInt8]? = nil, sender: String? = nil, edit: (inout AMQPProperties) -> Void = { _ in }
    ) throws -> AMQPOutboundMessage {
        let (event, exchange) = try catalog.makeEvent(item, envelope: TypedPublisher.Envelope(id: id), source: "/test/feeder")
        var properties = CloudEventAMQPMapping.properties(for: event)
        properties.userID = sender
        edit(&properties)
        return AMQPOutboundMessage(
            exchange: exchange, routingKey: event.type, body: body ?? event.data, properties: properties)
    }

    /// A message whose `x-passerelle-attempt` header holds `value`.
    static func attempt(
        _ value: AMQPFieldValue, item: ItemSubmitted, catalog: MessageCatalog
    ) throws -> AMQPOutboundMessage {
        try Self.item(item, catalog: catalog) { $0.headers[RuntimeHeaders.attempt] = value }
    }

    /// A message whose id (property and CloudEvents header) holds a NUL.
    static func nulID(_ item: ItemSubmitted, catalog: MessageCatalog, id: String) throws -> AMQPOutboundMessage {
        try Self.item(item, catalog: catalog) { properties in
            properties.messageID = id
            properties.headers["cloudEvents_id"] = .string(id)
        }
    }

    /// Publishes messages in one go on one channel, with confirms.
    static func publish(_ messages: [AMQPOutboundMessage], configuration: AMQPConfiguration) async throws {
        try await withConnection("hostile", configuration: configuration) { connection in
            let publisher = try await connection.makePublisher()
            for result in await publisher.publish(messages) {
                _ = try result.get()
            }
        }
    }
}
