import Foundation
import Logging

/// A connection to RabbitMQ over rabbitmq-c, with publisher confirms, consumers, heartbeats and
/// automatic recovery.
///
/// Each connection owns one dedicated thread; every rabbitmq-c call for it runs there, as rabbitmq-c
/// requires. The async methods post work to that thread and suspend until it answers, so Swift's
/// cooperative thread pool never blocks on the network.
///
/// When the connection is lost (broker restart, `rabbitmqctl close_connection`, a network cut detected by
/// heartbeats) it reconnects with jittered exponential back-off, reopens its channels, restores qos and
/// confirm mode, and restarts its consumers. A publish in flight at that moment fails with
/// ``AMQPError/Code/connectionLost``, unless the message asked to be republished.
///
/// > Note: Use separate connections for publishing and for consuming when throughput matters: each
/// > connection is one thread and one socket.
public final class AMQPConnection: Sendable {
    /// Tuning knobs with sensible defaults.
    public struct Options: Sendable {
        /// The back-off between reconnect attempts; `ReconnectBackoff(maxAttempts: 0)` disables recovery.
        public var reconnect = ReconnectBackoff()
        /// How long a publish may wait for its confirm (including time queued while recovering). Default 60 s.
        public var publishTimeout: Duration = .seconds(60)
        /// The longest the connection thread sleeps between checks. Default 100 ms; it is also capped at a
        /// quarter of the heartbeat, so heartbeats are always answered in time.
        public var pollInterval: Duration = .milliseconds(100)
        /// How long ``AMQPConnection/close()`` waits for in-flight confirms. Default 10 s.
        public var closeTimeout: Duration = .seconds(10)
        /// Whether single acks that arrive together are sent as one `multiple` ack when they settle a
        /// contiguous run of deliveries (see docs/amqp.md). On by default; the broker ends in the same
        /// state, with fewer frames to process.
        public var coalesceAcks = true
        /// Whether OpenSSL also checks the host name during the TLS handshake, on top of rabbitmq-c's own
        /// check. On by default; tests turn it off to observe rabbitmq-c 0.11's check alone (docs/amqp.md).
        var opensslHostnameCheck = true

        /// Creates the default options.
        public init() {}
    }

    private let mailbox: Mailbox
    private let shared: ConnectionShared
    /// The configuration the connection was opened with.
    public let configuration: AMQPConfiguration

    private init(configuration: AMQPConfiguration, mailbox: Mailbox, shared: ConnectionShared) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.shared = shared
    }

    deinit {
        self.mailbox.enqueue { driver in
            driver.beginClose(timeout: .zero) {}
        }
    }

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - options: Recovery and timeout settings.
    ///   - logger: Where the connection logs (at `.info` and below).
    /// - Returns: The open connection.
    /// - Throws: ``AMQPError`` (``AMQPError/Code/connectionFailed``, ``AMQPError/Code/authenticationFailed``,
    ///   ``AMQPError/Code/tlsFailed``) when the first connect fails. The first connect is not retried.
    public static func connect(
        _ configuration: AMQPConfiguration,
        options: Options = Options(),
        logger: Logger
    ) async throws -> AMQPConnection {
        let mailbox = Mailbox()
        let shared = ConnectionShared()
        var logger = logger
        logger[metadataKey: "amqp.peer"] = "\(configuration.host):\(configuration.port)"
        if let name = configuration.connectionName {
            logger[metadataKey: "amqp.connection"] = "\(name)"
        }
        let driverLogger = logger
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let driver = ConnectionDriver(
                    configuration: configuration, options: options, mailbox: mailbox, shared: shared,
                    logger: driverLogger)
                do {
                    try driver.start()
                } catch {
                    _ = mailbox.close()
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume()
                driver.run()
            }
            thread.name = "amqp \(configuration.host):\(configuration.port)"
            thread.stackSize = 4 << 20
            thread.start()
        }
        return AMQPConnection(configuration: configuration, mailbox: mailbox, shared: shared)
    }

    /// What the broker said about itself at the last (re)connect.
    public var serverInfo: AMQPServerInfo { self.shared.read().serverInfo }

    /// Whether the connection is open, recovering or closed.
    public var state: AMQPConnectionState { self.shared.read().state }

    /// How many times the connection recovered after a loss.
    public var recoveryCount: Int { self.shared.read().recoveries }

    /// The heartbeat interval agreed with the broker, in seconds (0 when disabled).
    public var heartbeatSeconds: Int { self.shared.read().heartbeatSeconds }

    /// The last connection-level error (the cause of the latest loss), if any.
    public var lastError: AMQPError? { self.shared.read().lastError }

    /// Whether the broker currently blocks publishing (memory or disk alarm).
    public var isBlocked: Bool { self.shared.read().blocked }

    /// Closes the connection: new publishes are refused, in-flight ones get up to
    /// ``Options/closeTimeout`` to be confirmed, consumers end, and the thread exits.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = self.mailbox.enqueue { driver in
                driver.beginClose(timeout: driver.options.closeTimeout) { continuation.resume() }
            }
            if !accepted {
                continuation.resume()
            }
        }
    }

    /// Runs a job on the connection thread and waits for its result.
    func perform<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (ConnectionDriver) -> Result<T, AMQPError>
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = self.mailbox.enqueue { driver in
                continuation.resume(with: body(driver).mapError { $0 as any Error })
            }
            if !accepted {
                continuation.resume(throwing: AMQPError(.closed, operation: operation))
            }
        }
    }

    /// Posts a job to the connection thread without waiting.
    @discardableResult
    func post(_ job: @escaping DriverJob) -> Bool {
        self.mailbox.enqueue(job)
    }

    var connectionMailbox: Mailbox { self.mailbox }
}
