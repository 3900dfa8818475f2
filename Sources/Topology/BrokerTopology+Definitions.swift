extension BrokerTopology {
    /// The live state of a vhost, from its definitions plus the user and permission endpoints.
    ///
    /// Built-in objects are left out (the default exchange, `amq.*` exchanges, default bindings), and so
    /// are users, permissions and topic permissions of users outside `managedUserPrefix`: `guest` or an
    /// operator are not Passerelle's to change.
    ///
    /// - Parameters:
    ///   - vhost: The vhost.
    ///   - definitions: `GET /api/definitions/<vhost>`.
    ///   - users: `GET /api/users`.
    ///   - permissions: `GET /api/vhosts/<vhost>/permissions`.
    ///   - topicPermissions: `GET /api/vhosts/<vhost>/topic-permissions`.
    ///   - managedUserPrefix: The service user prefix, e.g. `svc-`.
    ///   - desiredUsers: The users the desired state holds. A managed user is part of this vhost's state
    ///     when it is desired or has a permission on the vhost (users are global; another vhost's service
    ///     user is not this vhost's business).
    public init(
        vhost: String,
        definitions: BrokerDefinitions,
        users: [BrokerDefinitions.User],
        permissions: [BrokerDefinitions.Permission],
        topicPermissions: [BrokerDefinitions.TopicPermission],
        managedUserPrefix: String,
        desiredUsers: Set<String> = []
    ) {
        self.init(vhost: vhost)
        let managed = { (user: String) in !managedUserPrefix.isEmpty && user.hasPrefix(managedUserPrefix) }
        self.exchanges = (definitions.exchanges ?? []).filter { !$0.name.isEmpty && !$0.name.hasPrefix("amq.") }.map {
            var exchange = ExchangeSpec(name: $0.name, type: $0.type, arguments: $0.arguments)
            exchange.durable = $0.durable
            exchange.autoDelete = $0.autoDelete
            exchange.internal = $0.internal
            return exchange
        }
        self.queues = (definitions.queues ?? []).map {
            var queue = QueueSpec(name: $0.name, arguments: $0.arguments)
            queue.durable = $0.durable
            queue.autoDelete = $0.autoDelete
            return queue
        }
        self.bindings = (definitions.bindings ?? []).filter { !$0.source.isEmpty }.map {
            BindingSpec(
                source: $0.source, destination: $0.destination, destinationType: $0.destinationType,
                routingKey: $0.routingKey, arguments: $0.arguments)
        }
        self.policies = (definitions.policies ?? []).map {
            PolicySpec(
                name: $0.name, pattern: $0.pattern, applyTo: $0.applyTo, priority: $0.priority,
                definition: $0.definition)
        }
        let related = desiredUsers.union(permissions.filter { $0.vhost == vhost }.map(\.user))
            .union(topicPermissions.filter { $0.vhost == vhost }.map(\.user))
        self.users = users.filter { managed($0.name) && related.contains($0.name) }.map {
            UserSpec(name: $0.name, tags: $0.tags.values)
        }
        self.permissions = permissions.filter { managed($0.user) && $0.vhost == vhost }.map {
            PermissionSpec(user: $0.user, configure: $0.configure, write: $0.write, read: $0.read)
        }
        self.topicPermissions = topicPermissions.filter { managed($0.user) && $0.vhost == vhost }.map {
            TopicPermissionSpec(user: $0.user, exchange: $0.exchange, write: $0.write, read: $0.read)
        }
    }

    /// The topology as RabbitMQ definitions, importable with `rabbitmqctl import_definitions`.
    ///
    /// Users carry an empty password hash (no password login until `apply` sets one).
    public var definitions: BrokerDefinitions {
        var definitions = BrokerDefinitions()
        definitions.rabbitVersion = "3.10.8"
        definitions.vhosts = [.init(name: self.vhost)]
        definitions.users = self.users.map {
            .init(
                name: $0.name, passwordHash: "", hashingAlgorithm: "rabbit_password_hashing_sha256",
                tags: UserTags($0.tags))
        }
        definitions.permissions = self.permissions.map {
            .init(user: $0.user, vhost: self.vhost, configure: $0.configure, write: $0.write, read: $0.read)
        }
        definitions.topicPermissions = self.topicPermissions.map {
            .init(user: $0.user, vhost: self.vhost, exchange: $0.exchange, write: $0.write, read: $0.read)
        }
        definitions.policies = self.policies.map {
            .init(
                vhost: self.vhost, name: $0.name, pattern: $0.pattern, applyTo: $0.applyTo, definition: $0.definition,
                priority: $0.priority)
        }
        definitions.exchanges = self.exchanges.map {
            .init(
                name: $0.name, vhost: self.vhost, type: $0.type, durable: $0.durable, autoDelete: $0.autoDelete,
                internal: $0.internal, arguments: $0.arguments)
        }
        definitions.queues = self.queues.map {
            .init(
                name: $0.name, vhost: self.vhost, durable: $0.durable, autoDelete: $0.autoDelete,
                arguments: $0.arguments)
        }
        definitions.bindings = self.bindings.map {
            .init(
                source: $0.source, vhost: self.vhost, destination: $0.destination, destinationType: $0.destinationType,
                routingKey: $0.routingKey, arguments: $0.arguments)
        }
        return definitions
    }
}
