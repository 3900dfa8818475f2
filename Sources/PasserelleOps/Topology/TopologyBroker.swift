import Foundation
public import Topology

/// The management API calls `passerelle topology` makes on one vhost.
///
/// Every write is idempotent on the broker's side (`PUT` of an identical object is a no-op), and no
/// method logs or returns a password. Deletes treat 404 (already gone) as success.
public struct TopologyBroker: Sendable {
    /// The management API client; writes need a user with the `administrator` tag.
    public let client: ManagementClient
    /// The virtual host every call works on (users and global parameters are cluster-wide).
    public let vhost: String

    /// Creates the broker view of `vhost`; nothing is sent yet.
    public init(client: ManagementClient, vhost: String) {
        self.client = client
        self.vhost = vhost
    }

    private var v: String { ManagementClient.segment(self.vhost) }

    /// The name of the global parameter that records what the last apply created.
    public var recordName: String { "passerelle.topology.\(self.vhost)" }

    // MARK: Reading

    /// Whether the vhost exists.
    public func vhostExists() async throws(ManagementError) -> Bool {
        try await self.client.send("GET", "/api/vhosts/\(self.v)", accepting: [404]) != 404
    }

    /// The live topology, or `nil` when the vhost does not exist.
    public func live(
        managedUserPrefix: String, desiredUsers: Set<String>
    ) async throws(ManagementError) -> BrokerTopology? {
        guard try await self.vhostExists() else { return nil }
        let definitions: BrokerDefinitions = try await self.client.get("/api/definitions/\(self.v)")
        let users: [BrokerDefinitions.User] = try await self.client.get("/api/users")
        let permissions: [BrokerDefinitions.Permission] = try await self.client.get("/api/vhosts/\(self.v)/permissions")
        let topic: [BrokerDefinitions.TopicPermission] = try await self.client.get(
            "/api/vhosts/\(self.v)/topic-permissions")
        return BrokerTopology(
            vhost: self.vhost, definitions: definitions, users: users, permissions: permissions,
            topicPermissions: topic,
            managedUserPrefix: managedUserPrefix, desiredUsers: desiredUsers)
    }

    /// The keys the last apply recorded; empty when there is no record.
    public func lastApplied() async throws(ManagementError) -> Set<ObjectKey> {
        struct Record: Decodable {
            struct Value: Decodable { var objects: [ObjectKey] }
            var value: Value
        }
        let path = "/api/global-parameters/\(ManagementClient.segment(self.recordName))"
        guard try await self.client.send("GET", path, accepting: [404]) != 404 else { return [] }
        let record: Record = try await self.client.get(path)
        return Set(record.value.objects)
    }

    /// Records the keys of the applied topology.
    public func recordApplied(_ keys: Set<ObjectKey>) async throws(ManagementError) {
        struct Record: Encodable {
            struct Value: Encodable { var objects: [ObjectKey] }
            var name: String
            var value: Value
        }
        try await self.put(
            "/api/global-parameters/\(ManagementClient.segment(self.recordName))",
            Record(name: self.recordName, value: .init(objects: keys.sorted())))
    }

    /// Deletes the apply record (tests, or a vhost given up).
    public func deleteRecord() async throws(ManagementError) {
        try await self.delete("/api/global-parameters/\(ManagementClient.segment(self.recordName))")
    }

    /// Every queue of the vhost with its counters and rates. The management statistics lag by a few seconds.
    public func queueStatistics() async throws(ManagementError) -> [QueueStatistics] {
        try await self.client.get("/api/queues/\(self.v)")
    }

    // MARK: Writing

    /// Creates the vhost (a no-op when it exists).
    public func createVHost() async throws(ManagementError) {
        try await self.put("/api/vhosts/\(self.v)", ["description": ArgumentValue.string("Passerelle topology")])
    }

    /// Deletes the vhost with everything in it: queues, messages, exchanges, bindings, permissions.
    public func deleteVHost() async throws(ManagementError) {
        try await self.delete("/api/vhosts/\(self.v)")
    }

    /// Declares an exchange; the broker refuses (HTTP 400) an existing one with other immutable arguments.
    public func declare(_ exchange: ExchangeSpec) async throws(ManagementError) {
        try await self.put(
            "/api/exchanges/\(self.v)/\(ManagementClient.segment(exchange.name))",
            [
                "type": ArgumentValue.string(exchange.type), "durable": .bool(exchange.durable),
                "auto_delete": .bool(exchange.autoDelete), "internal": .bool(exchange.internal),
                "arguments": .object(exchange.arguments),
            ])
    }

    /// Deletes an exchange and the bindings that involve it.
    public func deleteExchange(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/exchanges/\(self.v)/\(ManagementClient.segment(name))")
    }

    /// Declares a queue; the broker refuses (HTTP 400) an existing one with other immutable arguments.
    public func declare(_ queue: QueueSpec) async throws(ManagementError) {
        try await self.put(
            "/api/queues/\(self.v)/\(ManagementClient.segment(queue.name))",
            [
                "durable": ArgumentValue.bool(queue.durable), "auto_delete": .bool(queue.autoDelete),
                "arguments": .object(queue.arguments),
            ])
    }

    /// Deletes a queue. With `ifEmpty` the broker refuses when it holds messages.
    ///
    /// - Returns: Whether the queue is gone (deleted now, or absent already).
    @discardableResult
    public func deleteQueue(_ name: String, ifEmpty: Bool) async throws(ManagementError) -> Bool {
        let path = "/api/queues/\(self.v)/\(ManagementClient.segment(name))" + (ifEmpty ? "?if-empty=true" : "")
        return try await self.client.send("DELETE", path, accepting: [400, 404]) != 400
    }

    /// Adds a binding from an exchange to a queue or an exchange (adding it twice keeps one).
    public func bind(_ binding: BindingSpec) async throws(ManagementError) {
        let kind = binding.destinationType == "exchange" ? "e" : "q"
        let path =
            "/api/bindings/\(self.v)/e/\(ManagementClient.segment(binding.source))/\(kind)/"
            + ManagementClient.segment(binding.destination)
        try await self.send(
            "POST", path,
            ["routing_key": ArgumentValue.string(binding.routingKey), "arguments": .object(binding.arguments)])
    }

    /// Removes every binding matching `binding`'s source, destination, routing key and arguments.
    public func unbind(_ binding: BindingSpec) async throws(ManagementError) {
        struct Listed: Decodable {
            var routingKey: String
            var propertiesKey: String
            var arguments: ArgumentTable
            enum CodingKeys: String, CodingKey {
                case arguments
                case routingKey = "routing_key"
                case propertiesKey = "properties_key"
            }
        }
        let kind = binding.destinationType == "exchange" ? "e" : "q"
        let path =
            "/api/bindings/\(self.v)/e/\(ManagementClient.segment(binding.source))/\(kind)/"
            + ManagementClient.segment(binding.destination)
        let listed: [Listed] = try await self.client.get(path)
        for entry in listed where entry.routingKey == binding.routingKey && entry.arguments == binding.arguments {
            try await self.delete(path + "/" + ManagementClient.segment(entry.propertiesKey))
        }
    }

    /// Creates or replaces a policy.
    public func put(_ policy: PolicySpec) async throws(ManagementError) {
        try await self.put(
            "/api/policies/\(self.v)/\(ManagementClient.segment(policy.name))",
            [
                "pattern": ArgumentValue.string(policy.pattern), "apply-to": .string(policy.applyTo),
                "priority": .int(policy.priority), "definition": .object(policy.definition),
            ])
    }

    /// Deletes a policy; the objects it matched fall back to their own arguments.
    public func deletePolicy(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/policies/\(self.v)/\(ManagementClient.segment(name))")
    }

    /// Creates or updates a user. With a `password` the password is set; without, only the tags change.
    public func put(_ user: UserSpec, password: String?) async throws(ManagementError) {
        var body: ArgumentTable = ["tags": .string(user.tags.joined(separator: ","))]
        if let password {
            body["password"] = .string(password)
        }
        try await self.put("/api/users/\(ManagementClient.segment(user.name))", body)
    }

    /// Whether a user exists (users are cluster-wide).
    public func userExists(_ name: String) async throws(ManagementError) -> Bool {
        try await self.client.send("GET", "/api/users/\(ManagementClient.segment(name))", accepting: [404]) != 404
    }

    /// Deletes a user and its permissions on every vhost.
    public func deleteUser(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/users/\(ManagementClient.segment(name))")
    }

    /// Sets a user's configure, write and read permissions on the vhost.
    public func put(_ permission: PermissionSpec) async throws(ManagementError) {
        try await self.put(
            "/api/permissions/\(self.v)/\(ManagementClient.segment(permission.user))",
            [
                "configure": ArgumentValue.string(permission.configure), "write": .string(permission.write),
                "read": .string(permission.read),
            ])
    }

    /// Removes a user's permissions on the vhost.
    public func deletePermission(_ user: String) async throws(ManagementError) {
        try await self.delete("/api/permissions/\(self.v)/\(ManagementClient.segment(user))")
    }

    /// Sets a user's topic permission on one exchange of the vhost.
    public func put(_ permission: TopicPermissionSpec) async throws(ManagementError) {
        try await self.put(
            "/api/topic-permissions/\(self.v)/\(ManagementClient.segment(permission.user))",
            [
                "exchange": ArgumentValue.string(permission.exchange), "write": .string(permission.write),
                "read": .string(permission.read),
            ])
    }

    /// Deletes every topic permission of `user` on the vhost (the API has no per-exchange delete).
    public func deleteTopicPermissions(_ user: String) async throws(ManagementError) {
        try await self.delete("/api/topic-permissions/\(self.v)/\(ManagementClient.segment(user))")
    }

    // MARK: Helpers

    /// `PUT`s `body` as JSON to `path` (below `/api/`, names percent-encoded).
    public func put(_ path: String, _ body: some Encodable) async throws(ManagementError) {
        try await self.send("PUT", path, body)
    }

    /// Sends `body` as JSON to `path`; an encoding failure is a ``ManagementError`` too.
    public func send(_ method: String, _ path: String, _ body: some Encodable) async throws(ManagementError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw ManagementError(.decoding, method: method, path: path, reason: "cannot encode the request")
        }
        try await self.client.send(method, path, body: data)
    }

    /// Deletes `path`; a 404 (already gone) is success.
    public func delete(_ path: String) async throws(ManagementError) {
        try await self.client.send("DELETE", path, accepting: [404])
    }
}
