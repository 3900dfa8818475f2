import Foundation
import JSONSchema
import Messaging

/// A delivery decoded to its contract type, with its CloudEvents envelope and the raw delivery (to ack).
public struct TypedDelivery<Message: ContractMessage>: Sendable {
    /// The decoded, validated message.
    public var message: Message
    /// The envelope.
    public var event: CloudEvent
    /// The delivery, for `ack()`, `nack(requeue:)` or `reject(requeue:)`.
    public var delivery: AMQPDelivery
}

extension MessageCatalog {
    /// Reads a delivery as a typed contract message: checks the envelope and the type, validates the
    /// payload against the contract, then decodes it.
    ///
    /// - Parameters:
    ///   - type: The expected message type.
    ///   - delivery: The delivery.
    /// - Returns: The typed delivery.
    /// - Throws: ``ContractDecodingError``; its ``ContractDecodingError/code`` tells an invalid envelope, a
    ///   different type, bad JSON, a contract violation or a decoding failure apart (all of which should
    ///   park the message, not retry it).
    public func decode<Message: ContractMessage>(_ type: Message.Type, from delivery: AMQPDelivery) throws(ContractDecodingError) -> TypedDelivery<Message> {
        let expected = Message.messageType
        let event: CloudEvent
        do {
            event = try CloudEventAMQPMapping.event(properties: delivery.properties, body: delivery.body)
        } catch {
            throw ContractDecodingError(code: .invalidEnvelope, messageType: expected, detail: error.description)
        }
        guard event.type == expected else {
            throw ContractDecodingError(code: .unexpectedType, messageType: expected, detail: "the event's type is \(event.type)")
        }
        let message = try self.decode(Message.self, event: event)
        return TypedDelivery(message: message, event: event, delivery: delivery)
    }

    /// Validates an event's data against the contract of its type and decodes it.
    ///
    /// - Parameters:
    ///   - type: The message type to decode; the event's `type` must be its ``ContractMessage/messageType``.
    ///   - event: The event, read from a delivery.
    /// - Returns: The message.
    /// - Throws: ``ContractDecodingError`` naming what is wrong (`unexpectedType`, `invalidJSON`,
    ///   `contractViolation` with the field and rule, `decodingFailed`).
    public func decode<Message: ContractMessage>(_ type: Message.Type, event: CloudEvent) throws(ContractDecodingError) -> Message {
        let expected = Message.messageType
        guard event.type == expected else {
            throw ContractDecodingError(code: .unexpectedType, messageType: expected, detail: "the event's type is \(event.type)")
        }
        let payload: JSONValue
        do {
            payload = try JSONValue(parsing: event.data)
        } catch {
            throw ContractDecodingError(code: .invalidJSON, messageType: expected, detail: "\(error)")
        }
        do {
            try self.validate(payload, as: expected)
        } catch let violation as ContractViolation {
            throw ContractDecodingError(code: .contractViolation, messageType: expected, detail: violation.description)
        } catch let error as ContractDecodingError {
            throw error
        } catch {
            throw ContractDecodingError(code: .contractViolation, messageType: expected, detail: "\(error)")
        }
        do {
            return try MessageCatalog.makeDecoder().decode(Message.self, from: Data(event.data))
        } catch {
            throw ContractDecodingError(code: .decodingFailed, messageType: expected, detail: "\(error)")
        }
    }
}
