import Crypto
import Foundation
import Logging
import Messaging

/// One direction of a partner's bridge: reads the source queue, checks each message against the partner's
/// contract, and moves it to the destination broker with store-and-forward semantics.
///
/// - **On confirm.** A message leaves its source queue (`basic.ack`) only after the destination broker
///   confirmed it. Publishes are `mandatory` and marked to be sent again after a reconnect, so either broker
///   may go away for minutes: the messages wait, unacknowledged, in the source queue (at most `prefetch` of
///   them held by the bridge) and move on when both sides are back.
/// - **Validation.** A message that fails (``BridgeValidator``) is published to the hub's
///   `bridge.<partner>.quarantine` with its reason (field, rule) and only then acknowledged: it is counted,
///   never dropped, and never holds up the messages behind it.
/// - **Duplicates.** A source redelivery of a message already confirmed, or still in flight, is settled
///   without a second send (``ForwardLedger``). Inbound, a message whose contract names a business key gets
///   a CloudEvents id derived from that key, so the hub's inboxes apply two partner messages with the same
///   key once, whatever their own ids; the partner's id travels on as the `partnereventid` extension.
/// - **Envelope.** CloudEvents attributes and `traceparent` cross unchanged, rewritten only to the header
///   binding the destination speaks (`cloudEvents_` or `ce-`); the `user_id` is the bridge's own account on
///   the destination, as the broker requires.
/// - **Order.** Messages leave in source order; one whose publish fails is retried with back-off while
///   the next ones go on.
public final class BridgeLink: Sendable {
    /// The brokers on either side.
    public struct Endpoints: Sendable {
        public var source: AMQPConfiguration
        public var destination: AMQPConfiguration
        /// The CloudEvents header binding written on the destination.
        public var destinationBinding: CloudEventsHeaderBinding

        public init(source: AMQPConfiguration, destination: AMQPConfiguration, destinationBinding: CloudEventsHeaderBinding) {
            self.source = source
            self.destination = destination
            self.destinationBinding = destinationBinding
        }
    }

    public let validator: BridgeValidator
    public let endpoints: Endpoints
    public let prefetch: Int
    public let stats: BridgeStats
    public let pause: PauseSwitch
    let ledger = ForwardLedger<AMQPDelivery>()
    private let acks = AckBuffer<AMQPDelivery>()
    private let logger: Logger

    public var route: BridgeRoute { self.validator.route }

    public init(validator: BridgeValidator, endpoints: Endpoints, prefetch: Int, pause: PauseSwitch, logger: Logger) {
        self.validator = validator
        self.endpoints = endpoints
        self.prefetch = prefetch
        self.pause = pause
        self.stats = BridgeStats(
            partner: validator.route.partner, direction: validator.route.direction, sourceQueue: validator.route.sourceQueue)
        var logger = logger
        logger[metadataKey: "bridge"] = "\(validator.route.partner)/\(validator.route.direction.rawValue)"
        self.logger = logger
    }

    /// Runs until the task is cancelled: connects both sides, moves messages, and after any failure (a broker
    /// refusing the account or the certificate, a connection given up) reports it and tries again with
    /// back-off.
    public func run() async {
        var attempt = 0
        while !Task.isCancelled {
            if self.pause.isPaused {
                self.stats.set(.paused)
                do { try await self.pause.waitUntilResumed() } catch { return }
            }
            let started = ContinuousClock.now
            do {
                try await self.session()
            } catch is CancellationError {
                return
            } catch {
                let reason = Self.describe(error)
                self.stats.set(.failing)
                self.stats.fail(reason)
                self.logger.warning("bridge stopped: \(reason)")
            }
            attempt = ContinuousClock.now - started > .seconds(30) ? 1 : attempt + 1
            let delay = Self.retryDelay(attempt: attempt)
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// One connected period: returns when paused or when a connection ends, throws when one fails.
    private func session() async throws {
        self.stats.set(.connecting)
        var options = AMQPConnection.Options()
        options.publishTimeout = .seconds(24 * 3600)
        options.closeTimeout = .seconds(10)
        let source = try await AMQPConnection.connect(self.endpoints.source, options: options, logger: self.logger)
        let destination: AMQPConnection
        do {
            destination = try await AMQPConnection.connect(self.endpoints.destination, options: options, logger: self.logger)
        } catch {
            await source.close()
            throw error
        }
        let hub = self.route.direction == .outbound ? source : destination
        do {
            let publisher = try await destination.makePublisher(window: self.prefetch)
            let quarantine = try await hub.makePublisher(window: 100)
            let consumer = try await source.consume(queue: self.route.sourceQueue, prefetch: self.prefetch)
            self.stats.update {
                $0.state = BridgeStats.State.running.rawValue
                $0.sourceConnection = "\(self.endpoints.source.host):\(self.endpoints.source.port)"
                $0.destinationConnection = "\(self.endpoints.destination.host):\(self.endpoints.destination.port)"
            }
            self.logger.info("bridge running: \(self.route.sourceQueue) → \(self.route.exchanges.joined(separator: ", "))")
            let sampler = Task { await self.sample(source: source, destination: destination) }
            defer { sampler.cancel() }
            for try await batch in consumer.batches {
                if self.pause.isPaused { break }
                self.handle(batch, publisher: publisher, quarantine: quarantine)
            }
        } catch {
            await destination.close()
            await source.close()
            throw error
        }
        // Destination first: its pending confirms still settle source deliveries before the source closes.
        await destination.close()
        await source.close()
    }

    /// Checks each delivery of a batch, parks the refused ones, and hands the others to the destination in
    /// one go.
    func handle(_ batch: [AMQPDelivery], publisher: AMQPPublisher, quarantine: AMQPPublisher) {
        var messages: [AMQPOutboundMessage] = []
        var ids: [String] = []
        var absorbed = 0
        for delivery in batch {
            switch self.validator.check(properties: delivery.properties, body: delivery.body) {
            case .failure(let refusal):
                self.park(delivery, refusal: refusal, publisher: quarantine, attempt: 0)
            case .success(let accepted):
                let message = self.forwarded(delivery, accepted)
                let id = message.properties.messageID ?? accepted.event.id
                switch self.ledger.admit(id, delivery: delivery) {
                case .alreadyConfirmed:
                    try? delivery.ack()
                    absorbed += 1
                case .joinedInFlight:
                    absorbed += 1
                case .forward:
                    messages.append(message)
                    ids.append(id)
                }
            }
        }
        let inFlight = self.ledger.inFlightCount
        self.stats.update {
            $0.inFlight = inFlight
            $0.duplicatesAbsorbed += absorbed
        }
        let sent = messages
        let sentIDs = ids
        publisher.send(sent) { index, result in
            self.settle(sentIDs[index], message: sent[index], result, publisher: publisher, attempt: 0)
        }
    }

    /// What a publish's outcome means for its source deliveries: acknowledged once confirmed (together, once
    /// per burst of confirms), returned to the source when the session ends, sent again after a failure.
    private func settle(
        _ id: String, message: AMQPOutboundMessage, _ result: Result<AMQPPublishConfirmation, AMQPError>,
        publisher: AMQPPublisher, attempt: Int
    ) {
        switch result {
        case .success:
            // A stale delivery (its source connection is gone) comes back; the ledger then acks it.
            if self.acks.add(self.ledger.confirmed(id)) {
                publisher.afterQueuedWork { self.flushAcks() }
            }
        case .failure(let error) where error.code == .closed:
            // The session is ending; the source gets the message back and delivers it again.
            self.ledger.abandon(id)
        case .failure(let error):
            self.stats.fail("publish of \(id) to \(message.exchange) failed: \(error); retrying")
            self.stats.update { $0.retries += 1 }
            let delay = Self.retryDelay(attempt: attempt + 1)
            Task {
                try? await Task.sleep(for: delay)
                publisher.send(message) { result in
                    self.settle(id, message: message, result, publisher: publisher, attempt: attempt + 1)
                }
            }
        }
    }

    private func flushAcks() {
        let (deliveries, confirmed) = self.acks.take()
        AMQPDelivery.ack(all: deliveries)
        let inFlight = self.ledger.inFlightCount
        self.stats.update {
            $0.forwarded += confirmed
            $0.inFlight = inFlight
        }
    }

    private func park(_ delivery: AMQPDelivery, refusal: BridgeRefusal, publisher: AMQPPublisher, attempt: Int) {
        let message = Self.quarantined(delivery, refusal: refusal, route: self.route)
        publisher.send(message) { result in
            switch result {
            case .success:
                try? delivery.ack()
                self.stats.update {
                    $0.quarantined += 1
                    $0.lastRefusal = refusal.description
                }
                self.logger.notice(
                    "quarantined \(delivery.properties.messageID ?? "a message without id"): \(refusal.description)")
            case .failure(let error) where error.code == .closed:
                return
            case .failure(let error):
                self.stats.fail("quarantine of a refused message failed: \(error); retrying")
                let delay = Self.retryDelay(attempt: attempt + 1)
                Task {
                    try? await Task.sleep(for: delay)
                    self.park(delivery, refusal: refusal, publisher: publisher, attempt: attempt + 1)
                }
            }
        }
    }

    /// Samples the source backlog every 2 s and the forwarding rate over that period.
    private func sample(source: AMQPConnection, destination: AMQPConnection) async {
        var last = (self.stats.current.forwarded, ContinuousClock.now)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(2))
            let backlog = try? await source.declareQueue(AMQPQueueSpec(self.route.sourceQueue), passive: true).messageCount
            let now = ContinuousClock.now
            let forwarded = self.stats.current.forwarded
            let seconds = Double((now - last.1).components.seconds) + Double((now - last.1).components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(forwarded - last.0) / seconds : 0
            last = (forwarded, now)
            let state: BridgeStats.State =
                source.state == .open && destination.state == .open ? .running : .connecting
            self.stats.update {
                $0.backlog = backlog ?? $0.backlog
                $0.ratePerSecond = rate
                if $0.state != BridgeStats.State.paused.rawValue { $0.state = state.rawValue }
            }
            if state != .running, let error = destination.lastError ?? source.lastError {
                self.stats.fail("\(error)")
            }
        }
    }

    /// The message as it leaves on the destination.
    func forwarded(_ delivery: AMQPDelivery, _ accepted: BridgeValidator.Accepted) -> AMQPOutboundMessage {
        Self.forwardedMessage(
            properties: delivery.properties, body: delivery.body, accepted: accepted, route: self.route,
            binding: self.endpoints.destinationBinding)
    }

    /// The message as it leaves on the destination: the envelope in the destination's header binding, the
    /// destination's own `user_id`, and inbound, the id derived from the business key.
    static func forwardedMessage(
        properties: AMQPProperties, body: [UInt8], accepted: BridgeValidator.Accepted, route: BridgeRoute,
        binding: CloudEventsHeaderBinding
    ) -> AMQPOutboundMessage {
        var properties = CloudEventAMQPMapping.rewrite(properties, to: binding)
        properties.userID = nil
        properties.messageID = properties.messageID ?? accepted.event.id
        if route.direction == .inbound, let key = accepted.businessKey {
            let derived = Self.derivedID(partner: route.partner, type: accepted.lane.type, key: key)
            properties.headers[binding.prefix + "id"] = .string(derived)
            properties.headers[binding.prefix + "partnereventid"] = .string(accepted.event.id)
            properties.messageID = derived
        }
        properties.headers["x-passerelle-bridge"] = .string("\(route.partner)/\(route.direction.rawValue)")
        return AMQPOutboundMessage(
            exchange: accepted.lane.exchange, routingKey: accepted.lane.type, body: body, properties: properties,
            mandatory: true, republishOnRecovery: true)
    }

    /// The quarantine copy: the message as received, with why it was refused.
    static func quarantined(_ delivery: AMQPDelivery, refusal: BridgeRefusal, route: BridgeRoute) -> AMQPOutboundMessage {
        var properties = delivery.properties
        if let user = properties.userID {
            properties.headers[QuarantineHeaders.sourceUser] = .string(user)
        }
        properties.userID = nil
        properties.headers[QuarantineHeaders.field] = .string(refusal.field)
        properties.headers[QuarantineHeaders.rule] = .string(refusal.rule)
        properties.headers[QuarantineHeaders.reason] = .string(refusal.message)
        properties.headers[QuarantineHeaders.partner] = .string(route.partner)
        properties.headers[QuarantineHeaders.direction] = .string(route.direction.rawValue)
        properties.headers[QuarantineHeaders.exchange] = .string(delivery.exchange)
        properties.headers[QuarantineHeaders.routingKey] = .string(delivery.routingKey)
        properties.headers[QuarantineHeaders.at] = .string(Date().formatted(.iso8601))
        if properties.messageID == nil {
            properties.messageID = UUID().uuidString.lowercased()
        }
        return AMQPOutboundMessage(
            exchange: QuarantineHeaders.exchange(route.partner), routingKey: "", body: delivery.body, properties: properties,
            mandatory: true, republishOnRecovery: true)
    }

    /// A UUID (version 8, name-based on SHA-256) for a partner's business fact: the same partner, type and key
    /// give the same id.
    static func derivedID(partner: String, type: String, key: [String]) -> String {
        let name = ([partner, type] + key).joined(separator: "\u{0}")
        var bytes = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.map(String.init).joined(separator: "-")
    }

    static func retryDelay(attempt: Int) -> Duration {
        .milliseconds(min(30_000, 250 * (1 << min(max(attempt, 1) - 1, 7))))
    }

    public static func describe(_ error: any Error) -> String {
        if let error = error as? AMQPError, error.code == .tlsFailed {
            return "TLS: the partner's certificate was refused (\(error))"
        }
        return "\(error)"
    }
}
