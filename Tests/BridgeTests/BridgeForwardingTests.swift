import Contracts
import Foundation
import Messaging
import Testing
import Topology

@testable import Bridge

/// How a message leaves on the other side, and the bookkeeping that keeps it from leaving twice.
@Suite struct BridgeForwardingTests {
    @Test func theLedgerSettlesRedeliveriesWithoutASecondSend() {
        let ledger = ForwardLedger<Int>(capacity: 2)
        #expect(ledger.admit("a", delivery: 1) == .forward)
        #expect(ledger.admit("a", delivery: 2) == .joinedInFlight)
        #expect(ledger.inFlightCount == 1)
        #expect(ledger.confirmed("a") == [1, 2])
        #expect(ledger.admit("a", delivery: 3) == .alreadyConfirmed)
        // Abandoned (the session ended): the redelivery is sent again.
        #expect(ledger.admit("b", delivery: 4) == .forward)
        ledger.abandon("b")
        #expect(ledger.admit("b", delivery: 5) == .forward)
        _ = ledger.confirmed("b")
        _ = ledger.confirmed("c")
        // Beyond its capacity the oldest id is forgotten.
        #expect(ledger.admit("a", delivery: 6) == .forward)
        #expect(ledger.admit("c", delivery: 7) == .alreadyConfirmed)
    }

    @Test func acksAreFlushedOncePerBurst() {
        let buffer = AckBuffer<Int>()
        #expect(buffer.add([1]))
        #expect(!buffer.add([2, 3]))
        let (deliveries, confirmed) = buffer.take()
        #expect(deliveries == [1, 2, 3])
        #expect(confirmed == 2)
        #expect(buffer.add([]))
    }

    @Test func theDerivedIDIsAStableNameBasedUUID() {
        let one = BridgeLink.derivedID(partner: "prefecture", type: "prefecture.act.acknowledged.v1", key: ["021-212102313-20260504-X-CC"])
        let again = BridgeLink.derivedID(partner: "prefecture", type: "prefecture.act.acknowledged.v1", key: ["021-212102313-20260504-X-CC"])
        let other = BridgeLink.derivedID(partner: "prefecture", type: "prefecture.act.acknowledged.v1", key: ["021-212102313-20260504-Y-CC"])
        #expect(one == again)
        #expect(one != other)
        let uuid = UUID(uuidString: one)
        #expect(uuid != nil)
        #expect(Array(one)[14] == "8")  // version 8
    }

    @Test func aForwardedMessageKeepsItsEnvelopeInTheDestinationsBinding() throws {
        let hub = BridgeContractsFixture.hub
        let route = try BridgeRoute(partner: "prefecture", direction: .inbound, hub: hub)
        let body = BridgeContractsFixture.example("prefecture.act.acknowledged.v1")
        var event = CloudEvent(id: "p-9", source: "/partner/prefecture", type: "prefecture.act.acknowledged.v1", data: body)
        event.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        event.subject = "act"
        var properties = CloudEventAMQPMapping.properties(for: event, binding: .ce)
        properties.userID = "prefecture"
        let accepted = try BridgeValidator(route: route, hub: hub).check(properties: properties, body: body).get()
        let message = BridgeLink.forwardedMessage(properties: properties, body: body, accepted: accepted, route: route, binding: .amqp)
        #expect(message.exchange == "prefecture.events")
        #expect(message.routingKey == "prefecture.act.acknowledged.v1")
        #expect(message.mandatory && message.republishOnRecovery)
        #expect(message.properties.userID == nil)
        #expect(message.properties.headers["ce-id"] == nil)
        let crossed = try CloudEventAMQPMapping.event(properties: message.properties, body: message.body)
        #expect(crossed.id == message.properties.messageID)
        #expect(crossed.id == BridgeLink.derivedID(partner: "prefecture", type: event.type, key: accepted.businessKey ?? []))
        #expect(crossed.extensions["partnereventid"] == "p-9")
        #expect(crossed.traceparent == event.traceparent)
        #expect(crossed.subject == "act")
        #expect(message.properties.headers["x-passerelle-bridge"]?.stringValue == "prefecture/inbound")
    }

    @Test func thePartnerSideComesFromTheContract() throws {
        let topology = try PartnerTopology(partner: "treasury", hub: BridgeContractsFixture.hub)
        #expect(topology.exchanges.map(\.name) == ["treasury.commands", "treasury.events"])
        #expect(topology.queue.name == "bridge.treasury.inbound")
        #expect(topology.queue.arguments["x-queue-type"]?.stringValue == "quorum")
        #expect(Set(topology.bindings.map(\.routingKey)) == ["treasury.pes.acquitted.v1", "treasury.pes.refused.v1", "treasury.pes.return.v1"])
    }

    @Test func bridgeSettingsAreCheckedAndReadWithTheirSecrets() throws {
        #expect(throws: TopologyError.self) {
            try TopologySettings(yaml: "partners: [prefecture]\nbridges:\n  treasury: {url: 'amqps://localhost:5681/treasury'}\n")
        }
        #expect(throws: TopologyError.self) {
            try TopologySettings(yaml: "partners: [prefecture]\nbridges:\n  prefecture: {url: 'amqp://x/p', prefetch: 0}\n")
        }
        let settings = try TopologySettings(yaml: """
            partners: [prefecture]
            bridges:
              prefecture: {url: 'amqps://localhost:5681/prefecture', tls: {ca: tls/ca.pem, serverName: prefecture.example}, cloudEvents: ce}
            """)
        let environment = [
            "PASSERELLE_HOME": "/nonexistent", "PASSERELLE_SECRET_PREFECTURE": "hub-secret",
            "PASSERELLE_SECRET_HUB_PREFECTURE": "partner-secret", "PASSERELLE_AMQP_URL": "amqp://guest:guest@localhost:5672/%2F",
        ]
        let configuration = try BridgeConfiguration(partner: "prefecture", settings: settings, environment: environment)
        #expect(configuration.hub.username == "svc-prefecture")
        #expect(configuration.hub.password == "hub-secret")
        #expect(configuration.hub.virtualHost == "passerelle")
        #expect(configuration.partnerBroker.username == "hub-prefecture")
        #expect(configuration.partnerBroker.password == "partner-secret")
        #expect(configuration.partnerBroker.virtualHost == "prefecture")
        #expect(configuration.partnerBroker.tls?.caFile == "/nonexistent/tls/ca.pem")
        #expect(configuration.partnerBroker.tls?.serverName == "prefecture.example")
        #expect(configuration.binding == .ce)
        #expect(!"\(configuration.partnerBroker)".contains("partner-secret"))
        var missing = environment
        missing["PASSERELLE_SECRET_HUB_PREFECTURE"] = nil
        #expect(throws: BridgeError.self) { try BridgeConfiguration(partner: "prefecture", settings: settings, environment: missing) }
    }
}
