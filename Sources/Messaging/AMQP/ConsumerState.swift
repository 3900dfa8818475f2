/// A consumer's channel on the connection thread: what to restore after a reconnect, and where its
/// deliveries go.
final class ConsumerState {
    let channel: UInt16
    let queue: String
    let prefetch: UInt16
    let exclusive: Bool
    let arguments: AMQPTable
    let continuation: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation
    let shared: ConsumerShared
    var consumerTag: String
    var active = false
    var generation = 0
    /// Deliveries read in the current pump pass, handed over together (one wake-up of the consuming task
    /// per pass instead of one per delivery).
    private var batch: [AMQPDelivery] = []
    /// Coalesces this channel's acks (see ``AckCoalescer``); reset whenever the channel is reopened.
    var acks = AckCoalescer()

    init(
        channel: UInt16,
        queue: String,
        prefetch: UInt16,
        consumerTag: String,
        exclusive: Bool,
        arguments: AMQPTable,
        continuation: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation,
        shared: ConsumerShared
    ) {
        self.channel = channel
        self.queue = queue
        self.prefetch = prefetch
        self.consumerTag = consumerTag
        self.exclusive = exclusive
        self.arguments = arguments
        self.continuation = continuation
        self.shared = shared
    }

    /// Opens the channel, applies qos and starts consuming; a new generation begins.
    func start(on raw: RabbitConnection) throws(AMQPError) {
        try raw.openChannel(self.channel)
        try raw.qos(self.channel, prefetch: self.prefetch)
        self.consumerTag = try raw.consume(
            self.channel, queue: self.queue, tag: self.consumerTag, exclusive: self.exclusive, arguments: self.arguments)
        self.generation = self.shared.advance()
        self.acks.reset()
        self.active = true
    }

    /// Keeps a delivery for the next ``flush()``.
    func append(_ delivery: AMQPDelivery) {
        self.batch.append(delivery)
    }

    /// Hands the deliveries read so far to the consuming task.
    func flush() {
        guard !self.batch.isEmpty else { return }
        self.continuation.yield(self.batch)
        self.batch.removeAll(keepingCapacity: true)
    }

    /// The connection is gone: deliveries already handed out can no longer be acked.
    func connectionLost() {
        self.active = false
        self.generation = self.shared.advance()
        self.acks.reset()
    }
}
