import Foundation
import Logging
import PosixSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Keeps one connection listening on a channel, on its own thread, and reconnects when it is lost.
///
/// The thread sleeps in `poll(2)` on the connection's socket and on a wake-up pipe. When the socket is
/// readable it calls `PQconsumeInput` and hands every `PQnotifies` entry to the stream. When the connection
/// breaks (for example `pg_terminate_backend`), it reconnects with capped exponential back-off and runs
/// `LISTEN` again. Notifications sent while it was disconnected are lost (PostgreSQL does not queue them),
/// so consumers should treat a notification as a hint and also poll.
final class PostgresListener: Sendable {
    typealias Continuation = AsyncThrowingStream<PostgresNotification, any Error>.Continuation

    private let configuration: PostgresConfiguration
    private let channel: String
    private let logger: Logger
    private let continuation: Continuation
    private let onFinish: @Sendable () -> Void
    private let stopRequested = Atomic<Bool>(false)
    private let wakePipe: WakePipe
    /// How many times the listener reconnected.
    let reconnectCount = Atomic<Int>(0)

    init(
        configuration: PostgresConfiguration,
        channel: String,
        logger: Logger,
        continuation: Continuation,
        onFinish: @escaping @Sendable () -> Void
    ) {
        self.configuration = configuration
        self.channel = channel
        var logger = logger
        logger[metadataKey: LogKey.channel] = "\(channel)"
        self.logger = logger
        self.continuation = continuation
        self.onFinish = onFinish
        do {
            self.wakePipe = try WakePipe()
        } catch {
            // PostgresClient.listen creates the listener without `try`; running out of descriptors here
            // stops the process, as it always has.
            fatalError("no wake pipe for a PostgreSQL listener: \(error)")
        }
    }

    /// Starts the thread and returns once `LISTEN` is active.
    ///
    /// - Throws: ``PostgresError`` when the first connection or `LISTEN` fails; the thread has then ended.
    func start() async throws(PostgresError) {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<Void, PostgresError>, Never>) in
            let thread = Thread { [self] in
                self.run { continuation.resume(returning: $0) }
            }
            thread.name = "postgres listen \(self.channel)"
            thread.start()
        }
        try result.get()
    }

    /// Asks the thread to close the connection, finish the stream and end. Safe to call more than once.
    func stop() {
        guard !self.stopRequested.exchange(true, ordering: .sequentiallyConsistent) else { return }
        self.wakePipe.wake()
    }

    private var isStopping: Bool { self.stopRequested.load(ordering: .sequentiallyConsistent) }

    private func run(started: (Result<Void, PostgresError>) -> Void) {
        defer {
            self.continuation.finish()
            self.onFinish()
        }
        var connection: LibPQConnection
        switch self.connectAndListen() {
        case .success(let opened):
            connection = opened
            started(.success(()))
        case .failure(let error):
            started(.failure(error))
            return
        }
        while !self.isStopping {
            var descriptors = [
                pollfd(fd: self.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: connection.socket, events: Int16(POLLIN), revents: 0),
            ]
            guard poll(&descriptors, 2, -1) >= 0 || errno == EINTR else { break }
            self.wakePipe.drain()
            guard !self.isStopping, descriptors[1].revents != 0 else { continue }
            let alive = connection.consumeInput() && connection.isHealthy
            self.deliver(connection.takeNotifications())
            if !alive {
                self.logger.info("PostgreSQL listener lost its connection; reconnecting")
                guard let replacement = self.reconnect() else { break }
                connection = replacement
            }
        }
    }

    /// Reconnects until it succeeds or a stop is requested.
    ///
    /// - Returns: The new connection, already listening; `nil` when stopping.
    private func reconnect() -> LibPQConnection? {
        var attempt = 0
        while !self.isStopping {
            attempt += 1
            switch self.connectAndListen() {
            case .success(let connection):
                self.reconnectCount.add(1, ordering: .sequentiallyConsistent)
                self.logger.info("PostgreSQL listener reconnected", metadata: [LogKey.attempt: "\(attempt)"])
                return connection
            case .failure(let error):
                self.logger.debug(
                    "PostgreSQL listener reconnect failed",
                    metadata: [LogKey.attempt: "\(attempt)", LogKey.errorCode: "\(error.code)"])
            }
            // 100 ms doubled per attempt, capped at 5 s, with jitter; a stop request interrupts the wait.
            let ceiling = min(5_000, 100 << min(attempt - 1, 6))
            var descriptor = pollfd(fd: self.wakePipe.readDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(Int.random(in: ceiling / 2...ceiling)))
            self.wakePipe.drain()
        }
        return nil
    }

    private func connectAndListen() -> Result<LibPQConnection, PostgresError> {
        let keepalives = [
            PostgresConfiguration.Parameter(key: "keepalives", value: "1"),
            PostgresConfiguration.Parameter(key: "keepalives_idle", value: "30"),
            PostgresConfiguration.Parameter(key: "keepalives_interval", value: "10"),
            PostgresConfiguration.Parameter(key: "keepalives_count", value: "3"),
        ]
        let sql = "LISTEN \(PostgresIdentifier.quote(self.channel))"
        return LibPQConnection.connect(
            self.configuration.connectParameters(extra: keepalives), logger: self.logger
        ).flatMap { connection in
            connection.execute(sql, binds: PostgresBindings()).map { _ in
                // Notifications read along with the LISTEN reply would not make the socket readable again.
                self.deliver(connection.takeNotifications())
                return connection
            }
        }
    }

    private func deliver(_ notifications: [PostgresNotification]) {
        for notification in notifications {
            self.continuation.yield(notification)
        }
    }
}
