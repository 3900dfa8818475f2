import PosixSupport
import Synchronization

/// Work sent to a connection's thread: a closure run there with the thread's driver.
typealias DriverJob = @Sendable (ConnectionDriver) -> Void

/// The queue of jobs for one connection thread, plus the pipe that wakes the thread from `poll(2)`.
///
/// Writers take the lock only to append. The thread writes to the pipe only when it announced it is
/// going to sleep, so a busy connection does not pay a system call per job.
final class Mailbox: Sendable {
    private struct State {
        var jobs: [DriverJob] = []
        var sleeping = false
        var closed = false
    }

    private let state = Mutex(State())
    private let wakePipe: WakePipe

    /// The descriptor the connection thread polls for `POLLIN`: readable after a wake-up.
    var wakeDescriptor: Int32 { self.wakePipe.readDescriptor }

    init() {
        do {
            self.wakePipe = try WakePipe()
        } catch {
            // AMQPConnection.connect creates the mailbox without `try`; running out of descriptors here
            // stops the process, as it always has.
            fatalError("no wake pipe for an AMQP connection mailbox: \(error)")
        }
    }

    /// Adds a job.
    ///
    /// - Returns: `false` when the connection has shut down; the job was not queued.
    @discardableResult
    func enqueue(_ job: @escaping DriverJob) -> Bool {
        let (accepted, wake) = self.state.withLock { state -> (Bool, Bool) in
            guard !state.closed else { return (false, false) }
            state.jobs.append(job)
            let wake = state.sleeping
            state.sleeping = false
            return (true, wake)
        }
        if wake {
            self.wakePipe.wake()
        }
        return accepted
    }

    /// Takes every queued job.
    func takeAll() -> [DriverJob] {
        self.state.withLock { state in
            let jobs = state.jobs
            state.jobs.removeAll(keepingCapacity: true)
            return jobs
        }
    }

    /// Announces that the thread is about to sleep in `poll(2)`.
    ///
    /// - Returns: `false` when jobs are waiting, so the thread must not sleep.
    func prepareToSleep() -> Bool {
        self.state.withLock { state in
            guard state.jobs.isEmpty else { return false }
            state.sleeping = true
            return true
        }
    }

    /// Called after `poll(2)` returns: empties the pipe.
    func didWake() {
        self.state.withLock { $0.sleeping = false }
        self.wakePipe.drain()
    }

    /// Refuses further jobs and returns the ones still queued.
    func close() -> [DriverJob] {
        self.state.withLock { state in
            state.closed = true
            let jobs = state.jobs
            state.jobs.removeAll()
            return jobs
        }
    }
}
