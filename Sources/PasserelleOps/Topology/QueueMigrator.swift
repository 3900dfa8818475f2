import Foundation
public import Topology

/// Runs a ``QueueMigration`` with dynamic shovels (`ack-mode: on-confirm`), so every message is
/// confirmed by the destination before the source lets it go.
public struct QueueMigrator: Sendable {
    /// The vhost whose queue moves.
    public let broker: TopologyBroker
    /// Exact counts, to know when a queue is empty.
    public let counter: QueueCounter
    /// Progress lines, for people.
    public var progress: @Sendable (String) -> Void = { _ in }
    /// The longest one shovel pass may take.
    public var passTimeout: Duration = .seconds(120)

    /// Creates a migrator; nothing moves until ``run(_:)``.
    public init(
        broker: TopologyBroker, counter: QueueCounter, progress: @escaping @Sendable (String) -> Void = { _ in },
        passTimeout: Duration = .seconds(120)
    ) {
        self.broker = broker
        self.counter = counter
        self.progress = progress
        self.passTimeout = passTimeout
    }

    /// Moves the queue's messages into a temporary queue, re-declares the queue with the desired arguments
    /// and bindings, and moves them back. Bindings point at the temporary queue meanwhile, so publishes
    /// are not lost.
    ///
    /// - Throws: ``TopologyError`` (`migrationFailed`) when a queue does not empty, ``ManagementError``.
    public func run(_ migration: QueueMigration) async throws {
        let queue = migration.queue
        let temporary = migration.temporary
        self.progress("> migrate queue \(queue.name): declare \(temporary.name)")
        try await self.broker.declare(temporary)
        for binding in migration.liveBindings {
            try await self.broker.bind(Self.retarget(binding, to: temporary.name))
        }
        for binding in migration.liveBindings {
            try await self.broker.unbind(binding)
        }
        self.progress("> move messages \(queue.name) → \(temporary.name)")
        try await self.drain(
            queue.name, into: temporary.name, quorum: migration.liveArguments["x-queue-type"] == "quorum")
        try await self.broker.declare(queue)
        for binding in migration.desiredBindings {
            try await self.broker.bind(binding)
        }
        for binding in migration.liveBindings {
            try await self.broker.unbind(Self.retarget(binding, to: temporary.name))
        }
        self.progress("> move messages \(temporary.name) → \(queue.name)")
        try await self.drain(
            temporary.name, into: queue.name, quorum: temporary.effectiveArguments["x-queue-type"] == "quorum")
        self.progress("> migrated \(queue.name)")
    }

    private static func retarget(_ binding: BindingSpec, to queue: String) -> BindingSpec {
        var copy = binding
        copy.destination = queue
        return copy
    }

    /// Shovels `source` into `destination` until `source` is empty and has no consumer, then deletes it.
    ///
    /// `source` is unbound by then, so nothing new arrives; messages a consumer still holds come back when
    /// it goes, and the next pass moves them. Classic queues are deleted `if-empty` as a second guard;
    /// quorum queues do not support that flag, so the exact AMQP count is the guard.
    private func drain(_ source: String, into destination: String, quorum: Bool) async throws {
        for pass in 1...30 {
            try await self.shovel(source, into: destination, pass: pass)
            guard let counts = try await self.counter.counts(source) else { return }
            if counts.messages == 0 && counts.consumers == 0 {
                if try await self.broker.deleteQueue(source, ifEmpty: !quorum) {
                    return
                }
            } else if counts.consumers > 0 {
                self.progress("> \(source) still has \(counts.consumers) consumer(s); waiting for them to move")
                try await Task.sleep(for: .seconds(1))
            }
        }
        throw TopologyError(
            .migrationFailed,
            "queue \(source) did not empty (or kept consumers) after 30 shovel passes; migration stopped")
    }

    /// One dynamic shovel that moves the messages present when it starts, then deletes itself.
    private func shovel(_ source: String, into destination: String, pass: Int) async throws {
        let name = "passerelle-migrate-\(source)-\(pass)"
        let uri = "amqp:///" + ManagementClient.segment(self.broker.vhost)
        let path =
            "/api/parameters/shovel/\(ManagementClient.segment(self.broker.vhost))/\(ManagementClient.segment(name))"
        let value: ArgumentTable = [
            "src-protocol": "amqp091", "src-uri": .string(uri), "src-queue": .string(source),
            "dest-protocol": "amqp091", "dest-uri": .string(uri), "dest-queue": .string(destination),
            "ack-mode": "on-confirm", "src-delete-after": "queue-length",
        ]
        try await self.broker.put(path, ["value": ArgumentValue.object(value)])
        let deadline = ContinuousClock.now.advanced(by: self.passTimeout)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            if try await self.broker.client.send("GET", path, accepting: [404]) == 404 {
                return  // the shovel moved what it saw and deleted itself
            }
        }
        try await self.broker.delete(path)
        throw TopologyError(.migrationFailed, "shovel \(name) did not finish within \(self.passTimeout)")
    }
}
