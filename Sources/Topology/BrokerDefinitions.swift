import Foundation

/// The RabbitMQ definitions format (`GET /api/definitions/<vhost>`, `rabbitmqctl import_definitions`).
///
/// Used both to read the live state and to export the desired one. Users are exported with an empty
/// `password_hash`, so an import creates them without a usable password: `passerelle topology apply`
/// sets the passwords, and no secret ever lands in an export.
public struct BrokerDefinitions: Sendable, Hashable, Codable {
    public struct VHost: Sendable, Hashable, Codable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    public struct User: Sendable, Hashable, Codable {
        public var name: String
        public var passwordHash: String
        public var hashingAlgorithm: String
        public var tags: UserTags

        enum CodingKeys: String, CodingKey {
            case name
            case passwordHash = "password_hash"
            case hashingAlgorithm = "hashing_algorithm"
            case tags
        }

        public init(name: String, passwordHash: String, hashingAlgorithm: String, tags: UserTags) {
            self.name = name
            self.passwordHash = passwordHash
            self.hashingAlgorithm = hashingAlgorithm
            self.tags = tags
        }
    }

    public struct Permission: Sendable, Hashable, Codable {
        public var user: String
        public var vhost: String
        public var configure: String
        public var write: String
        public var read: String

        public init(user: String, vhost: String, configure: String, write: String, read: String) {
            self.user = user
            self.vhost = vhost
            self.configure = configure
            self.write = write
            self.read = read
        }
    }

    public struct TopicPermission: Sendable, Hashable, Codable {
        public var user: String
        public var vhost: String
        public var exchange: String
        public var write: String
        public var read: String

        public init(user: String, vhost: String, exchange: String, write: String, read: String) {
            self.user = user
            self.vhost = vhost
            self.exchange = exchange
            self.write = write
            self.read = read
        }
    }

    public struct Policy: Sendable, Hashable, Codable {
        public var vhost: String?
        public var name: String
        public var pattern: String
        public var applyTo: String
        public var definition: ArgumentTable
        public var priority: Int

        enum CodingKeys: String, CodingKey {
            case vhost, name, pattern, definition, priority
            case applyTo = "apply-to"
        }

        public init(
            vhost: String?, name: String, pattern: String, applyTo: String, definition: ArgumentTable, priority: Int
        ) {
            self.vhost = vhost
            self.name = name
            self.pattern = pattern
            self.applyTo = applyTo
            self.definition = definition
            self.priority = priority
        }
    }

    public struct Queue: Sendable, Hashable, Codable {
        public var name: String
        public var vhost: String?
        public var durable: Bool
        public var autoDelete: Bool
        public var arguments: ArgumentTable

        enum CodingKeys: String, CodingKey {
            case name, vhost, durable, arguments
            case autoDelete = "auto_delete"
        }

        public init(name: String, vhost: String?, durable: Bool, autoDelete: Bool, arguments: ArgumentTable) {
            self.name = name
            self.vhost = vhost
            self.durable = durable
            self.autoDelete = autoDelete
            self.arguments = arguments
        }
    }

    public struct Exchange: Sendable, Hashable, Codable {
        public var name: String
        public var vhost: String?
        public var type: String
        public var durable: Bool
        public var autoDelete: Bool
        public var `internal`: Bool
        public var arguments: ArgumentTable

        enum CodingKeys: String, CodingKey {
            case name, vhost, type, durable, arguments
            case autoDelete = "auto_delete"
            case `internal`
        }

        public init(
            name: String, vhost: String?, type: String, durable: Bool, autoDelete: Bool, internal: Bool,
            arguments: ArgumentTable
        ) {
            self.name = name
            self.vhost = vhost
            self.type = type
            self.durable = durable
            self.autoDelete = autoDelete
            self.internal = `internal`
            self.arguments = arguments
        }
    }

    public struct Binding: Sendable, Hashable, Codable {
        public var source: String
        public var vhost: String?
        public var destination: String
        public var destinationType: String
        public var routingKey: String
        public var arguments: ArgumentTable

        enum CodingKeys: String, CodingKey {
            case source, vhost, destination, arguments
            case destinationType = "destination_type"
            case routingKey = "routing_key"
        }

        public init(
            source: String, vhost: String?, destination: String, destinationType: String, routingKey: String,
            arguments: ArgumentTable
        ) {
            self.source = source
            self.vhost = vhost
            self.destination = destination
            self.destinationType = destinationType
            self.routingKey = routingKey
            self.arguments = arguments
        }
    }

    public var rabbitVersion: String?
    public var users: [User]?
    public var vhosts: [VHost]?
    public var permissions: [Permission]?
    public var topicPermissions: [TopicPermission]?
    public var policies: [Policy]?
    public var queues: [Queue]?
    public var exchanges: [Exchange]?
    public var bindings: [Binding]?

    enum CodingKeys: String, CodingKey {
        case users, vhosts, permissions, policies, queues, exchanges, bindings
        case rabbitVersion = "rabbit_version"
        case topicPermissions = "topic_permissions"
    }

    public init() {}
}

/// User tags: a list since RabbitMQ 3.9 (`["administrator"]`), a comma-separated string before.
public struct UserTags: Sendable, Hashable, Codable {
    public var values: [String]

    public init(_ values: [String]) {
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            self.values = list
        } else {
            let text = try container.decode(String.self)
            self.values = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.values.joined(separator: ","))
    }
}
