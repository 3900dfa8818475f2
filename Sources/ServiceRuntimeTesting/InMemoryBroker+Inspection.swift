public import Messaging
import Synchronization

extension InMemoryBroker {
    /// The ready messages of a queue, in delivery order (unsettled deliveries are not included).
    ///
    /// - Parameter queue: The queue.
    /// - Returns: The messages; empty for an unknown queue.
    public func messages(in queue: String) -> [InMemoryMessage] {
        self.state.withLock { state in state.queues[queue]?.ready.map(\.message) ?? [] }
    }

    /// How many messages are ready in a queue (what a passive declare reports).
    ///
    /// - Parameter queue: The queue.
    /// - Returns: The count; 0 for an unknown queue.
    public func count(_ queue: String) -> Int {
        self.state.withLock { state in state.queues[queue]?.ready.count ?? 0 }
    }

    /// How many deliveries from a queue are unsettled.
    ///
    /// - Parameter queue: The queue.
    /// - Returns: The count.
    public func unacked(_ queue: String) -> Int {
        self.state.withLock { state in state.unsettled.values.count { $0.queue == queue } }
    }

    /// How many consumers a queue has.
    ///
    /// - Parameter queue: The queue.
    /// - Returns: The count.
    public func consumerCount(_ queue: String) -> Int {
        self.state.withLock { state in state.queues[queue]?.consumers.count ?? 0 }
    }

    /// The names of the queues, sorted.
    public var queueNames: [String] {
        self.state.withLock { state in state.queues.keys.sorted() }
    }

    /// The names of the exchanges (the default exchange aside), sorted.
    public var exchangeNames: [String] {
        self.state.withLock { state in state.exchanges.keys.sorted() }
    }

    /// Every message the broker confirmed, in order, with its message id filled in.
    public var publishLog: [AMQPOutboundMessage] {
        self.state.withLock { state in state.publishLog }
    }
}
