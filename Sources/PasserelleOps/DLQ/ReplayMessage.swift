public import ContractMessaging
import Foundation
import JSONSchema
public import Messaging
import ServiceRuntime

/// Rebuilds the message to publish again from a parked row: the stored properties without the runtime's
/// diagnostic headers, plus `x-passerelle-replayed-from`, persistent, mandatory, to the original exchange
/// and routing key. The message id is kept, so consumers' inboxes still recognise it.
public enum ReplayMessage {
    /// Why a parked message cannot be replayed.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The reason, naming the field and the rule when the contract refuses the body.
        public var description: String
    }

    /// The message to publish.
    ///
    /// - Parameters:
    ///   - message: The parked row.
    ///   - body: The body to send (the stored one, or an edited one).
    /// - Returns: The outbound message.
    /// - Throws: `DecodingError` when the stored properties are malformed.
    public static func outbound(for message: ParkedMessage, body: [UInt8]) throws -> AMQPOutboundMessage {
        var properties = try StoredProperties.properties(fromJSON: message.propertiesJSON)
        for name in RuntimeHeaders.diagnostics {
            properties.headers[name] = nil
        }
        properties.headers[RuntimeHeaders.replayedFrom] = .string(message.id.uuidString.lowercased())
        // The replay is the operator's act: the broker stamps the CLI's user, and the service trusts the
        // original sender's header only on its own copies, so neither survives.
        properties.userID = nil
        properties.headers[ActorToken.senderHeader] = nil
        properties.deliveryMode = .persistent
        if properties.messageID == nil {
            properties.messageID = message.messageID
        }
        return AMQPOutboundMessage(
            exchange: message.originalExchange, routingKey: message.originalRoutingKey, body: body,
            properties: properties, mandatory: true)
    }

    /// Checks a body against the contract of the row's message type.
    ///
    /// - Throws: ``Refusal`` naming the field and the rule broken, or why the body cannot be checked.
    public static func validate(_ body: [UInt8], type: String?, catalog: MessageCatalog) throws(Refusal) {
        guard let type else {
            throw Refusal(description: "no message type (type property or cloudEvents_type): cannot check the contract")
        }
        let payload: JSONValue
        do {
            payload = try JSONValue(parsing: body)
        } catch {
            throw Refusal(description: "the body is not JSON: \(error)")
        }
        do {
            try catalog.validate(payload, as: type)
        } catch let violation as ContractViolation {
            let rules = violation.errors.map { error in
                "\(error.instanceLocation.isEmpty ? "/" : error.instanceLocation): \(error.message) (\(error.keyword))"
            }
            throw Refusal(description: "the \(type) contract refuses it: " + rules.joined(separator: "; "))
        } catch {
            throw Refusal(description: "\(error)")
        }
    }
}
