import Contracts
import Foundation
import Messaging
import Testing

@testable import Bridge

/// What crosses a partner's bridge, and what the quarantine is told when something may not.
@Suite struct BridgeValidatorTests {
    static let acknowledged = "prefecture.act.acknowledged.v1"

    let inbound = BridgeValidator(
        route: try! BridgeRoute(partner: "prefecture", direction: .inbound, hub: BridgeContractsFixture.hub),
        hub: BridgeContractsFixture.hub)

    static func properties(
        _ type: String, id: String = "p-1", binding: CloudEventsHeaderBinding = .ce, extensions: [String: String] = [:]
    ) -> AMQPProperties {
        var event = CloudEvent(id: id, source: "/partner/prefecture", type: type, data: [])
        event.extensions = extensions
        return CloudEventAMQPMapping.properties(for: event, binding: binding)
    }

    @Test func theRoutesComeFromThePartnersContract() throws {
        let hub = BridgeContractsFixture.hub
        let outbound = try BridgeRoute(partner: "prefecture", direction: .outbound, hub: hub)
        #expect(Set(outbound.lanes.keys) == ["prefecture.act.transmit.v1", "prefecture.act.cancel.v1", "prefecture.classification.request.v1", "prefecture.letter.answer.v1"])
        #expect(outbound.exchanges == ["prefecture.commands"])
        #expect(outbound.sourceQueue == "bridge.prefecture.outbound")
        let inbound = try BridgeRoute(partner: "prefecture", direction: .inbound, hub: hub)
        #expect(inbound.lanes[Self.acknowledged]?.businessKey == ["/idActe"])
        #expect(inbound.lanes["prefecture.act.anomaly-reported.v1"]?.businessKey == [])
        #expect(inbound.exchanges == ["prefecture.events"])
        #expect(throws: BridgeError.self) { try BridgeRoute(partner: "nobody", direction: .inbound, hub: hub) }
    }

    @Test func aValidMessageInEitherBindingPassesWithItsBusinessKey() throws {
        for binding in CloudEventsHeaderBinding.allCases {
            let result = self.inbound.check(
                properties: Self.properties(Self.acknowledged, binding: binding), body: BridgeContractsFixture.example(Self.acknowledged))
            let accepted = try result.get()
            #expect(accepted.event.id == "p-1")
            #expect(accepted.businessKey == ["021-212102313-20260504-MP2026_014-CC"])
        }
    }

    @Test(arguments: [
        ("receptionDate", "\"receptionDate\":\"6 mai\"", "data/receptionDate"),
        ("idActe", "\"idActe\":\"not-an-act\"", "data/idActe"),
    ])
    func aPayloadThatBreaksItsSchemaIsRefusedNamingTheField(name: String, replacement: String, field: String) throws {
        var text = String(decoding: BridgeContractsFixture.example(Self.acknowledged), as: UTF8.self)
        let pattern = try Regex("\"\(name)\":\"[^\"]*\"")
        text = text.replacing(pattern, with: replacement)
        let refusal = try #require(self.refusal(Self.properties(Self.acknowledged), Array(text.utf8)))
        #expect(refusal.field == field)
        #expect(!refusal.rule.isEmpty && refusal.rule != "json")
    }

    @Test func aTypeTheDirectionDoesNotCarryIsRefused() throws {
        let refusal = try #require(self.refusal(
            Self.properties("prefecture.act.transmit.v1"), BridgeContractsFixture.example("prefecture.act.transmit.v1")))
        #expect(refusal.field == "type")
        #expect(refusal.rule == "contract")
    }

    @Test func aBrokenEnvelopeBodyOrSizeIsRefused() throws {
        var noSource = Self.properties(Self.acknowledged)
        noSource.headers["ce-source"] = nil
        noSource.appID = nil
        #expect(self.refusal(noSource, BridgeContractsFixture.example(Self.acknowledged))?.field == "cloudEvents.source")
        #expect(self.refusal(Self.properties(Self.acknowledged), Array("{not json".utf8))?.rule == "json")
        let huge = [UInt8](repeating: 0x20, count: MessageContract.defaultMaxBodyBytes + 1)
        #expect(self.refusal(Self.properties(Self.acknowledged), huge)?.rule == "maxBodyBytes")
        let long = String(repeating: "x", count: BridgeValidator.maxAttributeNameBytes + 1)
        let refusal = self.refusal(
            Self.properties(Self.acknowledged, extensions: [long: "v"]), BridgeContractsFixture.example(Self.acknowledged))
        #expect(refusal?.rule == "headerName")
    }

    @Test func aMissingBusinessKeyIsRefused() throws {
        let route = try BridgeRoute(partner: "prefecture", direction: .inbound, hub: BridgeContractsFixture.hub)
        var strict = route
        strict.lanes[Self.acknowledged]?.businessKey = ["/nowhere"]
        let validator = BridgeValidator(route: strict, hub: BridgeContractsFixture.hub)
        let result = validator.check(properties: Self.properties(Self.acknowledged), body: BridgeContractsFixture.example(Self.acknowledged))
        guard case .failure(let refusal) = result else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refusal.field == "data/nowhere")
        #expect(refusal.rule == "businessKey")
    }

    func refusal(_ properties: AMQPProperties, _ body: [UInt8]) -> BridgeRefusal? {
        if case .failure(let refusal) = self.inbound.check(properties: properties, body: body) { return refusal }
        return nil
    }
}
