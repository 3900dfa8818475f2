import Contracts
import Foundation
import Logging
import Messaging

/// The operator's view of `bridge.<partner>.quarantine` on the hub: list, show and replay.
///
/// Reading holds the messages unacknowledged and closes the connection, so the broker puts them back in
/// place. Replay checks a message again against the partner's contract (after an optional fix of its body),
/// sends it on as the bridge would (outbound: back through the hub's exchange to `bridge.<partner>.outbound`;
/// inbound: to the hub's exchange, with the bridge's envelope rules), and removes it from the quarantine only
/// once the broker confirmed the send. Each replay is rate-limited and written to an audit file.
public struct QuarantineStore: Sendable {
    /// A quarantined message, as listed.
    public struct Entry: Sendable, Codable, Hashable {
        public var id: String
        public var type: String?
        public var direction: String?
        public var field: String?
        public var rule: String?
        public var reason: String?
        public var at: String?
        public var bytes: Int
        public var headers: [String: String]
        public var body: String?
    }

    /// The outcome of one replay.
    public struct Replayed: Sendable, Codable, Hashable {
        public var id: String
        public var outcome: String
        public var detail: String?
    }

    public let partner: String
    public let hub: AMQPConfiguration
    public let contracts: ContractHub
    private let logger: Logger

    public init(partner: String, hub: AMQPConfiguration, contracts: ContractHub, logger: Logger) {
        self.partner = partner
        self.hub = hub
        self.contracts = contracts
        self.logger = logger
    }

    public var queue: String { QuarantineHeaders.exchange(self.partner) }

    /// The messages in the quarantine, oldest first, up to `limit`.
    public func list(limit: Int = 1000, bodies: Bool = false) async throws -> [Entry] {
        try await self.read(limit: limit) { deliveries, _ in
            deliveries.map { Self.entry($0, body: bodies) }
        }
    }

    /// Replays the messages whose id is in `ids` (every message when `ids` is empty), replacing the body of
    /// each with `fixes[id]` when given.
    ///
    /// - Parameters:
    ///   - perSecond: At most this many replays a second.
    ///   - operatorName: Written with each replay in the audit file and the `x-passerelle-replayed-by` header.
    ///   - audit: The audit file (JSON Lines), appended to.
    public func replay(
        ids: Set<String>, fixes: [String: [UInt8]] = [:], perSecond: Double = 20, operatorName: String, audit: URL?
    ) async throws -> [Replayed] {
        try await self.read(limit: 10_000) { deliveries, connection in
            let publisher = try await connection.makePublisher(window: 1)
            var results: [Replayed] = []
            for delivery in deliveries {
                let entry = Self.entry(delivery, body: false)
                guard ids.isEmpty || ids.contains(entry.id) else { continue }
                var body = delivery.body
                if let fix = fixes[entry.id] { body = fix }
                let result = await self.replayOne(delivery, body: body, entry: entry, publisher: publisher, operatorName: operatorName)
                results.append(result)
                Self.audit(result, partner: self.partner, operatorName: operatorName, to: audit)
                try await Task.sleep(for: .milliseconds(Int(1000 / max(perSecond, 0.1))))
            }
            await publisher.close()
            return results
        }
    }

    private func replayOne(
        _ delivery: AMQPDelivery, body: [UInt8], entry: Entry, publisher: AMQPPublisher, operatorName: String
    ) async -> Replayed {
        guard let direction = entry.direction.flatMap(BridgeDirection.init(rawValue:)) else {
            return Replayed(id: entry.id, outcome: "refused", detail: "no \(QuarantineHeaders.direction) header")
        }
        var properties = delivery.properties
        for key in properties.headers.keys where key.hasPrefix("x-passerelle-quarantine-") {
            properties.headers[key] = nil
        }
        properties.userID = nil
        properties.headers[QuarantineHeaders.replayedBy] = .string(operatorName)
        let route: BridgeRoute
        do {
            route = try BridgeRoute(partner: self.partner, direction: direction, hub: self.contracts)
        } catch {
            return Replayed(id: entry.id, outcome: "refused", detail: error.description)
        }
        let validator = BridgeValidator(route: route, hub: self.contracts)
        switch validator.check(properties: properties, body: body) {
        case .failure(let refusal):
            return Replayed(id: entry.id, outcome: "still invalid", detail: refusal.description)
        case .success(let accepted):
            var message: AMQPOutboundMessage
            switch direction {
            case .outbound:
                message = AMQPOutboundMessage(
                    exchange: accepted.lane.exchange, routingKey: accepted.lane.type, body: body, properties: properties)
            case .inbound:
                message = BridgeLink.forwardedMessage(
                    properties: properties, body: body, accepted: accepted, route: route, binding: .amqp)
            }
            message.republishOnRecovery = false
            do {
                _ = try await publisher.publish(message)
                try delivery.ack()
                return Replayed(id: entry.id, outcome: "replayed", detail: "to \(message.exchange) [\(message.routingKey)]")
            } catch {
                return Replayed(id: entry.id, outcome: "failed", detail: "\(error)")
            }
        }
    }

    /// Consumes up to `limit` messages (all there are when fewer), runs `body`, then closes the connection:
    /// every delivery not acknowledged in `body` goes back to the queue.
    private func read<T: Sendable>(
        limit: Int, _ body: @escaping @Sendable ([AMQPDelivery], AMQPConnection) async throws -> T
    ) async throws -> T {
        var options = AMQPConnection.Options()
        options.reconnect = ReconnectBackoff(maxAttempts: 0)
        let connection = try await AMQPConnection.connect(self.hub, options: options, logger: self.logger)
        do {
            let count = try await connection.declareQueue(AMQPQueueSpec(self.queue), passive: true).messageCount
            let wanted = min(count, limit)
            let result: T
            if wanted == 0 {
                result = try await body([], connection)
            } else {
                // The body runs inside the iteration: leaving the loop cancels the consumer, and its
                // deliveries could no longer be acknowledged.
                let consumer = try await connection.consume(queue: self.queue, prefetch: min(wanted, 65535))
                result = try await withThrowingTaskGroup(of: T?.self) { group in
                    group.addTask {
                        var got: [AMQPDelivery] = []
                        for try await delivery in consumer {
                            got.append(delivery)
                            if got.count >= wanted { return try await body(got, connection) }
                        }
                        return nil
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(30))
                        return nil
                    }
                    let first = try await group.next() ?? nil
                    group.cancelAll()
                    guard let first else {
                        throw BridgeError(.replay, "could not read the \(wanted) message(s) of \(self.queue) within 30 s")
                    }
                    return first
                }
            }
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    static func entry(_ delivery: AMQPDelivery, body: Bool) -> Entry {
        let headers = delivery.properties.headers
        func text(_ key: String) -> String? { headers[key]?.stringValue }
        var strings: [String: String] = [:]
        for item in headers {
            strings[item.key] = item.value.stringValue ?? "\(item.value)"
        }
        return Entry(
            id: delivery.properties.messageID ?? "-", type: delivery.properties.type ?? text("cloudEvents_type") ?? text("ce-type"),
            direction: text(QuarantineHeaders.direction), field: text(QuarantineHeaders.field), rule: text(QuarantineHeaders.rule),
            reason: text(QuarantineHeaders.reason), at: text(QuarantineHeaders.at), bytes: delivery.body.count, headers: strings,
            body: body ? String(decoding: delivery.body, as: UTF8.self) : nil)
    }

    static func audit(_ result: Replayed, partner: String, operatorName: String, to file: URL?) {
        guard let file else { return }
        struct Line: Encodable {
            var at: String
            var action = "bridge.quarantine.replay"
            var partner: String
            var operatorName: String
            var id: String
            var outcome: String
            var detail: String?
        }
        let line = Line(
            at: Date().formatted(.iso8601), partner: partner, operatorName: operatorName, id: result.id, outcome: result.outcome,
            detail: result.detail)
        guard var data = try? JSONEncoder().encode(line) else { return }
        data.append(0x0A)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let handle = try? FileHandle(forWritingTo: file) {
            handle.seekToEndOfFile()
            handle.write(data)
            try? handle.close()
        } else {
            try? data.write(to: file)
        }
    }
}
