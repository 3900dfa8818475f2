/// A whole vhost's topology: what the contracts and settings ask for (desired), or what the broker
/// holds (live).
public struct BrokerTopology: Sendable, Hashable, Codable {
    /// One consuming context's queues, for `status` and graphs.
    public struct Service: Sendable, Hashable, Codable {
        public var context: String
        /// Its user, `nil` for a partner.
        public var user: String?
        /// Its consumer queues with their settings.
        public var queues: [ConsumerQueue]
    }

    /// A consumer queue's resolved settings.
    public struct ConsumerQueue: Sendable, Hashable, Codable {
        public var name: String
        public var type: TopologySettings.QueueType
        public var deliveryLimit: Int
        public var prefetch: Int
        public var retryLevels: [DelayLevel]
        /// The message types bound to it.
        public var messageTypes: [String]
    }

    public var vhost: String
    public var exchanges: [ExchangeSpec] = []
    public var queues: [QueueSpec] = []
    public var bindings: [BindingSpec] = []
    public var policies: [PolicySpec] = []
    public var users: [UserSpec] = []
    public var permissions: [PermissionSpec] = []
    public var topicPermissions: [TopicPermissionSpec] = []
    /// The consuming contexts (desired state only).
    public var services: [Service] = []

    public init(vhost: String) {
        self.vhost = vhost
    }

    /// Every object by key, with a comparable description of its mutable and immutable properties.
    public var objects: [ObjectKey: ObjectState] {
        var objects: [ObjectKey: ObjectState] = [:]
        for exchange in self.exchanges {
            objects[exchange.key] = .exchange(exchange)
        }
        for queue in self.queues {
            objects[queue.key] = .queue(queue)
        }
        for binding in self.bindings {
            objects[binding.key] = .binding(binding)
        }
        for policy in self.policies {
            objects[policy.key] = .policy(policy)
        }
        for user in self.users {
            objects[user.key] = .user(user)
        }
        for permission in self.permissions {
            objects[permission.key] = .permission(permission)
        }
        for permission in self.topicPermissions {
            objects[permission.key] = .topicPermission(permission)
        }
        return objects
    }

    /// The queue named `name`.
    public func queue(_ name: String) -> QueueSpec? {
        self.queues.first { $0.name == name }
    }
}

/// One object, whatever its kind.
public enum ObjectState: Sendable, Hashable {
    case exchange(ExchangeSpec)
    case queue(QueueSpec)
    case binding(BindingSpec)
    case policy(PolicySpec)
    case user(UserSpec)
    case permission(PermissionSpec)
    case topicPermission(TopicPermissionSpec)
}
