import Foundation
public import Topology

/// Carries out a ``TopologyPlan`` through the management API.
///
/// - creates what is missing and updates policies, permissions, topic permissions and user tags;
/// - deletes extra and orphaned objects only with `prune`, and a queue holding messages only with `force`;
/// - fixes immutable-argument drift only with `migrate`, through ``QueueMigration`` (no message lost);
/// - records the applied object keys, so the next plan tells drift from news.
///
/// Applying the same desired state twice changes nothing the second time.
public struct TopologyApplier: Sendable {
    /// What an apply may do beyond creating and updating.
    public struct Options: Sendable {
        /// Delete extra and orphaned objects.
        public var prune = false
        /// With ``prune``: delete queues that hold messages or have consumers, too.
        public var force = false
        /// Migrate queues (and re-create exchanges) whose immutable arguments differ.
        public var migrate = false

        /// Creates options; the defaults only create and update.
        public init(prune: Bool = false, force: Bool = false, migrate: Bool = false) {
            self.prune = prune
            self.force = force
            self.migrate = migrate
        }
    }

    /// What an apply did and what it left alone: one line per object, for people and `--json`.
    public struct Report: Sendable, Encodable {
        /// Objects created, updated or deleted.
        public var done: [String] = []
        /// Objects left as they are, each with the flag that would change them.
        public var skipped: [String] = []
        /// Queues migrated and exchanges re-declared.
        public var migrations: [String] = []
    }

    /// The vhost to change.
    public let broker: TopologyBroker
    /// Where new service users' passwords come from (and are kept).
    public let secrets: SecretStore
    /// Exact queue counts over AMQP, for emptiness checks.
    public let counter: QueueCounter
    /// What the apply may do.
    public var options = Options()
    /// Progress lines, for people (never a password).
    public var progress: @Sendable (String) -> Void = { _ in }

    /// Creates an applier; nothing is sent until ``apply(_:desired:live:lastApplied:)``.
    public init(
        broker: TopologyBroker, secrets: SecretStore, counter: QueueCounter, options: Options = Options(),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.broker = broker
        self.secrets = secrets
        self.counter = counter
        self.options = options
        self.progress = progress
    }

    /// Applies `plan`.
    ///
    /// - Parameters:
    ///   - plan: The plan computed from `desired` and `live`.
    ///   - desired: The desired topology.
    ///   - live: The live topology (`nil` when the vhost does not exist yet).
    ///   - lastApplied: The keys recorded by the previous apply.
    /// - Returns: What was done and skipped.
    /// - Throws: ``ManagementError`` or ``TopologyError`` when a call fails; what was done before stays done.
    public func apply(
        _ plan: TopologyPlan, desired: BrokerTopology, live: BrokerTopology?, lastApplied: Set<ObjectKey>
    ) async throws -> Report {
        var report = Report()
        if plan.createsVHost {
            try await self.broker.createVHost()
            report.done.append("created vhost \(plan.vhost)")
        }
        var deleted: Set<ObjectKey> = []
        for entry in plan.entries where [.create, .missing, .update].contains(entry.action) {
            try await self.write(entry)
            report.done.append("\(entry.action == .update ? "updated" : "created") \(entry.key)")
        }
        for entry in plan.entries(.immutableDrift) {
            try await self.fixImmutable(entry, desired: desired, live: live, report: &report)
        }
        let removable = plan.entries.filter { $0.action == .orphan || $0.action == .extra }
        for entry in removable.sorted(by: { $0.key > $1.key }) {
            guard self.options.prune else {
                report.skipped.append("\(entry.key): \(entry.action.rawValue), kept (use --prune to delete)")
                continue
            }
            if try await self.remove(entry, desired: desired, report: &report) {
                deleted.insert(entry.key)
            }
        }
        let liveKeys = Set((live?.objects ?? [:]).keys)
        let record = Set(desired.objects.keys).union(lastApplied.intersection(liveKeys)).subtracting(deleted)
        try await self.broker.recordApplied(record)
        return report
    }

    /// Creates or updates one object.
    private func write(_ entry: TopologyPlan.Entry) async throws {
        guard let desired = entry.desired else { return }
        switch desired {
        case .exchange(let exchange): try await self.broker.declare(exchange)
        case .queue(let queue): try await self.broker.declare(queue)
        case .binding(let binding): try await self.broker.bind(binding)
        case .policy(let policy): try await self.broker.put(policy)
        case .permission(let permission): try await self.broker.put(permission)
        case .topicPermission(let permission): try await self.broker.put(permission)
        case .user(let user):
            // A new (or deleted) user gets its password; an existing one keeps it, only tags change.
            let exists = try await self.broker.userExists(user.name)
            let password = exists ? nil : try self.secrets.password(for: user.context ?? user.name)
            try await self.broker.put(user, password: password)
        }
        self.progress("\(entry.action == .update ? "~" : "+") \(entry.key)")
    }

    /// Deletes an extra or orphaned object. Returns whether it is gone.
    private func remove(_ entry: TopologyPlan.Entry, desired: BrokerTopology, report: inout Report) async throws -> Bool
    {
        guard let live = entry.live else { return false }
        switch live {
        case .exchange(let exchange): try await self.broker.deleteExchange(exchange.name)
        case .binding(let binding): try await self.broker.unbind(binding)
        case .policy(let policy): try await self.broker.deletePolicy(policy.name)
        case .user(let user): try await self.broker.deleteUser(user.name)
        case .permission(let permission): try await self.broker.deletePermission(permission.user)
        case .topicPermission(let permission):
            try await self.broker.deleteTopicPermissions(permission.user)
            for kept in desired.topicPermissions where kept.user == permission.user {
                try await self.broker.put(kept)
            }
        case .queue(let queue):
            if !self.options.force, let counts = try await self.counter.counts(queue.name),
                counts.messages > 0 || counts.consumers > 0
            {
                report.skipped.append(
                    "\(entry.key): holds \(counts.messages) message(s), \(counts.consumers) consumer(s); kept (use --force to delete it anyway)"
                )
                return false
            }
            // Classic queues are deleted if-empty as a second guard; quorum queues do not support the flag.
            let quorum = queue.effectiveArguments["x-queue-type"] == "quorum"
            guard try await self.broker.deleteQueue(queue.name, ifEmpty: !self.options.force && !quorum) else {
                report.skipped.append("\(entry.key): holds messages, kept (use --force to delete it anyway)")
                return false
            }
        }
        report.done.append("deleted \(entry.key)")
        self.progress("- \(entry.key)")
        return true
    }

    /// Migrates a queue or re-creates an exchange whose immutable arguments differ, with `migrate` only.
    private func fixImmutable(
        _ entry: TopologyPlan.Entry, desired: BrokerTopology, live: BrokerTopology?, report: inout Report
    ) async throws {
        switch entry.desired {
        case .queue(let queue)?:
            let migration = QueueMigration(
                queue: queue, desired: desired, live: live ?? BrokerTopology(vhost: desired.vhost))
            guard self.options.migrate else {
                report.skipped.append(
                    "\(entry.key): immutable drift, needs --migrate: " + migration.steps.joined(separator: "; "))
                return
            }
            try await QueueMigrator(broker: self.broker, counter: self.counter, progress: self.progress).run(migration)
            report.migrations.append("migrated \(entry.key)")
        case .exchange(let exchange)?:
            guard self.options.migrate else {
                report.skipped.append(
                    "\(entry.key): immutable drift, needs --migrate: delete and re-declare it, re-add its bindings")
                return
            }
            // Exchanges hold no messages: re-declare, then restore every binding that touched it.
            try await self.broker.deleteExchange(exchange.name)
            try await self.broker.declare(exchange)
            for binding in desired.bindings
            where binding.source == exchange.name || binding.destination == exchange.name {
                try await self.broker.bind(binding)
            }
            report.migrations.append("re-declared \(entry.key)")
        default:
            report.skipped.append("\(entry.key): immutable drift")
        }
    }
}
