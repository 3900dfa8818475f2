import Dispatch
import Foundation
import Synchronization

/// A dedicated thread that owns one libpq connection and runs jobs on it, one at a time, in order.
///
/// libpq calls block (they wait for the server), so they never run on Swift's cooperative thread pool:
/// async callers post a job here and suspend until the job resumes them.
final class PostgresWorker: Sendable {
    /// Work run on the worker's thread with its thread-confined context.
    typealias Job = @Sendable (PostgresWorkerContext) -> Void

    private struct State {
        var jobs: [Job] = []
        var accepting = true
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Starts the thread.
    ///
    /// - Parameter name: The thread's name, shown by debuggers.
    init(name: String) {
        let thread = Thread { [self] in
            self.run()
        }
        thread.name = name
        thread.start()
    }

    /// Queues a job.
    ///
    /// - Returns: `false` when the worker has stopped; the job was not queued.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = self.state.withLock { state in
            guard state.accepting else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            self.wakeUp.signal()
        }
        return accepted
    }

    /// Finishes the connection and ends the thread once the jobs queued before it have run.
    func shutdown() {
        self.submit { context in
            context.stop()
        }
    }

    private func run() {
        let context = PostgresWorkerContext()
        while !context.isStopped {
            self.wakeUp.wait()
            let job = self.state.withLock { state in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            job?(context)
        }
        let remaining = self.state.withLock { state in
            state.accepting = false
            defer { state.jobs.removeAll() }
            return state.jobs
        }
        // Late jobs see no connection and fail with connectionClosed.
        for job in remaining {
            job(context)
        }
    }
}

/// The state confined to a worker's thread: the libpq connection.
///
/// Not `Sendable`: only the worker's thread touches it.
final class PostgresWorkerContext {
    /// The open connection, or `nil` before connecting and after stopping.
    var connection: LibPQConnection?
    /// Whether the thread is ending.
    private(set) var isStopped = false

    /// Finishes the connection (`PQfinish`, through `LibPQConnection.deinit`) and ends the thread.
    func stop() {
        self.connection = nil
        self.isStopped = true
    }
}
