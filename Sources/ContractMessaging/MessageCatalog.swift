import Contracts
import Foundation
import JSONSchema
import Messaging

/// The compiled contracts a running service uses: each message type's schema, exchange and schema id.
///
/// Build it once at start-up (``load(contracts:)``) and share it; it is immutable and `Sendable`.
public struct MessageCatalog: Sendable {
    /// Routing and schema facts for one message type.
    public struct Entry: Sendable {
        /// The exchange it is published on.
        public var exchange: String
        /// Its compiled payload schema.
        public var schema: CompiledSchema
        /// The schema id (CloudEvents `dataschema`).
        public var dataschema: String?
        /// The largest body accepted, in bytes (`x-passerelle-max-body-bytes`).
        public var maxBodyBytes = MessageContract.defaultMaxBodyBytes
        /// The contexts whose contracts send it (a send operation, or `x-passerelle-external-senders`): who may
        /// publish it.
        public var senders: [String] = []
    }

    /// The entries, by message type.
    public let entries: [String: Entry]

    /// Compiles the catalog from loaded contracts.
    ///
    /// - Parameter hub: The contracts.
    /// - Throws: ``ContractError`` for the first schema that does not compile.
    public init(hub: ContractHub) throws(ContractError) {
        let schemas = ContractSchemas(hub: hub)
        if let error = schemas.errors.first {
            throw error
        }
        var entries: [String: Entry] = [:]
        for message in hub.sortedMessages {
            guard let schema = schemas.schemas[message.type] else { continue }
            entries[message.type] = Entry(
                exchange: message.exchange, schema: schema, dataschema: message.schemaID, maxBodyBytes: message.maxBodyBytes,
                senders: message.senders + message.externalSenders)
        }
        self.entries = entries
    }

    /// Loads and compiles the contracts in a folder.
    ///
    /// - Parameter contracts: The contracts folder.
    /// - Returns: The catalog.
    /// - Throws: ``ContractError`` for the first problem found while loading or compiling.
    public static func load(contracts: URL) throws(ContractError) -> MessageCatalog {
        let loaded = ContractLoader(root: contracts).load()
        if let error = loaded.errors.first {
            throw error
        }
        return try MessageCatalog(hub: loaded.hub)
    }

    /// The largest body accepted for a message type: its contract's `x-passerelle-max-body-bytes`, or 1 MiB
    /// (``defaultMaxBodyBytes``) for a type the contracts do not know or no type at all.
    public func maxBodyBytes(for type: String?) -> Int {
        type.flatMap { self.entries[$0]?.maxBodyBytes } ?? Self.defaultMaxBodyBytes
    }

    /// The body limit of a type the contracts do not know (`MessageContract.defaultMaxBodyBytes`).
    public static let defaultMaxBodyBytes = MessageContract.defaultMaxBodyBytes

    /// Validates a payload against its message type's contract.
    ///
    /// - Parameters:
    ///   - payload: The payload.
    ///   - type: The message type.
    /// - Throws: ``ContractViolation`` naming every field at fault, or ``ContractDecodingError`` with
    ///   ``ContractDecodingError/Code/unknownType``.
    public func validate(_ payload: JSONValue, as type: String) throws {
        guard let entry = self.entries[type] else {
            throw ContractDecodingError(code: .unknownType, messageType: type, detail: "no such message type in the contracts")
        }
        let result = entry.schema.validate(payload)
        guard result.isValid else {
            throw ContractViolation(messageType: type, errors: result.errors)
        }
    }

    /// The JSON encoder for payloads: RFC 3339 dates, sorted keys.
    /// Encodes a message, validates it against its contract and wraps it in a CloudEvent.
    ///
    /// - Parameters:
    ///   - message: The payload.
    ///   - envelope: The envelope attributes (id, subject, correlation, trace context, time).
    ///   - source: The CloudEvents `source` of the publishing service.
    /// - Returns: The event (its `data` is the JSON payload) and the exchange its type is published to.
    /// - Throws: ``ContractDecodingError`` (`unknownType`) or ``ContractViolation`` naming the field and rule.
    public func makeEvent<Message: ContractMessage>(
        _ message: Message, envelope: TypedPublisher.Envelope, source: String
    ) throws -> (event: CloudEvent, exchange: String) {
        let type = Message.messageType
        guard let entry = self.entries[type] else {
            throw ContractDecodingError(code: .unknownType, messageType: type, detail: "no such message type in the contracts")
        }
        let data = try MessageCatalog.makeEncoder().encode(message)
        try self.validate(try JSONValue(parsing: data), as: type)
        var event = CloudEvent(id: envelope.id, source: source, type: type, data: Array(data), time: envelope.time)
        event.subject = envelope.subject
        event.dataschema = entry.dataschema
        event.correlationID = envelope.correlationID
        event.causationID = envelope.causationID
        event.traceparent = envelope.traceparent
        event.tracestate = envelope.tracestate
        return (event, entry.exchange)
    }

    /// Builds the CloudEvent of a JSON payload given as bytes (`passerelle send`), after validating it against
    /// the contract of `type`.
    ///
    /// - Throws: ``ContractDecodingError`` (`unknownType`), ``ContractViolation`` naming the field and rule, or
    ///   the JSON parse error.
    public func makeEvent(
        type: String, payload: [UInt8], envelope: TypedPublisher.Envelope, source: String
    ) throws -> (event: CloudEvent, exchange: String) {
        guard let entry = self.entries[type] else {
            throw ContractDecodingError(code: .unknownType, messageType: type, detail: "no such message type in the contracts")
        }
        try self.validate(try JSONValue(parsing: payload), as: type)
        var event = CloudEvent(id: envelope.id, source: source, type: type, data: payload, time: envelope.time)
        event.subject = envelope.subject
        event.dataschema = entry.dataschema
        event.correlationID = envelope.correlationID
        event.causationID = envelope.causationID
        event.traceparent = envelope.traceparent
        event.tracestate = envelope.tracestate
        return (event, entry.exchange)
    }

    static func makeEncoder() -> JSONEncoder { ContractCoding.makeEncoder() }

    static func makeDecoder() -> JSONDecoder { ContractCoding.makeDecoder() }
}
