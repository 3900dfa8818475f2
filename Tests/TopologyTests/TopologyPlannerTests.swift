import Testing
import Topology

struct TopologyPlannerTests {
    private func small() -> BrokerTopology {
        var topology = BrokerTopology(vhost: "v")
        topology.exchanges = [ExchangeSpec(name: "a.events", type: "topic", arguments: ["alternate-exchange": "u"])]
        topology.queues = [QueueSpec(name: "b.a-events", arguments: ["x-queue-type": "quorum"])]
        topology.bindings = [BindingSpec(source: "a.events", destination: "b.a-events", routingKey: "a.x.happened.v1")]
        topology.policies = [
            PolicySpec(
                name: "passerelle.b.a-events", pattern: "^b\\.a-events$", priority: 10,
                definition: ["delivery-limit": 5])
        ]
        topology.users = [UserSpec(name: "svc-b", context: "b")]
        topology.permissions = [PermissionSpec(user: "svc-b", configure: "^$", write: "^$", read: "^b\\.a-events$")]
        topology.topicPermissions = [
            TopicPermissionSpec(user: "svc-b", exchange: "b.events", write: "^b\\.", read: "^$")
        ]
        return topology
    }

    @Test func noVHostMeansCreateEverything() {
        let plan = TopologyPlanner.plan(desired: self.small(), live: nil)
        #expect(plan.createsVHost)
        #expect(plan.entries.count == 7)
        #expect(plan.entries.allSatisfy { $0.action == .create })
        #expect(plan.hasChanges)
    }

    @Test func identicalStateIsUnchangedAndHasNoChanges() {
        let plan = TopologyPlanner.plan(
            desired: self.small(), live: self.small(), lastApplied: Set(self.small().objects.keys))
        #expect(plan.entries.allSatisfy { $0.action == .unchanged })
        #expect(!plan.hasChanges)
    }

    @Test func entriesComeInApplyOrder() {
        let kinds = TopologyPlanner.plan(desired: self.small(), live: nil).entries.map(\.key.kind)
        #expect(kinds == [.policy, .exchange, .queue, .binding, .user, .permission, .topicPermission])
    }

    @Test func aDeletedObjectThatWasAppliedIsMissingDriftOtherwiseCreate() {
        var live = self.small()
        live.bindings = []
        live.users = []
        let desired = self.small()
        let applied = Set(desired.objects.keys)
        let plan = TopologyPlanner.plan(desired: desired, live: live, lastApplied: applied)
        #expect(plan.entries(.missing).map(\.key.kind) == [.binding, .user])
        let fresh = TopologyPlanner.plan(desired: desired, live: live, lastApplied: [])
        #expect(fresh.entries(.create).map(\.key.kind) == [.binding, .user])
    }

    @Test func undesiredLiveObjectsAreOrphansWhenAppliedAndExtraOtherwise() {
        var live = self.small()
        let left = BindingSpec(source: "a.events", destination: "b.a-events", routingKey: "a.y.removed.v1")
        let foreign = QueueSpec(name: "someone.else", arguments: [:])
        live.bindings.append(left)
        live.queues.append(foreign)
        let applied = Set(self.small().objects.keys).union([left.key])
        let plan = TopologyPlanner.plan(desired: self.small(), live: live, lastApplied: applied)
        #expect(plan.entries(.orphan).map(\.key) == [left.key])
        #expect(plan.entries(.extra).map(\.key) == [foreign.key])
    }

    @Test func mutableDifferencesAreUpdatesWithTheirFields() throws {
        var live = self.small()
        live.policies[0].definition = ["delivery-limit": 20, "max-length": 10]
        live.permissions[0].write = ".*"
        live.topicPermissions[0].write = ".*"
        live.users[0].tags = ["administrator"]
        let plan = TopologyPlanner.plan(desired: self.small(), live: live)
        let updates = plan.entries(.update)
        #expect(updates.map(\.key.kind) == [.policy, .user, .permission, .topicPermission])
        let policy = try #require(updates.first)
        #expect(
            policy.changes == [
                .init(field: "definition.delivery-limit", live: "20", desired: "5"),
                .init(field: "definition.max-length", live: "10", desired: nil),
            ])
    }

    @Test func queueArgumentDifferencesAreImmutableDrift() throws {
        var live = self.small()
        live.queues[0].arguments = [:]  // declared classic, without x-queue-type
        live.exchanges[0].arguments = [:]
        let plan = TopologyPlanner.plan(desired: self.small(), live: live)
        let drift = plan.entries(.immutableDrift)
        #expect(drift.map(\.key.kind) == [.exchange, .queue])
        #expect(drift[1].changes == [.init(field: "arguments.x-queue-type", live: "classic", desired: "quorum")])
    }

    @Test func anExplicitClassicTypeEqualsNoType() {
        var desired = self.small()
        desired.queues[0].arguments = ["x-queue-type": "classic"]
        var live = self.small()
        live.queues[0].arguments = [:]
        #expect(TopologyPlanner.plan(desired: desired, live: live).entries(.immutableDrift).isEmpty)
    }

    @Test func theWholeDerivedTopologyAgainstItselfIsUnchanged() throws {
        let desired = try Fixtures.derive()
        let roundTrip = BrokerTopology(
            vhost: desired.vhost, definitions: desired.definitions,
            users: desired.definitions.users ?? [], permissions: desired.definitions.permissions ?? [],
            topicPermissions: desired.definitions.topicPermissions ?? [], managedUserPrefix: "svc-")
        let plan = TopologyPlanner.plan(desired: desired, live: roundTrip, lastApplied: Set(desired.objects.keys))
        #expect(!plan.hasChanges, "\(plan.entries.filter { $0.action != .unchanged })")
    }

    @Test func liveStateLeavesOutBuiltInsAndOtherUsers() {
        var definitions = BrokerDefinitions()
        definitions.exchanges = [
            .init(
                name: "", vhost: "v", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:]),
            .init(
                name: "amq.topic", vhost: "v", type: "topic", durable: true, autoDelete: false, internal: false,
                arguments: [:]),
        ]
        definitions.bindings = [
            .init(source: "", vhost: "v", destination: "q", destinationType: "queue", routingKey: "q", arguments: [:])
        ]
        let users: [BrokerDefinitions.User] = [
            .init(name: "guest", passwordHash: "x", hashingAlgorithm: "sha256", tags: UserTags(["administrator"])),
            .init(name: "svc-a", passwordHash: "x", hashingAlgorithm: "sha256", tags: UserTags([])),
            .init(name: "svc-elsewhere", passwordHash: "x", hashingAlgorithm: "sha256", tags: UserTags([])),
        ]
        let permissions: [BrokerDefinitions.Permission] = [
            .init(user: "guest", vhost: "v", configure: ".*", write: ".*", read: ".*"),
            .init(user: "svc-a", vhost: "v", configure: "^$", write: "^$", read: "^$"),
        ]
        let live = BrokerTopology(
            vhost: "v", definitions: definitions, users: users, permissions: permissions, topicPermissions: [],
            managedUserPrefix: "svc-")
        #expect(live.exchanges.isEmpty)
        #expect(live.bindings.isEmpty)
        #expect(live.users.map(\.name) == ["svc-a"])
        #expect(live.permissions.map(\.user) == ["svc-a"])
    }
}
