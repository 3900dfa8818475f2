public import ServiceRuntime
import Synchronization

/// Runs a service in the test process (against the real local RabbitMQ and PostgreSQL, or the in-memory
/// broker) and lets a test wait for its effects.
///
/// ```swift
/// let harness = try await ServiceHarness.start(host)
/// … publish inputs …
/// try await harness.waitUntilOutboxDrained()
/// try await harness.stop()
/// ```
public final class ServiceHarness: Sendable {
    /// The running service.
    public let host: ServiceHost
    private let task: Task<Void, any Error>

    private init(host: ServiceHost, task: Task<Void, any Error>) {
        self.host = host
        self.task = task
    }

    /// Starts the service (without signal handling) and waits until its consumers and relay run.
    ///
    /// - Throws: What ``ServiceHost/run(signals:)`` threw when starting failed, or a timeout.
    public static func start(_ host: ServiceHost, timeout: Duration = .seconds(30)) async throws -> ServiceHarness {
        let outcome = Mutex<(any Error)?>(nil)
        let task = Task {
            do {
                try await host.run(signals: false)
                outcome.withLock { $0 = $0 ?? ServiceRuntimeError(.shuttingDown, "the service stopped") }
            } catch {
                outcome.withLock { $0 = error }
                throw error
            }
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                try await host.waitUntilStarted(timeout: .milliseconds(50))
                return ServiceHarness(host: host, task: task)
            } catch {
                if let failure = outcome.withLock({ $0 }) {
                    throw failure
                }
                guard ContinuousClock.now < deadline else {
                    await host.stop()
                    throw error
                }
            }
        }
    }

    /// Waits until the outbox has no due unsent row.
    ///
    /// - Throws: ``ServiceRuntimeError`` after `timeout`, naming how many rows are left.
    public func waitUntilOutboxDrained(timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let due = try await self.host.outboxDue()
            if due == 0 { return }
            guard ContinuousClock.now < deadline else {
                throw ServiceRuntimeError(.shuttingDown, "\(due) outbox row(s) still unsent after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the service gracefully and waits until it returned.
    ///
    /// - Throws: What the service's run threw.
    public func stop() async throws {
        await self.host.stop()
        try await self.task.value
    }
}
