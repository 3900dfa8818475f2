import Bridge
import Foundation
import Messaging
import Testing

extension AMQPIntegration {
    /// Store and forward through outages: 10,000 messages each way, with the partner's broker (then the hub's)
    /// stopped in the middle. What a receiver gets is counted raw, so a duplicate would show.
    @Suite("Partner bridge through broker outages")
    struct BridgeOutageTests {
        static let count = 10_000

        @Test("the partner broker stopped for 60 s in the middle of 10,000 messages each way: every message arrives exactly once")
        func partnerOutage() async throws {
            try await withCleanUp(try BridgeTestBed("outage")) { bed in
                let configuration = try await bed.setUp()
                try await bed.declareQueue("partner.inbox", exchange: "prefecture.commands", keys: ["prefecture.act.transmit.v1"], on: try bed.partnerAMQP("setup"))
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                try await bed.publishBothWays(Self.count)
                let atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks"))
                let (links, task) = try bed.start(configuration)
                let outbound = try #require(links.first { $0.route.direction == .outbound })
                let inbound = try #require(links.first { $0.route.direction == .inbound })
                #expect(try await eventually(timeout: .seconds(120)) {
                    outbound.stats.current.forwarded >= 2_000 && inbound.stats.current.forwarded >= 2_000
                })
                try await BridgeTestBed.partnerRabbitmqctl("stop_app")
                let stoppedAt = (outbound.stats.current.forwarded, inbound.stats.current.forwarded)
                try await Task.sleep(for: .seconds(60))
                try await BridgeTestBed.partnerRabbitmqctl("start_app")
                // The partner's receiver starts after the outage, so its own reconnect cannot add copies.
                let atPartner = try await Collector(queue: "partner.inbox", configuration: try bed.partnerAMQP("inbox"))
                let arrived = try await eventually(timeout: .seconds(300)) {
                    atPartner.count >= Self.count && atHub.count >= Self.count
                }
                try await Task.sleep(for: .seconds(3))
                task.cancel()
                await task.value
                await atPartner.stop()
                await atHub.stop()
                #expect(arrived)
                #expect(stoppedAt.0 < Self.count && stoppedAt.1 < Self.count, "the outage began in the middle")
                #expect(Set(atPartner.ids).count == Self.count)
                // A publish in flight when the partner's broker stopped has no confirm: it is sent again after the
                // reconnect, and may be there twice, with the same CloudEvents id the partner's receiver
                // deduplicates on (its contract's dedup key). At most the in-flight window of them.
                let copies = atPartner.count - Set(atPartner.ids).count
                #expect(copies <= configuration.prefetch, "outbound copies: \(copies)")
                // Inbound, the hub stayed up: the ledger settles the partner's redeliveries without a second send.
                #expect(Set(atHub.ids).count == Self.count)
                #expect(atHub.count == Self.count, "inbound copies: \(atHub.count - Set(atHub.ids).count)")
                print("partner outage: outbound copies \(copies); stopped at \(stoppedAt) forwarded; outbound retries \(outbound.stats.current.retries), absorbed \(inbound.stats.current.duplicatesAbsorbed) redeliveries")
            }
        }

        @Test("the hub's node restarted in the middle of 10,000 messages each way: every message arrives exactly once")
        func hubRestart() async throws {
            try await withCleanUp(try BridgeTestBed("restart")) { bed in
                let configuration = try await bed.setUp()
                try await bed.declareQueue("partner.inbox", exchange: "prefecture.commands", keys: ["prefecture.act.transmit.v1"], on: try bed.partnerAMQP("setup"))
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                try await bed.publishBothWays(Self.count)
                let atPartner = try await Collector(queue: "partner.inbox", configuration: try bed.partnerAMQP("inbox"))
                let (links, task) = try bed.start(configuration)
                let outbound = try #require(links.first { $0.route.direction == .outbound })
                let inbound = try #require(links.first { $0.route.direction == .inbound })
                #expect(try await eventually(timeout: .seconds(120)) {
                    outbound.stats.current.forwarded >= 2_000 && inbound.stats.current.forwarded >= 2_000
                })
                try await IntegrationEnvironment.rabbitmqctlAsync("stop_app")
                let stoppedAt = (outbound.stats.current.forwarded, inbound.stats.current.forwarded)
                try await Task.sleep(for: .seconds(10))
                try await IntegrationEnvironment.rabbitmqctlAsync("start_app")
                let atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks"))
                let arrived = try await eventually(timeout: .seconds(300)) {
                    atPartner.count >= Self.count && atHub.count >= Self.count
                }
                try await Task.sleep(for: .seconds(3))
                task.cancel()
                await task.value
                await atPartner.stop()
                await atHub.stop()
                #expect(arrived)
                #expect(stoppedAt.0 < Self.count && stoppedAt.1 < Self.count, "the restart began in the middle")
                // Outbound, the hub was the source: its redeliveries are settled without a second send.
                #expect(Set(atPartner.ids).count == Self.count)
                #expect(atPartner.count == Self.count, "outbound copies: \(atPartner.count - Set(atPartner.ids).count)")
                // Inbound, the hub was the destination: an unconfirmed publish may arrive twice with one id, which
                // the services' inboxes absorb. At most the in-flight window of them.
                let copies = atHub.count - Set(atHub.ids).count
                #expect(Set(atHub.ids).count == Self.count)
                #expect(copies <= configuration.prefetch, "inbound copies: \(copies)")
                print("hub restart: inbound copies \(copies); stopped at \(stoppedAt) forwarded; inbound retries \(inbound.stats.current.retries), absorbed \(outbound.stats.current.duplicatesAbsorbed) redeliveries")
            }
        }
    }
}
