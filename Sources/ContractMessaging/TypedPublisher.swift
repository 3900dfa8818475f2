import Foundation
import JSONSchema
import Messaging

/// Publishes typed contract messages: validates each one against its schema, wraps it in a CloudEvents
/// envelope and publishes it with a confirm to its exchange, with its type as routing key.
///
/// An invalid message is never sent: ``publish(_:envelope:)`` throws ``ContractViolation`` naming the
/// field and the rule.
public struct TypedPublisher: Sendable {
    /// Envelope attributes chosen per message.
    public struct Envelope: Sendable {
        /// The event id; a random UUID by default (it is the consumers' deduplication key).
        public var id: String
        /// The aggregate the message is about (`subject`).
        public var subject: String?
        /// The conversation id.
        public var correlationID: String?
        /// The id of the message that caused this one.
        public var causationID: String?
        /// W3C trace context.
        public var traceparent: String?
        /// W3C trace state.
        public var tracestate: String?
        /// When it happened; now by default.
        public var time: Date
        /// Further AMQP headers, outside the CloudEvents attributes (the person's token of a command made on
        /// their behalf, `x-passerelle-actor-token`).
        public var headers: [String: String] = [:]

        /// Creates an envelope.
        ///
        /// - Parameters:
        ///   - id: The event id.
        ///   - subject: The aggregate id.
        ///   - correlationID: The conversation id.
        ///   - causationID: The causing message's id.
        ///   - traceparent: W3C `traceparent`.
        ///   - tracestate: W3C `tracestate`.
        ///   - time: When it happened.
        public init(
            id: String = UUID().uuidString.lowercased(),
            subject: String? = nil,
            correlationID: String? = nil,
            causationID: String? = nil,
            traceparent: String? = nil,
            tracestate: String? = nil,
            time: Date = Date()
        ) {
            self.id = id
            self.subject = subject
            self.correlationID = correlationID
            self.causationID = causationID
            self.traceparent = traceparent
            self.tracestate = tracestate
            self.time = time
        }
    }

    private let publisher: AMQPPublisher
    private let catalog: MessageCatalog
    /// The CloudEvents source, e.g. `/passerelle/procurement`.
    public let source: String

    /// Creates a typed publisher.
    ///
    /// - Parameters:
    ///   - publisher: The confirm-mode publisher to send with.
    ///   - catalog: The compiled contracts.
    ///   - source: The CloudEvents source, e.g. `/passerelle/procurement`.
    public init(publisher: AMQPPublisher, catalog: MessageCatalog, source: String) {
        self.publisher = publisher
        self.catalog = catalog
        self.source = source
    }

    /// Validates, wraps and publishes a message, and waits for the broker's confirm.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - envelope: The envelope attributes.
    /// - Returns: The broker's confirmation.
    /// - Throws: ``ContractViolation`` (nothing is sent), ``ContractDecodingError`` for a type the contracts
    ///   do not know, `EncodingError`, or `AMQPError` from publishing.
    @discardableResult
    public func publish<Message: ContractMessage>(_ message: Message, envelope: Envelope = Envelope()) async throws -> AMQPPublishConfirmation {
        let outbound = try self.prepare(message, envelope: envelope)
        return try await self.publisher.publish(outbound)
    }

    /// Builds the AMQP message for a contract message after validating it, without sending it.
    ///
    /// - Parameters:
    ///   - message: The message.
    ///   - envelope: The envelope attributes.
    /// - Returns: The message to publish.
    /// - Throws: As ``publish(_:envelope:)``, before any I/O.
    public func prepare<Message: ContractMessage>(_ message: Message, envelope: Envelope = Envelope()) throws -> AMQPOutboundMessage {
        let (event, exchange) = try self.catalog.makeEvent(message, envelope: envelope, source: self.source)
        return AMQPOutboundMessage(
            exchange: exchange, routingKey: event.type, body: event.data,
            properties: Self.properties(for: event, envelope: envelope))
    }

    private static func properties(for event: CloudEvent, envelope: Envelope) -> AMQPProperties {
        var properties = CloudEventAMQPMapping.properties(for: event)
        for (name, value) in envelope.headers { properties.headers[name] = .string(value) }
        return properties
    }

    /// Validates a JSON payload against the contract of `type` and publishes it with a confirm.
    ///
    /// - Throws: As ``MessageCatalog/makeEvent(type:payload:envelope:source:)``, or the publish error.
    public func publish(type: String, payload: [UInt8], envelope: Envelope = Envelope()) async throws -> AMQPPublishConfirmation {
        let (event, exchange) = try self.catalog.makeEvent(type: type, payload: payload, envelope: envelope, source: self.source)
        return try await self.publisher.publish(
            AMQPOutboundMessage(
                exchange: exchange, routingKey: event.type, body: event.data,
                properties: Self.properties(for: event, envelope: envelope)))
    }
}
