import ContractMessaging
import Foundation
import Messaging

/// A delivery read and checked before any transaction: its envelope, its decoded payload and its handler.
struct PreparedMessage: Sendable {
    let delivery: InboundMessage
    let event: CloudEvent
    let message: any Sendable
    let entry: ServiceHandlers.Entry
    /// Broker delay levels already gone through (our header; 0 when absent).
    let attempt: Int

    /// What went wrong when a delivery cannot be handled at all (it goes to `.invalid`).
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads the envelope, finds the handler and validates and decodes the payload.
    static func prepare(
        _ delivery: InboundMessage, handlers: ServiceHandlers, catalog: MessageCatalog
    ) -> Result<PreparedMessage, Invalid> {
        let event: CloudEvent
        do {
            event = try CloudEventAMQPMapping.event(properties: delivery.properties, body: delivery.body)
        } catch {
            return .failure(Invalid(description: "invalid CloudEvents envelope: \(error.description)"))
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
        Int(delivery.headers[RuntimeHeaders.attempt]?.integerValue ?? 0)
    }
}
