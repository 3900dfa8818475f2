import Foundation
import Topology

/// The management API calls `passerelle topology` makes on one vhost.
///
/// Every write is idempotent on the broker's side (`PUT` of an identical object is a no-op), and no
/// method logs or returns a password.
struct TopologyBroker: Sendable {
    let client: ManagementClient
    let vhost: String

    private var v: String { ManagementClient.segment(self.vhost) }

    /// The name of the global parameter that records what the last apply created.
    var recordName: String { "passerelle.topology.\(self.vhost)" }

    // MARK: Reading

    /// Whether the vhost exists.
    func vhostExists() async throws(ManagementError) -> Bool {
        try await self.client.send("GET", "/api/vhosts/\(self.v)", accepting: [404]) != 404
    }

    /// The live topology, or `nil` when the vhost does not exist.
    func live(managedUserPrefix: String, desiredUsers: Set<String>) async throws(ManagementError) -> BrokerTopology? {
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
    func lastApplied() async throws(ManagementError) -> Set<ObjectKey> {
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
    func recordApplied(_ keys: Set<ObjectKey>) async throws(ManagementError) {
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
    func deleteRecord() async throws(ManagementError) {
        try await self.delete("/api/global-parameters/\(ManagementClient.segment(self.recordName))")
    }

    /// Every queue of the vhost with its counters and rates. The management statistics lag by a few seconds.
    func queueStatistics() async throws(ManagementError) -> [QueueStatistics] {
        try await self.client.get("/api/queues/\(self.v)")
    }

    // MARK: Writing

    func createVHost() async throws(ManagementError) {
        try await self.put("/api/vhosts/\(self.v)", ["description": ArgumentValue.string("Passerelle topology")])
    }

    func deleteVHost() async throws(ManagementError) {
        try await self.delete("/api/vhosts/\(self.v)")
    }

    func declare(_ exchange: ExchangeSpec) async throws(ManagementError) {
        try await self.put(
            "/api/exchanges/\(self.v)/\(ManagementClient.segment(exchange.name))",
            [
                "type": ArgumentValue.string(exchange.type), "durable": .bool(exchange.durable),
                "auto_delete": .bool(exchange.autoDelete), "internal": .bool(exchange.internal),
                "arguments": .object(exchange.arguments),
            ])
    }

    func deleteExchange(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/exchanges/\(self.v)/\(ManagementClient.segment(name))")
    }

    func declare(_ queue: QueueSpec) async throws(ManagementError) {
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
    func deleteQueue(_ name: String, ifEmpty: Bool) async throws(ManagementError) -> Bool {
        let path = "/api/queues/\(self.v)/\(ManagementClient.segment(name))" + (ifEmpty ? "?if-empty=true" : "")
        return try await self.client.send("DELETE", path, accepting: [400, 404]) != 400
    }

    func bind(_ binding: BindingSpec) async throws(ManagementError) {
        let kind = binding.destinationType == "exchange" ? "e" : "q"
        let path =
            "/api/bindings/\(self.v)/e/\(ManagementClient.segment(binding.source))/\(kind)/"
            + ManagementClient.segment(binding.destination)
        try await self.send(
            "POST", path,
            ["routing_key": ArgumentValue.string(binding.routingKey), "arguments": .object(binding.arguments)])
    }

    func unbind(_ binding: BindingSpec) async throws(ManagementError) {
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

    func put(_ policy: PolicySpec) async throws(ManagementError) {
        try await self.put(
            "/api/policies/\(self.v)/\(ManagementClient.segment(policy.name))",
            [
                "pattern": ArgumentValue.string(policy.pattern), "apply-to": .string(policy.applyTo),
                "priority": .int(policy.priority), "definition": .object(policy.definition),
            ])
    }

    func deletePolicy(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/policies/\(self.v)/\(ManagementClient.segment(name))")
    }

    /// Creates or updates a user. With a `password` the password is set; without, only the tags change.
    func put(_ user: UserSpec, password: String?) async throws(ManagementError) {
        var body: ArgumentTable = ["tags": .string(user.tags.joined(separator: ","))]
        if let password {
            body["password"] = .string(password)
        }
        try await self.put("/api/users/\(ManagementClient.segment(user.name))", body)
    }

    func userExists(_ name: String) async throws(ManagementError) -> Bool {
        try await self.client.send("GET", "/api/users/\(ManagementClient.segment(name))", accepting: [404]) != 404
    }

    func deleteUser(_ name: String) async throws(ManagementError) {
        try await self.delete("/api/users/\(ManagementClient.segment(name))")
    }

    func put(_ permission: PermissionSpec) async throws(ManagementError) {
        try await self.put(
            "/api/permissions/\(self.v)/\(ManagementClient.segment(permission.user))",
            [
                "configure": ArgumentValue.string(permission.configure), "write": .string(permission.write),
                "read": .string(permission.read),
            ])
    }

    func deletePermission(_ user: String) async throws(ManagementError) {
        try await self.delete("/api/permissions/\(self.v)/\(ManagementClient.segment(user))")
    }

    func put(_ permission: TopicPermissionSpec) async throws(ManagementError) {
        try await self.put(
            "/api/topic-permissions/\(self.v)/\(ManagementClient.segment(permission.user))",
            [
                "exchange": ArgumentValue.string(permission.exchange), "write": .string(permission.write),
                "read": .string(permission.read),
            ])
    }

    /// Deletes every topic permission of `user` on the vhost (the API has no per-exchange delete).
    func deleteTopicPermissions(_ user: String) async throws(ManagementError) {
        try await self.delete("/api/topic-permissions/\(self.v)/\(ManagementClient.segment(user))")
    }

    // MARK: Helpers

    func put(_ path: String, _ body: some Encodable) async throws(ManagementError) {
        try await self.send("PUT", path, body)
    }

    func send(_ method: String, _ path: String, _ body: some Encodable) async throws(ManagementError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw ManagementError(.decoding, method: method, path: path, reason: "cannot encode the request")
        }
        try await self.client.send(method, path, body: data)
    }

    /// Deletes `path`; a 404 (already gone) is success.
    func delete(_ path: String) async throws(ManagementError) {
        try await self.client.send("DELETE", path, accepting: [404])
    }
}
