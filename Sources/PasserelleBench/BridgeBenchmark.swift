import Bridge
import Contracts
import Foundation
import JSONSchema
import Logging
import Messaging
import PasserelleOps

/// One direction of a partner bridge (hub → partner, validation on) beside RabbitMQ's own Shovel moving the
/// same messages the same way, in the same run: quorum queue to quorum queue, on-confirm, same bodies.
///
/// Each side gets a throwaway vhost on both nodes (the hub's and the partners'), filled before the clock
/// starts; each clock stops when the destination queue holds every message.
struct BridgeBenchmark: Sendable {
    struct Settings: Sendable {
        var hubAMQP: AMQPConfiguration
        var partnerAMQP: AMQPConfiguration
        var hubManagement: ManagementClient
        var partnerManagement: ManagementClient
        var messages: Int
        var size: Int
        var prefetch: Int
        var contracts: ContractHub
    }

    /// One round: both movers on fresh vhosts, one after the other.
    struct Round: Sendable, Encodable {
        var bridgeSeconds: Double
        var shovelSeconds: Double
        var shovelFirst: Bool
    }

    struct Result: Sendable, Encodable {
        var messages: Int
        var size: Int
        var messageType: String
        var rounds: [Round]
        /// Medians over the rounds.
        var bridge_per_s: Double
        var shovel_per_s: Double
        var ratio: Double
    }

    let settings: Settings
    let rounds: Int
    let logger: Logger
    let progress: @Sendable (String) -> Void

    /// Runs the rounds, alternating which mover goes first (the brokers' disks and caches favour neither), and
    /// reports the median rate of each.
    func run() async throws -> Result {
        let (type, body) = try Self.body(size: self.settings.size, contracts: self.settings.contracts)
        var rounds: [Round] = []
        for index in 0..<self.rounds {
            let round = try await self.round(index, type: type, body: body)
            self.progress(String(
                format: "round %d: bridge %.0f msg/s, shovel %.0f msg/s", index + 1, Double(self.settings.messages) / round.bridgeSeconds,
                Double(self.settings.messages) / round.shovelSeconds))
            rounds.append(round)
        }
        let count = Double(self.settings.messages)
        let bridge = Self.median(rounds.map { count / $0.bridgeSeconds })
        let shovel = Self.median(rounds.map { count / $0.shovelSeconds })
        return Result(
            messages: self.settings.messages, size: body.count, messageType: type, rounds: rounds, bridge_per_s: bridge,
            shovel_per_s: shovel, ratio: bridge / shovel)
    }

    private func round(_ index: Int, type: String, body: [UInt8]) async throws -> Round {
        let suffix = UUID().uuidString.lowercased().prefix(8)
        let vhost = "bench.bridge.\(suffix)"
        var hub = self.settings.hubAMQP
        hub.virtualHost = vhost
        var partner = self.settings.partnerAMQP
        partner.virtualHost = vhost
        try await self.createVHosts(vhost)
        do {
            self.progress("round \(index + 1): filling 2 × \(self.settings.messages) messages of \(body.count) bytes (\(type))")
            try await self.prepare(hub: hub, partner: partner, type: type, body: body)
            let shovelFirst = index % 2 == 0
            var shovel = 0.0
            var bridge = 0.0
            if shovelFirst { shovel = try await self.runShovel(vhost: vhost, hub: hub, partner: partner) }
            bridge = try await self.runBridge(hub: hub, partner: partner)
            if !shovelFirst { shovel = try await self.runShovel(vhost: vhost, hub: hub, partner: partner) }
            await self.deleteVHosts(vhost)
            return Round(bridgeSeconds: bridge, shovelSeconds: shovel, shovelFirst: shovelFirst)
        } catch {
            await self.deleteVHosts(vhost)
            throw error
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// A valid message of the prefecture's contract of `size` bytes: a cancellation (435 B) padded in its
    /// package URI up to 2 KiB, beyond that a transmission padded with annex file names.
    static func body(size: Int, contracts: ContractHub) throws -> (String, [UInt8]) {
        let cancel = "prefecture.act.cancel.v1"
        let transmit = "prefecture.act.transmit.v1"
        guard case .object(var small) = contracts.messages[cancel]?.examples.first?.payload,
            case .object(var large) = contracts.messages[transmit]?.examples.first?.payload
        else { throw BridgeError(.configuration, "the prefecture contract has no examples to build bench messages from") }
        let base = small.jsonBytes.count
        if size <= base + 1_500 {
            if size > base, case .object(var package) = small["package"], let uri = package["uri"]?.stringValue {
                package["uri"] = .string(uri + "?" + String(repeating: "p", count: size - base - 1))
                small["package"] = .object(package)
            }
            return (cancel, small.jsonBytes)
        }
        guard case .object(var act) = large["act"] else { return (transmit, large.jsonBytes) }
        var names = act["annexFileNames"]?.arrayValue ?? []
        var remaining = size - large.jsonBytes.count
        while remaining > 3, names.count < 200 {
            let length = min(255, remaining - 3)
            names.append(.string(String(repeating: "a", count: max(1, length - 4)) + ".pdf"))
            remaining -= length + 3
        }
        act["annexFileNames"] = .array(names)
        large["act"] = .object(act)
        return (transmit, large.jsonBytes)
    }

    private func createVHosts(_ vhost: String) async throws {
        let permissions = try JSONSerialization.data(withJSONObject: ["configure": ".*", "write": ".*", "read": ".*"])
        for (client, user) in [(self.settings.hubManagement, self.settings.hubAMQP.username), (self.settings.partnerManagement, self.settings.partnerAMQP.username)] {
            try await client.send("PUT", "/api/vhosts/\(ManagementClient.segment(vhost))")
            try await client.send(
                "PUT", "/api/permissions/\(ManagementClient.segment(vhost))/\(ManagementClient.segment(user))", body: permissions)
        }
    }

    private func deleteVHosts(_ vhost: String) async {
        for client in [self.settings.hubManagement, self.settings.partnerManagement] {
            _ = try? await client.send("DELETE", "/api/vhosts/\(ManagementClient.segment(vhost))", accepting: [404])
        }
    }

    private func prepare(hub: AMQPConfiguration, partner: AMQPConfiguration, type: String, body: [UInt8]) async throws {
        let hubConnection = try await AMQPConnection.connect(hub, logger: self.logger)
        let partnerConnection = try await AMQPConnection.connect(partner, logger: self.logger)
        for connection in [hubConnection, partnerConnection] {
            try await connection.declareExchange(AMQPExchangeSpec("prefecture.commands", type: .direct))
        }
        for name in ["bench.bridge.source", "bench.shovel.source"] {
            try await hubConnection.declareQueue(AMQPQueueSpec.quorum(name))
        }
        for name in ["bench.bridge.destination", "bench.shovel.destination"] {
            try await partnerConnection.declareQueue(AMQPQueueSpec.quorum(name))
        }
        try await partnerConnection.bindQueue(
            AMQPBinding(source: "prefecture.commands", destination: "bench.bridge.destination", routingKey: type))
        let publisher = try await hubConnection.makePublisher(window: 2000)
        for queue in ["bench.bridge.source", "bench.shovel.source"] {
            var sent = 0
            while sent < self.settings.messages {
                let batch = min(10_000, self.settings.messages - sent)
                let messages = (sent..<(sent + batch)).map { index in
                    var event = CloudEvent(id: "bench-\(index)", source: "/passerelle/documents", type: type, data: body)
                    event.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                    return AMQPOutboundMessage(
                        exchange: "", routingKey: queue, body: body, properties: CloudEventAMQPMapping.properties(for: event))
                }
                for result in await publisher.publish(messages) { _ = try result.get() }
                sent += batch
            }
        }
        await hubConnection.close()
        await partnerConnection.close()
    }

    /// A dynamic shovel on the hub's node, deleted once it moved the queue's length; timed until the
    /// destination holds every message.
    private func runShovel(vhost: String, hub: AMQPConfiguration, partner: AMQPConfiguration) async throws -> Double {
        func uri(_ configuration: AMQPConfiguration) -> String {
            let vhost = configuration.virtualHost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? configuration.virtualHost
            return "amqp://\(configuration.username):\(configuration.password)@\(configuration.host):\(configuration.port)/\(vhost)"
        }
        let value: [String: Any] = [
            "value": [
                "src-protocol": "amqp091", "src-uri": uri(hub), "src-queue": "bench.shovel.source",
                "dest-protocol": "amqp091", "dest-uri": uri(partner), "dest-queue": "bench.shovel.destination",
                "ack-mode": "on-confirm", "src-delete-after": "queue-length", "src-prefetch-count": self.settings.prefetch,
            ]
        ]
        let started = ContinuousClock.now
        try await self.settings.hubManagement.send(
            "PUT", "/api/parameters/shovel/\(ManagementClient.segment(vhost))/bench-shovel",
            body: try JSONSerialization.data(withJSONObject: value))
        try await self.waitForDestination("bench.shovel.destination", on: partner)
        return Self.seconds(ContinuousClock.now - started)
    }

    private func runBridge(hub: AMQPConfiguration, partner: AMQPConfiguration) async throws -> Double {
        var route = try BridgeRoute(partner: "prefecture", direction: .outbound, hub: self.settings.contracts)
        route.sourceQueue = "bench.bridge.source"
        let link = BridgeLink(
            validator: BridgeValidator(route: route, hub: self.settings.contracts),
            endpoints: BridgeLink.Endpoints(source: hub, destination: partner, destinationBinding: .amqp),
            prefetch: self.settings.prefetch, pause: PauseSwitch(marker: nil), logger: self.logger)
        let started = ContinuousClock.now
        let task = Task { await link.run() }
        defer { task.cancel() }
        try await self.waitForDestination("bench.bridge.destination", on: partner)
        let elapsed = Self.seconds(ContinuousClock.now - started)
        task.cancel()
        await task.value
        let stats = link.stats.current
        guard stats.quarantined == 0 else {
            throw BridgeError(.configuration, "the bench messages were quarantined: \(stats.lastRefusal ?? "?")")
        }
        return elapsed
    }

    private func waitForDestination(_ queue: String, on partner: AMQPConfiguration) async throws {
        let connection = try await AMQPConnection.connect(partner, logger: self.logger)
        defer { Task { await connection.close() } }
        let deadline = ContinuousClock.now + .seconds(600)
        var lastReport = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let count = try await connection.declareQueue(AMQPQueueSpec(queue), passive: true).messageCount
            if count >= self.settings.messages { return }
            if ContinuousClock.now - lastReport > .seconds(5) {
                self.progress("\(queue): \(count)/\(self.settings.messages)")
                lastReport = ContinuousClock.now
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BridgeError(.connection, "\(queue) did not receive \(self.settings.messages) messages within 600 s")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension JSONObject {
    fileprivate var jsonBytes: [UInt8] { Array(JSONValue.object(self).jsonString().utf8) }
}
