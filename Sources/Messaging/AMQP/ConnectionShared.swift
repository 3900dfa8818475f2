import Synchronization

/// The state of a connection, as seen from outside its thread.
public enum AMQPConnectionState: Sendable, Hashable {
    /// Connected; publishes and deliveries flow.
    case open
    /// The connection was lost and is being re-established.
    case recovering
    /// Closed by ``AMQPConnection/close()``, or recovery gave up.
    case closed
}

/// Facts the connection thread publishes for other threads to read.
final class ConnectionShared: Sendable {
    struct Snapshot: Sendable {
        var state: AMQPConnectionState = .open
        var serverInfo = AMQPServerInfo(properties: [:])
        var heartbeatSeconds = 0
        var recoveries = 0
        var lastError: AMQPError?
        var blocked = false
    }

    private let snapshot = Mutex(Snapshot())

    func read() -> Snapshot {
        self.snapshot.withLock { $0 }
    }

    func update(_ body: (inout Snapshot) -> Void) {
        self.snapshot.withLock { body(&$0) }
    }
}

/// Shared between a consumer's deliveries and the connection thread: the generation of the consumer's
/// channel. Delivery tags are only valid on the channel instance that delivered them, so a delivery from
/// an earlier generation must not be acked on the current one.
final class ConsumerShared: Sendable {
    let channel: UInt16
    let mailbox: Mailbox
    private let generationValue = Atomic<Int>(0)
    private let closedValue = Atomic<Bool>(false)

    init(channel: UInt16, mailbox: Mailbox) {
        self.channel = channel
        self.mailbox = mailbox
    }

    var generation: Int { self.generationValue.load(ordering: .acquiring) }

    var isClosed: Bool { self.closedValue.load(ordering: .acquiring) }

    /// Starts a new generation (the channel was reopened, or lost).
    func advance() -> Int {
        self.generationValue.add(1, ordering: .acquiringAndReleasing).newValue
    }

    func markClosed() {
        self.closedValue.store(true, ordering: .releasing)
    }
}
