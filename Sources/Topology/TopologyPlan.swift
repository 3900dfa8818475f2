/// The difference between the desired topology and the live broker, like `terraform plan`.
public struct TopologyPlan: Sendable, Hashable {
    /// What `apply` will do (or refuses to do) with one object.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not on the broker and never applied: created.
        case create
        /// A mutable setting differs (policy, permission, topic permission, user tags): updated in place.
        case update
        case unchanged
        /// Drift: applied before, now gone from the broker. Re-created.
        case missing
        /// Drift: applied before, no longer desired (e.g. a binding left by a removed consumer). Deleted
        /// only with `--prune`.
        case orphan
        /// Drift: on the broker, never applied by Passerelle. Deleted only with `--prune`.
        case extra
        /// Drift: an immutable argument differs; RabbitMQ would refuse a redeclare with 406
        /// PRECONDITION_FAILED. Fixed only by a migration (`--migrate`).
        case immutableDrift = "immutable-drift"
    }

    /// One changed field.
    public struct Change: Sendable, Hashable, Codable, CustomStringConvertible {
        public var field: String
        public var live: String?
        public var desired: String?

        public init(field: String, live: String?, desired: String?) {
            self.field = field
            self.live = live
            self.desired = desired
        }

        public var description: String { "\(self.field): \(self.live ?? "(none)") → \(self.desired ?? "(none)")" }
    }

    /// One object's entry.
    public struct Entry: Sendable, Hashable {
        public var action: Action
        public var key: ObjectKey
        public var changes: [Change] = []
        /// The desired object, when there is one.
        public var desired: ObjectState?
        /// The live object, when there is one.
        public var live: ObjectState?
    }

    /// The vhost.
    public var vhost: String
    /// Whether the vhost has to be created.
    public var createsVHost: Bool
    /// Every entry, in apply order.
    public var entries: [Entry]

    /// Whether anything differs (a change to make or drift to report).
    public var hasChanges: Bool {
        self.createsVHost || self.entries.contains { $0.action != .unchanged }
    }

    /// The entries with `action`.
    public func entries(_ action: Action) -> [Entry] {
        self.entries.filter { $0.action == action }
    }

    /// How many entries have each action.
    public var counts: [Action: Int] {
        var counts: [Action: Int] = [:]
        for entry in self.entries {
            counts[entry.action, default: 0] += 1
        }
        return counts
    }
}

extension TopologyPlan.Entry: Encodable {
    enum CodingKeys: String, CodingKey {
        case action, kind, name, changes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.action, forKey: .action)
        try container.encode(self.key.kind, forKey: .kind)
        try container.encode(self.key.name, forKey: .name)
        try container.encode(self.changes, forKey: .changes)
    }
}
