import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Everything that happens on a connection's own thread: the socket, the channels, publisher confirms,
/// deliveries, heartbeats and recovery.
///
/// Not `Sendable`: it is created on that thread (see ``AMQPConnection``) and never leaves it. Other
/// threads reach it only through ``Mailbox`` jobs.
final class ConnectionDriver {
    static let adminChannel: UInt16 = 1

    let configuration: AMQPConfiguration
    let options: AMQPConnection.Options
    let mailbox: Mailbox
    let shared: ConnectionShared
    let logger: Logger

    var raw: RabbitConnection?
    var recovery: RecoveryStateMachine
    var generator = SystemRandomNumberGenerator()
    var adminChannelOpen = false
    var publishers: [UInt16: PublisherState] = [:]
    var consumers: [UInt16: ConsumerState] = [:]
    var blocked = false
    var closing: (deadline: ContinuousClock.Instant, waiters: [@Sendable () -> Void])?
    var finished = false
    private var freeChannels: [UInt16] = []
    private var nextChannel: UInt16 = 2
    private var recoveryWakeUp: ContinuousClock.Instant?
    private var lastDeadlineCheck = ContinuousClock.now

    init(configuration: AMQPConfiguration, options: AMQPConnection.Options, mailbox: Mailbox, shared: ConnectionShared, logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.mailbox = mailbox
        self.shared = shared
        self.logger = logger
        self.recovery = RecoveryStateMachine(backoff: options.reconnect)
    }

    /// The client properties sent at login. The capabilities make the broker send consumer-cancel
    /// notifications and blocked-connection notices; rabbitmq-c 0.11 does not announce them by itself.
    var clientProperties: AMQPTable {
        var properties: AMQPTable = [
            "product": "Passerelle",
            "platform": "Swift / rabbitmq-c 0.11",
            "capabilities": .table([
                "publisher_confirms": true,
                "consumer_cancel_notify": true,
                "connection.blocked": true,
                "basic.nack": true,
                "authentication_failure_close": true,
                "exchange_exchange_bindings": true,
            ]),
        ]
        if let name = self.configuration.connectionName {
            properties["connection_name"] = .string(name)
        }
        return properties
    }

    // MARK: - Lifecycle

    /// Opens the first connection. Its error goes straight to the caller of `connect`.
    func start() throws(AMQPError) {
        let raw = try RabbitConnection.open(
            self.configuration, clientProperties: self.clientProperties,
            opensslHostnameCheck: self.options.opensslHostnameCheck)
        self.raw = raw
        self.shared.update {
            $0.state = .open
            $0.serverInfo = AMQPServerInfo(properties: raw.serverProperties)
            $0.heartbeatSeconds = raw.heartbeatSeconds
        }
    }

    /// The thread's loop; returns once the connection is closed for good.
    func run() {
        while !self.finished {
            for job in self.mailbox.takeAll() {
                job(self)
            }
            if self.finished { break }
            self.flushAllAcks()
            if self.raw != nil {
                self.pump()
                self.flushPublishes()
                self.checkClosing()
            } else {
                self.stepRecovery()
            }
            self.checkDeadlines()
            if self.finished { break }
            self.waitForWork()
        }
        // Jobs that raced with the shutdown still get their answer (every handler copes with `finished`).
        for job in self.mailbox.close() {
            job(self)
        }
    }

    private func waitForWork() {
        if let raw = self.raw, raw.hasBufferedInput {
            return
        }
        guard self.mailbox.prepareToSleep() else { return }
        var timeout = self.options.pollInterval
        if let heartbeat = self.raw?.heartbeatSeconds, heartbeat > 0 {
            timeout = min(timeout, .milliseconds(heartbeat * 250))
        }
        if self.raw == nil, let wakeUp = self.recoveryWakeUp {
            timeout = min(timeout, max(.zero, ContinuousClock.now.duration(to: wakeUp)))
        }
        var fds = [pollfd(fd: self.mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        if let raw = self.raw {
            fds.append(pollfd(fd: raw.socketDescriptor, events: Int16(POLLIN), revents: 0))
        }
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        _ = poll(&fds, nfds_t(fds.count), max(0, milliseconds))
        self.mailbox.didWake()
    }

    /// Reads every frame available now and dispatches it.
    private func pump() {
        defer { self.flushDeliveries() }
        var handled = 0
        while let raw = self.raw {
            let event: IncomingEvent?
            do {
                event = try raw.nextEvent()
            } catch {
                self.connectionLost(error)
                return
            }
            guard let event else { return }
            if handled % 256 == 255 {
                self.flushDeliveries()
            }
            self.handle(event)
            // `handle` may have dropped the connection (connection.close): use the current one, if any.
            self.raw?.releaseBuffers()
            handled += 1
            if handled % 64 == 0 {
                // Keep the publish pipeline full while acks stream in.
                self.flushPublishes()
            }
        }
    }

    private func handle(_ event: IncomingEvent) {
        switch event {
        case .delivery(let delivery):
            self.deliver(delivery)
        case .ack(let channel, let tag, let multiple):
            self.publishers[channel]?.handleAck(deliveryTag: tag, multiple: multiple)
        case .nack(let channel, let tag, let multiple):
            self.publishers[channel]?.handleNack(deliveryTag: tag, multiple: multiple)
        case .returned(let channel, let reply, let messageID):
            if let publisher = self.publishers[channel], let messageID {
                if !publisher.tracker.handleReturn(messageID: messageID, reply: reply) {
                    self.logger.debug("Returned message matched no pending publish", metadata: ["message.id": "\(messageID)"])
                }
            }
        case .channelClosed(let channel, let reply):
            self.channelClosedByServer(channel, reply: reply)
        case .connectionClosed(let reply):
            self.connectionLost(AMQPError(.connectionClosedByServer, operation: "connection", serverReply: reply))
        case .consumerCancelled(let channel, _):
            self.consumerCancelledByServer(channel)
        case .blocked(let reason):
            self.blocked = true
            self.shared.update { $0.blocked = true }
            self.logger.info("Broker blocked the connection", metadata: ["amqp.reason": "\(reason)"])
        case .unblocked:
            self.blocked = false
            self.shared.update { $0.blocked = false }
        case .ignored:
            break
        }
    }

    private func channelClosedByServer(_ channel: UInt16, reply: AMQPError.ServerReply) {
        self.logger.info("Broker closed a channel", metadata: ["amqp.channel": "\(channel)", "amqp.reply": "\(reply)"])
        if channel == Self.adminChannel {
            self.adminChannelOpen = false
        } else if self.publishers[channel] != nil {
            self.publisherChannelClosed(channel, error: AMQPError(.channelClosed, operation: "publish", serverReply: reply))
        } else if self.consumers[channel] != nil {
            self.consumerChannelClosed(channel, error: AMQPError(.channelClosed, operation: "consume", serverReply: reply))
        }
    }

    // MARK: - Channels

    func allocateChannel() -> UInt16? {
        if let channel = self.freeChannels.popLast() {
            return channel
        }
        let limit = self.configuration.channelMax == 0 ? Int(UInt16.max) : self.configuration.channelMax
        guard Int(self.nextChannel) <= limit else { return nil }
        defer { self.nextChannel += 1 }
        return self.nextChannel
    }

    func releaseChannel(_ channel: UInt16) {
        self.freeChannels.append(channel)
    }

    /// Runs an RPC on the admin channel, reopening it after a channel error.
    func admin<T>(_ body: (RabbitConnection, UInt16) throws(AMQPError) -> T) -> Result<T, AMQPError> {
        guard !self.finished else { return .failure(AMQPError(.closed, operation: "admin")) }
        guard let raw = self.raw else { return .failure(AMQPError(.notConnected, operation: "admin")) }
        do {
            if !self.adminChannelOpen {
                try raw.openChannel(Self.adminChannel)
                self.adminChannelOpen = true
            }
            return .success(try body(raw, Self.adminChannel))
        } catch {
            self.absorb(error, channel: Self.adminChannel)
            return .failure(error)
        }
    }

    /// Updates the state after an RPC error: a channel error closes one channel, anything else the connection.
    func absorb(_ error: AMQPError, channel: UInt16) {
        if error.code == .channelClosed {
            if channel == Self.adminChannel {
                self.adminChannelOpen = false
            }
        } else if error.code != .invalidArgument {
            self.connectionLost(error)
        }
    }

    // MARK: - Recovery

    /// The connection broke: settle what depended on it, then start recovering.
    func connectionLost(_ error: AMQPError) {
        guard let raw = self.raw else { return }
        raw.abandon()
        self.raw = nil
        self.adminChannelOpen = false
        self.blocked = false
        self.logger.info("AMQP connection lost", metadata: ["amqp.error": "\(error)"])
        let recovering = !self.finished && self.closing == nil
        for publisher in self.publishers.values {
            publisher.connectionLost(cause: error, republish: recovering)
        }
        for consumer in self.consumers.values {
            consumer.connectionLost()
        }
        guard recovering else {
            self.finish(error: error)
            return
        }
        self.shared.update {
            $0.state = .recovering
            $0.lastError = error
            $0.blocked = false
        }
        self.apply(self.recovery.connectionLost(now: .now, generator: &self.generator), cause: error)
    }

    private func stepRecovery() {
        self.apply(self.recovery.tick(now: .now), cause: nil)
    }

    private func apply(_ action: RecoveryStateMachine.Action, cause: AMQPError?) {
        switch action {
        case .none, .restore:
            break
        case .wait(let until):
            self.recoveryWakeUp = until
        case .connect:
            self.reconnect()
        case .giveUp:
            self.logger.info("AMQP recovery gave up")
            self.finish(error: cause ?? self.shared.read().lastError ?? AMQPError(.connectionLost, operation: "recover"))
        }
    }

    private func reconnect() {
        do {
            let raw = try RabbitConnection.open(
            self.configuration, clientProperties: self.clientProperties,
            opensslHostnameCheck: self.options.opensslHostnameCheck)
            self.raw = raw
            try self.restoreChannels(raw)
            _ = self.recovery.connected()
            self.recoveryWakeUp = nil
            self.shared.update {
                $0.state = .open
                $0.recoveries += 1
                $0.serverInfo = AMQPServerInfo(properties: raw.serverProperties)
                $0.heartbeatSeconds = raw.heartbeatSeconds
            }
            self.logger.info("AMQP connection recovered")
        } catch {
            self.raw?.abandon()
            self.raw = nil
            self.shared.update { $0.lastError = error }
            self.logger.debug("AMQP reconnect attempt failed", metadata: ["amqp.error": "\(error)"])
            self.apply(self.recovery.connectFailed(now: .now, generator: &self.generator), cause: error)
        }
    }

    /// Reopens publisher channels (with confirm mode) and consumer channels (with qos and the consume).
    private func restoreChannels(_ raw: RabbitConnection) throws(AMQPError) {
        for (channel, publisher) in self.publishers {
            try raw.openChannel(channel)
            try raw.confirmSelect(channel)
            publisher.channelOpen = true
        }
        for (channel, consumer) in self.consumers {
            do {
                try consumer.start(on: raw)
            } catch where error.code == .channelClosed || error.code == .invalidArgument {
                // The queue is gone or refused us: this consumer ends, the others go on.
                self.removeConsumer(channel, error: error)
            }
        }
    }

    // MARK: - Shutdown

    /// Starts a graceful close: new publishes are refused, in-flight ones get until `deadline` to be confirmed.
    func beginClose(timeout: Duration, completion: @escaping @Sendable () -> Void) {
        if self.finished {
            completion()
            return
        }
        if self.closing == nil {
            self.closing = (ContinuousClock.now.advanced(by: timeout), [])
            for publisher in self.publishers.values {
                publisher.failQueued(AMQPError(.closed, operation: "publish"))
            }
        }
        self.closing?.waiters.append(completion)
        if self.raw == nil {
            self.finish(error: nil)
        }
    }

    private func checkClosing() {
        guard let closing = self.closing else { return }
        let drained = self.publishers.values.allSatisfy { $0.tracker.inFlight == 0 }
        if drained || ContinuousClock.now >= closing.deadline {
            self.finish(error: nil)
        }
    }

    /// Ends the connection for good. `error` is `nil` for a requested close.
    func finish(error: AMQPError?) {
        guard !self.finished else { return }
        self.finished = true
        self.raw?.close()
        self.raw = nil
        let failure = error ?? AMQPError(.closed, operation: "connection")
        for publisher in self.publishers.values {
            publisher.failAll(failure)
        }
        for channel in Array(self.consumers.keys) {
            self.removeConsumer(channel, error: error)
        }
        self.publishers.removeAll()
        self.shared.update {
            $0.state = .closed
            if let error { $0.lastError = error }
        }
        for waiter in self.closing?.waiters ?? [] {
            waiter()
        }
        self.closing?.waiters.removeAll()
    }

    // MARK: - Deadlines

    private func checkDeadlines() {
        let now = ContinuousClock.now
        guard self.lastDeadlineCheck.duration(to: now) >= .milliseconds(100) else { return }
        self.lastDeadlineCheck = now
        for publisher in self.publishers.values {
            publisher.expire(now: now)
        }
    }
}
