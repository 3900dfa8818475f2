import Foundation
import JSONSchema

/// How a schema may change within one major version (Schema Registry modes).
public enum CompatibilityMode: String, Sendable, Hashable, CaseIterable {
    /// New schema accepts everything the previous one accepted (consumers upgrade first).
    case backward = "BACKWARD"
    /// Same as backward, against every earlier version.
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    /// The previous schema accepts everything the new one accepts (producers upgrade first).
    case forward = "FORWARD"
    /// Same as forward, against every earlier version.
    case forwardTransitive = "FORWARD_TRANSITIVE"
    /// Both directions.
    case full = "FULL"
    /// Both directions, against every earlier version.
    case fullTransitive = "FULL_TRANSITIVE"
    /// No check.
    case none = "NONE"

    /// Whether the new schema must accept what the old one accepted.
    public var checksBackward: Bool { [.backward, .backwardTransitive, .full, .fullTransitive].contains(self) }
    /// Whether the old schema must accept what the new one accepts.
    public var checksForward: Bool { [.forward, .forwardTransitive, .full, .fullTransitive].contains(self) }
}

/// Where something is defined in the contracts.
public struct ContractLocation: Sendable, Hashable {
    /// The file, relative to the contracts folder.
    public var file: String
    /// The JSON pointer in that file.
    public var pointer: String
    /// The 1-based line.
    public var line: Int?
}

/// A consumer's queue settings (`x-passerelle-queue` on a receive operation).
public struct QueueSettings: Sendable, Hashable {
    /// The queue name, `<consumer>.<purpose>`.
    public var name: String
    /// The consumer prefetch.
    public var prefetch: Int?
    /// The quorum-queue delivery limit.
    public var deliveryLimit: Int?
    /// The retry delay levels, e.g. `5s`, `1m`.
    public var retryLevels: [String]
}

/// One receiver of a message type.
public struct MessageReceiver: Sendable, Hashable {
    /// The receiving context (service or partner).
    public var context: String
    /// Its queue, when the contract says.
    public var queue: QueueSettings?
    /// The receive operation.
    public var location: ContractLocation
}

/// One example of a message.
public struct MessageExample: Sendable {
    /// Its name.
    public var name: String
    /// The payload.
    public var payload: JSONValue
    /// Where it is.
    public var location: ContractLocation
}

/// Everything the hub knows about one message type.
public struct MessageContract: Sendable {
    /// Whether the message reports a fact or asks for an action.
    public enum Kind: String, Sendable, Hashable {
        /// Published on `<context>.events` (topic).
        case event
        /// Sent on `<context>.commands` (direct) to the owner.
        case command
    }

    /// The type, also the routing key: `<context>.<aggregate>.<event>.v<major>`.
    public var type: String
    /// The context whose document defines it.
    public var owner: String
    /// Event or command.
    public var kind: Kind
    /// The exchange it travels on.
    public var exchange: String
    /// The exchange type (`topic` or `direct`).
    public var exchangeType: String
    /// A short title.
    public var title: String?
    /// A one-line summary.
    public var summary: String?
    /// The compatibility rule within its major version.
    public var compatibility: CompatibilityMode
    /// The largest body a consumer accepts for this type, in bytes (`x-passerelle-max-body-bytes`, default
    /// ``defaultMaxBodyBytes``): a larger message is parked as invalid before its JSON is parsed.
    public var maxBodyBytes: Int = MessageContract.defaultMaxBodyBytes
    /// JSON pointers into the payload whose values together identify the business fact, so that two
    /// messages with different CloudEvents ids and the same key are one fact (`x-passerelle-business-key`,
    /// for example `[/idActe]`); empty when the id alone identifies it. Partner bridges apply it.
    public var businessKey: [String] = []
    /// The payload schema.
    public var schema: JSONValue
    /// The URI the schema's relative references resolve against.
    public var schemaURL: URL
    /// The schema's `$id`, when it has one.
    public var schemaID: String?
    /// The examples.
    public var examples: [MessageExample]
    /// The contexts with a send operation for it.
    public var senders: [String]
    /// Senders outside the hub (`x-passerelle-external-senders`, e.g. `portal`).
    public var externalSenders: [String]
    /// The receive operations.
    public var receivers: [MessageReceiver]
    /// Where its channel is defined.
    public var location: ContractLocation

    /// The body limit of a message that does not declare `x-passerelle-max-body-bytes`, and of a message of a
    /// type the contracts do not know: 1 MiB.
    public static let defaultMaxBodyBytes = 1_048_576
    /// The highest `x-passerelle-max-body-bytes` a message may declare: 256 MiB.
    public static let maxBodyBytesLimit = 268_435_456

    /// The major version, from the `.vN` suffix.
    public var majorVersion: Int? {
        guard let suffix = self.type.split(separator: ".").last, suffix.hasPrefix("v") else { return nil }
        return Int(suffix.dropFirst())
    }

    /// The type without its `.vN` suffix.
    public var unversionedType: String {
        guard let dot = self.type.lastIndex(of: ".") else { return self.type }
        return String(self.type[..<dot])
    }
}

/// One AsyncAPI document: a service's or a partner's contract.
public struct ContractDocument: Sendable {
    /// The context it describes (`x-passerelle-context`).
    public var context: String
    /// The document title.
    public var title: String
    /// The document version.
    public var version: String
    /// The parsed file.
    public var source: SourceDocument
}

/// The whole hub as the contracts describe it: who owns, sends and receives each message type.
public struct ContractHub: Sendable {
    /// The documents, by context.
    public var documents: [String: ContractDocument]
    /// The message types, by type.
    public var messages: [String: MessageContract]
    /// Every JSON document loaded (AsyncAPI files and schema files), by absolute URL string, for `$ref`
    /// resolution across files.
    public var sources: [String: SourceDocument]
    /// Operations whose channel reference names no channel (for example a receive of a removed type).
    public var unresolvedOperations: [UnresolvedOperation] = []

    /// Creates a hub; ``ContractLoader`` builds real ones.
    ///
    /// - Parameters:
    ///   - documents: The documents, by context.
    ///   - messages: The message types, by type.
    ///   - sources: The loaded files, by absolute URL string.
    public init(documents: [String: ContractDocument] = [:], messages: [String: MessageContract] = [:], sources: [String: SourceDocument] = [:]) {
        self.documents = documents
        self.messages = messages
        self.sources = sources
    }

    /// The message types, sorted.
    public var sortedMessages: [MessageContract] {
        self.messages.values.sorted { $0.type < $1.type }
    }
}

/// An operation whose channel `$ref` does not resolve.
public struct UnresolvedOperation: Sendable, Hashable {
    /// The context of the document that holds the operation.
    public var context: String
    /// `send` or `receive`.
    public var action: String
    /// The file the reference names, relative to the contracts folder.
    public var targetFile: String
    /// The JSON pointer the reference names in that file.
    public var targetPointer: String
    /// Where the operation is.
    public var location: ContractLocation
}
