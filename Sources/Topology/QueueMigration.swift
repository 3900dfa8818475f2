/// How to give a queue new immutable arguments without losing a message (messaging §5.4).
///
/// RabbitMQ refuses to redeclare a queue with other arguments (406 PRECONDITION_FAILED), and deleting
/// it would drop its messages. The migration parks the messages in a temporary queue:
///
/// 1. declare `<queue>.migrating` with the new arguments and bind it like the queue, so new messages
///    land there too (a message published in this instant may arrive twice; the inbox absorbs it);
/// 2. unbind the old queue;
/// 3. move every message from the old queue to `<queue>.migrating` (a dynamic shovel, `on-confirm`);
/// 4. delete the old queue once empty and declare it again with the new arguments and its bindings;
/// 5. unbind `<queue>.migrating`, move its messages back, and delete it once empty.
public struct QueueMigration: Sendable, Hashable {
    /// The queue as it must become.
    public var queue: QueueSpec
    /// Its arguments now.
    public var liveArguments: ArgumentTable
    /// The temporary queue.
    public var temporary: QueueSpec
    /// The bindings the queue has on the broker now (moved to the temporary queue).
    public var liveBindings: [BindingSpec]
    /// The bindings the queue must have at the end.
    public var desiredBindings: [BindingSpec]

    /// Plans the migration of `queue`.
    ///
    /// - Parameters:
    ///   - queue: The desired queue.
    ///   - desired: The desired topology (for the final bindings).
    ///   - live: The live topology (for the current arguments and bindings).
    public init(queue: QueueSpec, desired: BrokerTopology, live: BrokerTopology) {
        self.queue = queue
        self.liveArguments = live.queue(queue.name)?.effectiveArguments ?? [:]
        var temporary = queue
        temporary.name = "\(queue.name).migrating"
        temporary.role = .foreign
        self.temporary = temporary
        self.liveBindings = live.bindings.filter { $0.destination == queue.name && $0.destinationType == "queue" }
        self.desiredBindings = desired.bindings.filter { $0.destination == queue.name && $0.destinationType == "queue" }
    }

    /// The steps, for people.
    public var steps: [String] {
        let arguments = self.queue.effectiveArguments.summary
        return [
            "declare \(self.temporary.name) with \(arguments) and bind it like \(self.queue.name) (\(self.liveBindings.count) bindings)",
            "unbind \(self.queue.name)",
            "move every message from \(self.queue.name) to \(self.temporary.name) (dynamic shovel, ack-mode on-confirm)",
            "delete \(self.queue.name) once empty; declare it with \(arguments); add its \(self.desiredBindings.count) bindings",
            "unbind \(self.temporary.name); move its messages back to \(self.queue.name); delete it once empty",
        ]
    }
}
