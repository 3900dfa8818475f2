import Contracts
import Foundation
import Testing
import Topology

struct TopologyDerivationTests {
    @Test func eventsExchangesAreDurableTopicsWithTheAlternateExchange() throws {
        let topology = try Fixtures.derive()
        let events = try #require(topology.exchanges.first { $0.name == "procurement.events" })
        #expect(events.type == "topic")
        #expect(events.durable && !events.autoDelete)
        #expect(events.arguments == ["alternate-exchange": "passerelle.unroutable"])
        let commands = try #require(topology.exchanges.first { $0.name == "documents.commands" })
        #expect(commands.type == "direct")
        let unroutable = try #require(topology.exchanges.first { $0.name == "passerelle.unroutable" })
        #expect(unroutable.type == "fanout")
        #expect(topology.queue("passerelle.unroutable") != nil)
        #expect(
            topology.bindings.contains(
                BindingSpec(source: "passerelle.unroutable", destination: "passerelle.unroutable", routingKey: "")))
    }

    @Test func commandsExchangeOnlyWhereCommandsExist() throws {
        let topology = try Fixtures.derive()
        let names = Set(topology.exchanges.map(\.name))
        for context in ["procurement", "documents", "desk", "notifications", "training", "prefecture", "treasury"] {
            let owns = Fixtures.hub.messages.values.contains { $0.owner == context && $0.kind == .command }
            #expect(names.contains("\(context).commands") == owns, "\(context)")
        }
    }

    @Test func procurementToNotificationsMatchesTheReferenceExample() throws {
        let topology = try Fixtures.derive()
        let queue = try #require(topology.queue("notifications.procurement-events"))
        #expect(queue.arguments == ["x-queue-type": "quorum"])
        #expect(queue.durable)
        #expect(
            topology.bindings.contains(
                BindingSpec(
                    source: "procurement.events", destination: "notifications.procurement-events",
                    routingKey: "procurement.tender.published.v1")))
        // One binding per received type, all from the owner's exchange.
        let received = Fixtures.hub.messages.values.filter { message in
            message.receivers.contains { $0.queue?.name == "notifications.procurement-events" }
        }
        let bindings = topology.bindings.filter { $0.destination == queue.name && $0.source == "procurement.events" }
        #expect(bindings.count == received.count)
        // The retry ladder.
        #expect(topology.exchanges.contains { $0.name == "notifications.retry" && $0.type == "direct" })
        for level in ["5s", "1m", "10m"] {
            let retry = try #require(topology.queue("notifications.procurement-events.retry.\(level)"))
            #expect(retry.arguments == ["x-queue-type": "quorum"])
            #expect(
                topology.bindings.contains(
                    BindingSpec(
                        source: "notifications.retry", destination: retry.name,
                        routingKey: "notifications.procurement-events.\(level)")))
        }
        for (key, destination) in [
            ("notifications.procurement-events", "notifications.procurement-events"),
            ("notifications.procurement-events.dlq", "notifications.procurement-events.dlq"),
            ("notifications.procurement-events.invalid", "notifications.procurement-events.invalid"),
        ] {
            #expect(
                topology.bindings.contains(
                    BindingSpec(source: "notifications.retry", destination: destination, routingKey: key)))
        }
        #expect(topology.queue("notifications.procurement-events.dlq")?.arguments == ["x-queue-type": "classic"])
    }

    @Test func everyQuorumQueueHasExactlyOnePolicyWithADeadLetterExchangeAndDeliveryLimit() throws {
        let topology = try Fixtures.derive()
        for queue in topology.queues where queue.arguments["x-queue-type"] == "quorum" {
            let matching = topology.policies.filter {
                $0.pattern == "^" + queue.name.replacingOccurrences(of: ".", with: "\\.") + "$"
            }
            #expect(matching.count == 1, "\(queue.name)")
            let definition = try #require(matching.first?.definition)
            #expect(definition["dead-letter-exchange"] != nil, "\(queue.name)")
            #expect(definition["delivery-limit"] != nil, "\(queue.name)")
            #expect(definition["dead-letter-strategy"] == "at-least-once")
            #expect(definition["overflow"] == "reject-publish")
        }
        let consumer = try #require(
            topology.policies.first { $0.name == "passerelle.notifications.procurement-events" })
        #expect(
            consumer.definition == [
                "delivery-limit": 5, "dead-letter-exchange": "notifications.retry",
                "dead-letter-routing-key": "notifications.procurement-events.dlq",
                "dead-letter-strategy": "at-least-once", "overflow": "reject-publish",
            ])
        let retry = try #require(
            topology.policies.first { $0.name == "passerelle.notifications.procurement-events.retry.1m" })
        #expect(retry.definition["message-ttl"] == 60_000)
        #expect(retry.definition["dead-letter-routing-key"] == "notifications.procurement-events")
        #expect(retry.applyTo == "queues")
        #expect(retry.priority == 10)
    }

    @Test func settingsOverrideTheContractWhichOverridesTheDefaults() throws {
        let topology = try Fixtures.derive(
            """
            services:
              notifications: {retryLevels: [1s, 2s], deliveryLimit: 3}
            queues:
              notifications.documents-events: {deliveryLimit: 8}
            """)
        #expect(topology.queue("notifications.procurement-events.retry.1s") != nil)
        #expect(topology.queue("notifications.procurement-events.retry.5s") == nil)
        #expect(
            topology.queue("procurement.documents-events.retry.5s") != nil, "other services keep the contract's levels")
        let policy = { (name: String) in
            topology.policies.first { $0.name == "passerelle.\(name)" }?.definition["delivery-limit"]
        }
        #expect(policy("notifications.procurement-events") == 3)
        #expect(policy("notifications.documents-events") == 8)
        #expect(policy("procurement.documents-events") == 5)
        let service = try #require(topology.services.first { $0.context == "notifications" })
        #expect(
            service.queues.first { $0.name == "notifications.procurement-events" }?.retryLevels.map(\.name) == [
                "1s", "2s",
            ])
    }

    @Test func vhostComesFromTheArgumentElseTheSettings() throws {
        #expect(try Fixtures.derive("vhost: other").vhost == "other")
        let topology = try TopologyDerivation(settings: TopologySettings()).derive(from: Fixtures.hub, vhost: "test.x")
        #expect(topology.vhost == "test.x")
    }

    @Test func partnersGetTheirBridgesUserAndQuarantine() throws {
        let topology = try Fixtures.derive()
        #expect(
            Set(topology.users.map(\.name)) == [
                "svc-desk", "svc-documents", "svc-notifications", "svc-procurement", "svc-training",
                "svc-prefecture", "svc-treasury",
            ])
        #expect(topology.queue("bridge.prefecture.outbound") != nil)
        #expect(topology.queue("bridge.prefecture.outbound.dlq") != nil)
        #expect(topology.queue("bridge.prefecture.quarantine")?.role == .quarantine)
        #expect(topology.queue("bridge.prefecture.quarantine")?.arguments["x-queue-type"] == "classic")
        // The bridge reads what the hub sends the partner and writes what the partner publishes, nothing else.
        let permission = try #require(topology.permissions.first { $0.user == "svc-prefecture" })
        #expect(permission.configure == "^$")
        #expect(permission.read == "^(bridge\\.prefecture\\.outbound|bridge\\.prefecture\\.quarantine)$")
        #expect(permission.write == "^(bridge\\.prefecture\\.quarantine|prefecture\\.events)$")
        let topic = try #require(topology.topicPermissions.first { $0.user == "svc-prefecture" })
        #expect(topic.exchange == "prefecture.events")
        #expect(topic.write == "^prefecture\\.")
    }
}
