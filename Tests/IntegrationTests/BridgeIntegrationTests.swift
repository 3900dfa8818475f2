import ArgumentParser
import Bridge
import Foundation
import Messaging
import ServiceRuntime
import Synchronization
import Testing

@testable import PasserelleCLI

extension AMQPIntegration {
    /// The partner bridge between the hub's node and the partners' node (`scripts/infra` starts both), over
    /// AMQPS with the hub's own account on the partner's side.
    @Suite("Partner bridge on the real brokers")
    struct BridgeIntegrationTests {
        static let transmit = "prefecture.act.transmit.v1"
        static let acknowledged = "prefecture.act.acknowledged.v1"

        @Test("a message in each direction arrives once, with its CloudEvents attributes and trace context")
        func eachDirectionOnce() async throws {
            try await withCleanUp(try BridgeTestBed("once")) { bed in
                let configuration = try await bed.setUp(binding: "ce")
                try await bed.declareQueue("partner.inbox", exchange: "prefecture.commands", keys: [Self.transmit], on: try bed.partnerAMQP("setup"))
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                let atPartner = try await Collector(queue: "partner.inbox", configuration: try bed.partnerAMQP("inbox"))
                let atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks"))
                let (links, task) = try bed.start(configuration)
                let outbound = BridgeTestBed.message(
                    Self.transmit, id: "out-1", body: bed.example(Self.transmit), exchange: "prefecture.commands", binding: .amqp)
                let inbound = BridgeTestBed.message(
                    Self.acknowledged, id: "in-1", body: bed.example(Self.acknowledged), exchange: "prefecture.events", binding: .ce)
                try await withConnection("publish", configuration: try bed.hubAMQP("publish")) { connection in
                    _ = try await connection.makePublisher().publish(outbound)
                }
                try await withConnection("publish", configuration: try bed.partnerAMQP("publish")) { connection in
                    _ = try await connection.makePublisher().publish(inbound)
                }
                #expect(try await eventually { atPartner.deliveries.count >= 1 && atHub.deliveries.count >= 1 })
                try await Task.sleep(for: .seconds(2))
                task.cancel()
                await task.value
                await atPartner.stop()
                await atHub.stop()
                // Outbound: the partner speaks `ce-`; every attribute and the trace context crossed.
                #expect(atPartner.deliveries.count == 1)
                let sent = try #require(atPartner.deliveries.first)
                let event = try CloudEventAMQPMapping.event(properties: sent.properties, body: sent.body)
                #expect(event.id == "out-1")
                #expect(event.type == Self.transmit)
                #expect(event.subject == "subject-out-1")
                #expect(event.source == "/passerelle/test")
                #expect(sent.headers["ce-id"]?.stringValue == "out-1")
                #expect(sent.headers["cloudEvents_id"] == nil)
                #expect(sent.headers["traceparent"]?.stringValue == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                #expect(sent.properties.userID == bed.account)
                #expect(sent.body == outbound.body)
                // Inbound: back to `cloudEvents_`; the business key gave the id, the partner's id is kept.
                #expect(atHub.deliveries.count == 1)
                let received = try #require(atHub.deliveries.first)
                let back = try CloudEventAMQPMapping.event(properties: received.properties, body: received.body)
                #expect(received.headers["cloudEvents_type"]?.stringValue == Self.acknowledged)
                #expect(received.headers["ce-id"] == nil)
                #expect(back.extensions["partnereventid"] == "in-1")
                #expect(back.id == received.properties.messageID)
                #expect(back.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                #expect(received.properties.userID == bed.topology.userPrefix + "prefecture")
                let outboundStats = try #require(links.first { $0.route.direction == .outbound }).stats.current
                #expect(outboundStats.forwarded == 1)
            }
        }

        @Test("an invalid partner message is quarantined with its reason, the next one still arrives, and a fixed replay works")
        func quarantineAndReplay() async throws {
            try await withCleanUp(try BridgeTestBed("quarantine")) { bed in
                let configuration = try await bed.setUp()
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                let atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks"))
                let (links, task) = try bed.start(configuration)
                let broken = Array(String(decoding: bed.example(Self.acknowledged, numero: "A1"), as: UTF8.self)
                    .replacingOccurrences(of: "\"receptionDate\":\"2026-05-06\"", with: "\"receptionDate\":\"6 mai\"").utf8)
                #expect(broken != bed.example(Self.acknowledged, numero: "A1"))
                try await withConnection("publish", configuration: try bed.partnerAMQP("publish")) { connection in
                    let publisher = try await connection.makePublisher()
                    _ = try await publisher.publish(BridgeTestBed.message(
                        Self.acknowledged, id: "bad-1", body: broken, exchange: "prefecture.events", binding: .ce))
                    _ = try await publisher.publish(BridgeTestBed.message(
                        Self.acknowledged, id: "good-1", body: bed.example(Self.acknowledged, numero: "A2"),
                        exchange: "prefecture.events", binding: .ce))
                }
                #expect(try await eventually { atHub.deliveries.count >= 1 })
                let inbound = try #require(links.first { $0.route.direction == .inbound })
                #expect(try await eventually { inbound.stats.current.quarantined == 1 })
                let store = QuarantineStore(
                    partner: "prefecture", hub: try bed.hubAMQP("quarantine"), contracts: bed.contracts, logger: IntegrationEnvironment.logger)
                let listed = try await store.list()
                #expect(listed.count == 1)
                let entry = try #require(listed.first)
                #expect(entry.direction == "inbound")
                #expect(entry.field == "data/receptionDate")
                #expect(entry.rule == "format" || entry.rule == "pattern")
                #expect(atHub.deliveries.map { $0.headers["cloudEvents_partnereventid"]?.stringValue } == ["good-1"])
                // Replaying it unchanged is refused again; with the date fixed it goes through and is audited.
                let audit = bed.home.appendingPathComponent("audit.jsonl")
                let again = try await store.replay(ids: [entry.id], perSecond: 100, operatorName: "test", audit: audit)
                #expect(again.map(\.outcome) == ["still invalid"])
                let fixed = try await store.replay(
                    ids: [entry.id], fixes: [entry.id: bed.example(Self.acknowledged, numero: "A1")], perSecond: 100,
                    operatorName: "test", audit: audit)
                #expect(fixed.map(\.outcome) == ["replayed"])
                #expect(try await eventually { atHub.deliveries.count == 2 })
                #expect(try await store.list().isEmpty)
                let lines = try String(contentsOf: audit, encoding: .utf8).split(separator: "\n")
                #expect(lines.count == 2)
                #expect(lines.last?.contains("\"outcome\":\"replayed\"") == true)
                task.cancel()
                await task.value
                await atHub.stop()
            }
        }

        @Test("a duplicate from the partner has one effect: same id, or same business key under another id")
        func duplicatesOnce() async throws {
            try await withCleanUp(try BridgeTestBed("duplicates")) { bed in
                let configuration = try await bed.setUp()
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                let atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks"))
                let body = bed.example(Self.acknowledged, numero: "D1")
                func publish(_ ids: [String]) async throws {
                    try await withConnection("publish", configuration: try bed.partnerAMQP("publish")) { connection in
                        let publisher = try await connection.makePublisher()
                        for id in ids {
                            _ = try await publisher.publish(BridgeTestBed.message(
                                Self.acknowledged, id: id, body: body, exchange: "prefecture.events", binding: .ce))
                        }
                    }
                }
                var (links, task) = try bed.start(configuration)
                try await publish(["dup-1", "dup-1", "dup-2"])
                let inbound = try #require(links.first { $0.route.direction == .inbound })
                #expect(try await eventually { inbound.stats.current.duplicatesAbsorbed == 2 })
                try await Task.sleep(for: .seconds(1))
                #expect(atHub.deliveries.count == 1)
                task.cancel()
                await task.value
                // A new bridge process has no memory of it: the copy crosses with the same derived id, which
                // is what the services' inboxes deduplicate on.
                (links, task) = try bed.start(configuration)
                try await publish(["dup-3"])
                #expect(try await eventually { atHub.deliveries.count == 2 })
                let ids = Set(atHub.ids)
                #expect(ids.count == 1)
                task.cancel()
                await task.value
                await atHub.stop()
            }
        }

        @Test("TLS: a partner certificate for another host name is refused, and bridge status says so")
        func wrongHostName() async throws {
            try await withCleanUp(try BridgeTestBed("tls")) { bed in
                _ = try await bed.setUp()
                let configuration = try bed.configuration(serverName: "prefecture.partner.example")
                // The whole bridge process, its HTTP listener included, read back the way `bridge status` does.
                let bridges = try PartnerBridges(
                    configurations: [configuration], hub: bed.contracts, stateFolder: nil, http: .init(host: "127.0.0.1", port: 0),
                    verifier: nil, logger: IntegrationEnvironment.logger)
                let task = Task { try await bridges.run() }
                let port = try await bridges.boundPort()
                let options = try BridgeOptions.parse(["--bridge-url", "http://127.0.0.1:\(port)"])
                #expect(try await eventually(timeout: .seconds(20)) {
                    (try? await options.fetchStatus())?.first { $0.direction == "outbound" }?.state == "failing"
                })
                let snapshot = try #require(try await options.fetchStatus().first { $0.direction == "outbound" })
                #expect(snapshot.lastError?.contains("TLS: the partner's certificate was refused") == true)
                #expect(snapshot.lastErrorAt != nil)
                #expect(snapshot.forwarded == 0)
                let plan = await try PartnerTopology(partner: "prefecture", hub: bed.contracts)
                    .plan(on: configuration.partnerBroker, logger: IntegrationEnvironment.logger)
                #expect(plan.first?.state == "unknown")
                #expect(plan.first?.detail?.contains("TLS") == true)
                task.cancel()
                _ = await task.result
            }
        }
    }
}
