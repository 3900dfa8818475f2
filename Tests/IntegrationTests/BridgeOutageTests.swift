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

        /// What a scenario saw at each end.
        struct Outcome {
            var atPartner: Collector
            var atHub: Collector
            var stoppedAt: (outbound: Int, inbound: Int)
            var prefetch: Int
            var links: [BridgeLink]

            func copies(_ collector: Collector) -> Int { collector.count - Set(collector.ids).count }
        }

        /// Publishes `count` messages each way, starts the bridge, runs `outage` once a fifth crossed each way,
        /// and waits for everything. `stoppedAt` is what had crossed when the broker was down. The receiver on the side that goes down starts after the outage, so its own
        /// reconnect cannot add copies.
        static func scenario(
            _ name: String, partnerGoesDown: Bool, down: () async throws -> Void, downtime: Duration, up: () async throws -> Void
        ) async throws -> Outcome? {
            var outcome: Outcome?
            try await withCleanUp(try BridgeTestBed(name)) { bed in
                // A small window keeps the flow slow enough for the outage to land in its middle (the broker's
                // CLI takes a second or two to stop it), and bounds what a destination outage can duplicate.
                let configuration = try await bed.setUp(prefetch: 20)
                try await bed.declareQueue(
                    "partner.inbox", exchange: "prefecture.commands", keys: ["prefecture.act.transmit.v1"], on: try bed.partnerAMQP("setup"))
                try await bed.declareQueue("hub.acks", exchange: "prefecture.events", keys: ["prefecture.#"], on: try bed.hubAMQP("setup"))
                try await bed.publishBothWays(Self.count)
                var atPartner = partnerGoesDown ? nil : try await Collector(queue: "partner.inbox", configuration: try bed.partnerAMQP("inbox"))
                var atHub = partnerGoesDown ? try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks")) : nil
                let (links, task) = try bed.start(configuration)
                let outbound = try #require(links.first { $0.route.direction == .outbound })
                let inbound = try #require(links.first { $0.route.direction == .inbound })
                #expect(try await eventually(timeout: .seconds(120)) {
                    outbound.stats.current.forwarded >= Self.count / 5 && inbound.stats.current.forwarded >= Self.count / 5
                })
                try await down()
                let stoppedAt = (outbound.stats.current.forwarded, inbound.stats.current.forwarded)
                try await Task.sleep(for: downtime)
                try await up()
                if atPartner == nil { atPartner = try await Collector(queue: "partner.inbox", configuration: try bed.partnerAMQP("inbox")) }
                if atHub == nil { atHub = try await Collector(queue: "hub.acks", configuration: try bed.hubAMQP("acks")) }
                let partner = try #require(atPartner)
                let hub = try #require(atHub)
                #expect(try await eventually(timeout: .seconds(300)) { partner.count >= Self.count && hub.count >= Self.count })
                try await Task.sleep(for: .seconds(3))
                task.cancel()
                await task.value
                await partner.stop()
                await hub.stop()
                #expect(stoppedAt.0 < Self.count && stoppedAt.1 < Self.count, "the outage began in the middle: \(stoppedAt)")
                #expect(Set(partner.ids).count == Self.count)
                #expect(Set(hub.ids).count == Self.count)
                outcome = Outcome(atPartner: partner, atHub: hub, stoppedAt: stoppedAt, prefetch: configuration.prefetch, links: links)
            }
            return outcome
        }

        @Test("the partner broker stopped for 60 s in the middle of 10,000 messages each way: every message arrives exactly once")
        func partnerOutage() async throws {
            let outcome = try #require(try await Self.scenario(
                "outage", partnerGoesDown: true, down: { try await BridgeTestBed.partnerRabbitmqctl("stop_app") },
                downtime: .seconds(60), up: { try await BridgeTestBed.partnerRabbitmqctl("start_app") }))
            // A publish in flight when the partner's broker stopped has no confirm: it is sent again after the
            // reconnect, and may be there twice, with the same CloudEvents id the partner's receiver
            // deduplicates on (its contract's dedup key). At most the in-flight window of them.
            let copies = outcome.copies(outcome.atPartner)
            #expect(copies <= outcome.prefetch, "outbound copies: \(copies)")
            // Inbound, the hub stayed up: the ledger settles the partner's redeliveries without a second send.
            #expect(outcome.atHub.count == Self.count, "inbound copies: \(outcome.copies(outcome.atHub))")
            print("partner outage: stopped at \(outcome.stoppedAt) forwarded; \(copies) outbound copies; \(outcome.links.map { "\($0.route.direction): \($0.stats.current.duplicatesAbsorbed) redeliveries absorbed" })")
        }

        @Test("the hub's node restarted in the middle of 10,000 messages each way: every message arrives exactly once")
        func hubRestart() async throws {
            let outcome = try #require(try await Self.scenario(
                "restart", partnerGoesDown: false, down: { try await IntegrationEnvironment.rabbitmqctlAsync("stop_app") },
                downtime: .seconds(10), up: { try await IntegrationEnvironment.rabbitmqctlAsync("start_app") }))
            // Outbound, the hub was the source: its redeliveries are settled without a second send.
            #expect(outcome.atPartner.count == Self.count, "outbound copies: \(outcome.copies(outcome.atPartner))")
            // Inbound, the hub was the destination: an unconfirmed publish may arrive twice with one id, which
            // the services' inboxes absorb. At most the in-flight window of them.
            let copies = outcome.copies(outcome.atHub)
            #expect(copies <= outcome.prefetch, "inbound copies: \(copies)")
            print("hub restart: stopped at \(outcome.stoppedAt) forwarded; \(copies) inbound copies; \(outcome.links.map { "\($0.route.direction): \($0.stats.current.duplicatesAbsorbed) redeliveries absorbed" })")
        }
    }
}
