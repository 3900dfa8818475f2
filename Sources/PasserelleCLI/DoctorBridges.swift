import ArgumentParser
import Bridge
import Foundation
import Logging
import Messaging
import Topology

extension Passerelle.Doctor {
    /// One row per partner bridge: its broker reached with the hub's account there (TLS verified); and one
    /// for the bridge process (`GET /bridge/status`): a warning when it does not answer (scripts/up starts it
    /// after the doctor), a failure when a direction fails.
    static func bridgeChecks(logger: Logger) async -> [DoctorCheck] {
        let environment = ProcessInfo.processInfo.environment
        guard
            let settings = try? TopologySettings(
                contentsOf: URL(fileURLWithPath: environment["PASSERELLE_TOPOLOGY"] ?? "topology/passerelle.yaml")),
            !settings.bridges.isEmpty
        else { return [] }
        var checks: [DoctorCheck] = []
        for partner in settings.bridges.keys.sorted() {
            let name = "bridge.\(partner).broker"
            let broker: AMQPConfiguration
            do {
                broker = try BridgeConfiguration.partnerBroker(partner: partner, settings: settings, environment: environment)
            } catch {
                checks.append(.fail(name, error.message, fix: "scripts/infra up writes the partner accounts' secrets"))
                continue
            }
            var options = AMQPConnection.Options()
            options.reconnect = ReconnectBackoff(maxAttempts: 0)
            let target = "\(broker.tls == nil ? "amqp" : "amqps")://\(broker.host):\(broker.port)/\(broker.virtualHost) as \(broker.username)"
            do {
                let connection = try await AMQPConnection.connect(broker, options: options, logger: logger)
                await connection.close()
                checks.append(.ok(name, target + (broker.tls == nil ? "" : " (certificate and host name verified)")))
            } catch {
                checks.append(.fail(name, "\(target): \(BridgeLink.describe(error))", fix: "scripts/infra up starts the partners' node; check bridges.\(partner) in topology/passerelle.yaml"))
            }
        }
        let port = environment["PASSERELLE_BRIDGE_HTTP_PORT"] ?? "8090"
        do {
            let bridges = try await BridgeOptions.parse([]).fetchStatus()
            let failing = bridges.filter { $0.state == BridgeStats.State.failing.rawValue }
            if failing.isEmpty {
                checks.append(.ok("bridge.process", "\(bridges.count) direction(s): " + bridges.map { "\($0.partner)/\($0.direction) \($0.state)" }.joined(separator: ", ")))
            } else {
                checks.append(.fail(
                    "bridge.process", failing.map { "\($0.partner)/\($0.direction): \($0.lastError ?? "failing")" }.joined(separator: "; "),
                    fix: "passerelle bridge status; the bridge's log"))
            }
        } catch {
            checks.append(.warn("bridge.process", "not answering on 127.0.0.1:\(port)", fix: "start passerelle-bridge (scripts/up does)"))
        }
        return checks
    }
}
