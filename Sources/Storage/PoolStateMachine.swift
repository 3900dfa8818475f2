/// The bookkeeping of the connection pool, without any I/O (style rule 7).
///
/// The machine counts idle, leased and opening connections, queues waiters in arrival order, and answers
/// every event with what the client must do. `Connection` is generic so tests can use plain values.
struct PoolStateMachine<Connection: AnyObject> {
    /// What a caller that asked for a connection gets.
    enum Lease {
        /// An idle connection, now leased to the caller.
        case connection(Connection)
        /// A reserved slot: the caller opens a new connection and reports ``opened(_:)`` or ``openFailed()``.
        case openSlot
    }

    /// The answer to ``acquire(waiter:)``.
    enum AcquireAction {
        /// Proceed with this lease now.
        case lease(Lease)
        /// Wait: the waiter was queued and will be resumed by a later event.
        case wait
        /// The pool is closed.
        case closed
    }

    /// A waiter to resume with a lease.
    struct Resumption {
        var waiter: Int
        var lease: Lease
    }

    /// What to do after a connection came back or a slot freed up.
    struct Effects {
        /// A connection to close.
        var close: Connection?
        /// A waiter to resume.
        var resume: Resumption?
    }

    let maxConnections: Int
    private var idle: [Connection] = []
    private var leased = 0
    private var opening = 0
    private var waiters: [Int] = []
    private(set) var isClosed = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// Connections counted against the size: idle, leased and being opened.
    var total: Int { self.idle.count + self.leased + self.opening }
    /// The number of queued waiters.
    var waiterCount: Int { self.waiters.count }
    /// The number of idle connections.
    var idleCount: Int { self.idle.count }

    /// Asks for a connection without queueing: `nil` means the caller would have to wait.
    mutating func tryAcquire() -> AcquireAction? {
        if self.isClosed {
            return .closed
        }
        if let connection = self.idle.popLast() {
            self.leased += 1
            return .lease(.connection(connection))
        }
        if self.total < self.maxConnections {
            self.opening += 1
            return .lease(.openSlot)
        }
        return nil
    }

    /// Asks for a connection, queueing `waiter` when none is available.
    mutating func acquire(waiter: Int) -> AcquireAction {
        if let action = self.tryAcquire() {
            return action
        }
        self.waiters.append(waiter)
        return .wait
    }

    /// A new connection opened in a reserved slot; the opener now leases it.
    ///
    /// - Returns: `false` when the pool closed meanwhile: the caller must close the connection instead.
    mutating func opened(_ connection: Connection) -> Bool {
        self.opening -= 1
        guard !self.isClosed else { return false }
        self.leased += 1
        return true
    }

    /// Opening a connection in a reserved slot failed; the slot goes to the next waiter, if any.
    mutating func openFailed() -> Effects {
        self.opening -= 1
        return Effects(close: nil, resume: self.handSlotToWaiter())
    }

    /// A leased connection came back.
    ///
    /// - Parameters:
    ///   - connection: The connection.
    ///   - reusable: Whether it may be lent again (healthy, outside a transaction).
    mutating func release(_ connection: Connection, reusable: Bool) -> Effects {
        self.leased -= 1
        guard reusable, !self.isClosed else {
            return Effects(close: connection, resume: self.handSlotToWaiter())
        }
        if !self.waiters.isEmpty {
            self.leased += 1
            return Effects(
                close: nil, resume: Resumption(waiter: self.waiters.removeFirst(), lease: .connection(connection)))
        }
        self.idle.append(connection)
        return Effects(close: nil, resume: nil)
    }

    /// Removes a waiter that timed out or was cancelled.
    ///
    /// - Returns: `true` when it was still waiting (so it must be failed); `false` when it was already resumed.
    mutating func removeWaiter(_ waiter: Int) -> Bool {
        guard let index = self.waiters.firstIndex(of: waiter) else { return false }
        self.waiters.remove(at: index)
        return true
    }

    /// Closes the pool: no more leases.
    ///
    /// - Returns: The idle connections to close and the waiters to fail. Leased connections are closed when
    ///   they come back.
    mutating func close() -> (idle: [Connection], waiters: [Int]) {
        self.isClosed = true
        defer {
            self.idle.removeAll()
            self.waiters.removeAll()
        }
        return (self.idle, self.waiters)
    }

    private mutating func handSlotToWaiter() -> Resumption? {
        guard !self.isClosed, !self.waiters.isEmpty, self.total < self.maxConnections else { return nil }
        self.opening += 1
        return Resumption(waiter: self.waiters.removeFirst(), lease: .openSlot)
    }
}

extension PoolStateMachine.Lease: Sendable where Connection: Sendable {}
