public import Messaging
public import Topology

/// The desired state, the broker, and the three-way plan between them: what `plan` prints and `apply` does.
///
/// `passerelle topology plan` and `apply`, `bench` and the tests open one per vhost.
public struct TopologySession: Sendable {
    /// The operator's settings the desired state was derived with (the managed user prefix comes from them).
    public let settings: TopologySettings
    /// The topology derived from the contracts.
    public let desired: BrokerTopology
    /// The management API calls on the desired vhost.
    public let broker: TopologyBroker
    /// Exact queue counts on the desired vhost.
    public let counter: QueueCounter

    /// Creates a session; nothing is sent yet.
    ///
    /// - Parameters:
    ///   - settings: The topology settings.
    ///   - desired: The desired topology; its vhost is the one worked on.
    ///   - client: The management API.
    ///   - amqp: The broker for exact counts; its vhost is replaced by the desired one.
    public init(
        settings: TopologySettings, desired: BrokerTopology, client: ManagementClient, amqp: AMQPConfiguration
    ) {
        self.settings = settings
        self.desired = desired
        self.broker = TopologyBroker(client: client, vhost: desired.vhost)
        var amqp = amqp
        amqp.virtualHost = desired.vhost
        self.counter = QueueCounter(configuration: amqp)
    }

    /// The plan, with the live state and the last-applied keys it was computed from.
    ///
    /// - Throws: ``ManagementError``.
    public func plan() async throws -> (plan: TopologyPlan, live: BrokerTopology?, lastApplied: Set<ObjectKey>) {
        let live = try await self.broker.live(
            managedUserPrefix: self.settings.userPrefix, desiredUsers: Set(self.desired.users.map(\.name)))
        let lastApplied = live == nil ? [] : try await self.broker.lastApplied()
        return (TopologyPlanner.plan(desired: self.desired, live: live, lastApplied: lastApplied), live, lastApplied)
    }

    /// Plans, then applies.
    ///
    /// - Parameters:
    ///   - options: What the apply may do beyond creating and updating.
    ///   - secrets: Where new service users' passwords come from.
    ///   - progress: Called with a line per change, for people.
    /// - Returns: The plan and what was done.
    /// - Throws: ``ManagementError``, ``TopologyError``, ``AMQPError``; what was done before stays done.
    public func apply(
        options: TopologyApplier.Options, secrets: SecretStore,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> (plan: TopologyPlan, report: TopologyApplier.Report) {
        let (plan, live, lastApplied) = try await self.plan()
        let applier = TopologyApplier(
            broker: self.broker, secrets: secrets, counter: self.counter, options: options, progress: progress)
        let report = try await applier.apply(plan, desired: self.desired, live: live, lastApplied: lastApplied)
        return (plan, report)
    }
}
