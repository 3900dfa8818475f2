import Synchronization

/// The readiness facts of a service, set by the runtime as it connects, migrates, consumes and stops,
/// and read by the health endpoints.
///
/// Ready means: connected to the broker, consuming, migrations applied, not stopping, and an outbox
/// lag under ``maxOutboxLag``. Everything starts false (and the lag at zero), so a fresh service is
/// not ready.
///
/// > Note: Every method is thread-safe and may be called from any thread or task.
public final class HealthState: Sendable {
    private struct Facts {
        var connected = false
        var consuming = false
        var migrationsApplied = false
        var stopping = false
        var outboxLag: Duration = .zero
    }

    /// The outbox lag from which the service reports itself not ready.
    public let maxOutboxLag: Duration
    private let facts = Mutex(Facts())

    /// Creates the state of a service that is not ready yet.
    ///
    /// - Parameter maxOutboxLag: The outbox lag from which the service is not ready (30 s by default).
    public init(maxOutboxLag: Duration = .seconds(30)) {
        self.maxOutboxLag = maxOutboxLag
    }

    /// Records whether the broker connection is open.
    ///
    /// - Parameter connected: `true` once connected, `false` when the connection is lost.
    public func setConnected(_ connected: Bool) {
        self.facts.withLock { $0.connected = connected }
    }

    /// Records whether the consumers are consuming.
    ///
    /// - Parameter consuming: `true` while the consumers run (and the circuit is closed).
    public func setConsuming(_ consuming: Bool) {
        self.facts.withLock { $0.consuming = consuming }
    }

    /// Records whether the database migrations are applied.
    ///
    /// - Parameter applied: `true` once the migrations ran or were found up to date.
    public func setMigrationsApplied(_ applied: Bool) {
        self.facts.withLock { $0.migrationsApplied = applied }
    }

    /// Records the current outbox lag: the age of the oldest unsent row, zero when the outbox is empty.
    ///
    /// - Parameter lag: The lag.
    public func setOutboxLag(_ lag: Duration) {
        self.facts.withLock { $0.outboxLag = lag }
    }

    /// Records that the service is shutting down (it stops being ready at once).
    ///
    /// - Parameter stopping: `true` when graceful shutdown starts.
    public func setStopping(_ stopping: Bool) {
        self.facts.withLock { $0.stopping = stopping }
    }

    /// Whether the process is alive: always `ok` while it can answer, even when stopping or not ready.
    ///
    /// - Returns: A report with the single check ``HealthCheckName/process``.
    public func liveness() -> HealthReport {
        HealthReport(checks: [HealthCheckName.process: .init(ok: true)])
    }

    /// Whether the service should receive work: every readiness fact must hold.
    ///
    /// - Returns: A report with one check per fact; each failed check says why in its `detail`.
    public func readiness() -> HealthReport {
        let facts = self.facts.withLock { $0 }
        let lagOK = facts.outboxLag < self.maxOutboxLag
        let lagDetail = "outbox lag \(Self.seconds(facts.outboxLag)) s ≥ \(Self.seconds(self.maxOutboxLag)) s"
        return HealthReport(checks: [
            HealthCheckName.broker: .init(ok: facts.connected, detail: facts.connected ? nil : "not connected"),
            HealthCheckName.consumers: .init(ok: facts.consuming, detail: facts.consuming ? nil : "not consuming"),
            HealthCheckName.migrations: .init(
                ok: facts.migrationsApplied,
                detail: facts.migrationsApplied ? nil : "migrations not applied"
            ),
            HealthCheckName.outbox: .init(ok: lagOK, detail: lagOK ? nil : lagDetail),
            HealthCheckName.shutdown: .init(ok: !facts.stopping, detail: facts.stopping ? "stopping" : nil),
        ])
    }

    /// Seconds with at most one decimal: `45.2`, `30`.
    static func seconds(_ duration: Duration) -> String {
        let tenths = (duration.secondsAsDouble * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0, abs(tenths) < 1e15 {
            return "\(Int(tenths / 10))"
        }
        return "\(tenths / 10)"
    }
}
