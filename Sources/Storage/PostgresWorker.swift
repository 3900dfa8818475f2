import Dispatch
import Foundation
import Synchronization

/// A dedicated thread that owns one libpq connection and runs jobs on it, one at a time, in order.
///
/// libpq calls block (they wait for the server), so they never run on Swift's cooperative thread pool:
/// async callers post a job here and suspend until the job resumes them.
///
/// The worker is also a `TaskExecutor`: a task that prefers it (`withTaskExecutorPreference`) runs its
/// nonisolated code on the worker's thread, where the connection calls libpq directly instead of posting a
/// job and suspending, so a body's statements run without any thread switch.
final class PostgresWorker: TaskExecutor, Sendable {
    /// Work run on the worker's thread with its thread-confined context.
    typealias Job = @Sendable (PostgresWorkerContext) -> Void

    private enum Work {
        case closure(Job)
        case task(UnownedJob)
    }

    private struct State {
        var jobs: [Work] = []
        var accepting = true
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    /// The worker thread's `pthread_self()` while it runs jobs with a live context, otherwise 0.
    private let threadID = Atomic<UInt>(0)
    /// Only touched on the worker's thread.
    private nonisolated(unsafe) let context = PostgresWorkerContext()

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

    /// Whether the caller runs on this worker's thread while it serves its connection.
    var isCurrentThread: Bool {
        let id = self.threadID.load(ordering: .acquiring)
        return id != 0 && id == Self.currentThreadID()
    }

    /// The thread-confined context, for code already running on the worker's thread.
    ///
    /// - Precondition: ``isCurrentThread``.
    func currentContext() -> PostgresWorkerContext {
        precondition(self.isCurrentThread, "PostgresWorker context used off its thread")
        return self.context
    }

    /// Queues a job.
    ///
    /// - Returns: `false` when the worker has stopped; the job was not queued.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        self.submit(work: .closure(job))
    }

    /// Runs a task's job on the worker's thread (`TaskExecutor`); once the worker has stopped, on the global
    /// concurrent executor instead, so no task is ever stranded.
    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        if !self.submit(work: .task(unowned)) {
            globalConcurrentExecutor.enqueue(unowned)
        }
    }

    private func submit(work: Work) -> Bool {
        let accepted = self.state.withLock { state in
            guard state.accepting else { return false }
            state.jobs.append(work)
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
        let context = self.context
        self.threadID.store(Self.currentThreadID(), ordering: .releasing)
        while !context.isStopped {
            self.wakeUp.wait()
            let work = self.state.withLock { state in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            if let work {
                self.execute(work, context: context)
            }
        }
        let remaining = self.state.withLock { state in
            state.accepting = false
            defer { state.jobs.removeAll() }
            return state.jobs
        }
        self.threadID.store(0, ordering: .releasing)
        // Late jobs see no connection and fail with connectionClosed; late tasks run and find it closed.
        for work in remaining {
            self.execute(work, context: context)
        }
    }

    private func execute(_ work: Work, context: PostgresWorkerContext) {
        switch work {
        case .closure(let job):
            job(context)
        case .task(let job):
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }

    private static func currentThreadID() -> UInt {
        UInt(pthread_self())
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
