import Foundation
import Testing

@testable import Messaging

@Suite struct CloudEventMappingTests {
    static func sample() -> CloudEvent {
        var event = CloudEvent(
            id: "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10", source: "/passerelle/procurement",
            type: "procurement.tender.published.v1", data: Array(#"{"tenderId":"T-1"}"#.utf8),
            time: Date(timeIntervalSince1970: 1_796_000_000.25))
        event.subject = "T-1"
        event.dataschema = "https://contracts.passerelle.example/procurement/schemas/procurement.tender.published.v1.json"
        event.correlationID = "conv-42"
        event.causationID = "cmd-7"
        event.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        event.tracestate = "passerelle=1"
        event.extensions["dataref"] = "https://files.example.org/acts/1.pdf"
        return event
    }

    @Test func everyAttributeMapsToPropertiesAndPrefixedHeaders() {
        let properties = CloudEventAMQPMapping.properties(for: Self.sample())
        #expect(properties.messageID == "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10")
        #expect(properties.type == "procurement.tender.published.v1")
        #expect(properties.appID == "procurement")
        #expect(properties.contentType == "application/json")
        #expect(properties.timestamp == Date(timeIntervalSince1970: 1_796_000_000.25))
        #expect(properties.correlationID == "conv-42")
        #expect(properties.deliveryMode == .persistent)
        let headers = properties.headers
        #expect(headers["cloudEvents_id"] == "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10")
        #expect(headers["cloudEvents_source"] == "/passerelle/procurement")
        #expect(headers["cloudEvents_specversion"] == "1.0")
        #expect(headers["cloudEvents_type"] == "procurement.tender.published.v1")
        #expect(headers["cloudEvents_datacontenttype"] == "application/json")
        #expect(headers["cloudEvents_time"] == "2026-11-30T00:53:20.250Z")
        #expect(headers["cloudEvents_subject"] == "T-1")
        #expect(
            headers["cloudEvents_dataschema"]
                == "https://contracts.passerelle.example/procurement/schemas/procurement.tender.published.v1.json")
        #expect(headers["cloudEvents_correlationid"] == "conv-42")
        #expect(headers["cloudEvents_causationid"] == "cmd-7")
        #expect(headers["cloudEvents_dataref"] == "https://files.example.org/acts/1.pdf")
        #expect(headers["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        #expect(headers["tracestate"] == "passerelle=1")
    }

    @Test func eventSurvivesTheMappingBothWays() throws {
        let event = Self.sample()
        let properties = CloudEventAMQPMapping.properties(for: event)
        #expect(try CloudEventAMQPMapping.event(properties: properties, body: event.data) == event)
    }

    @Test(arguments: ["ce_", "cloudEvents:", "ce-"])
    func otherPrefixesAreAcceptedOnReceipt(prefix: String) throws {
        let properties = AMQPProperties(deliveryMode: nil, headers: [
            "\(prefix)id": "x-1", "\(prefix)source": "/partner/prefecture", "\(prefix)type": "prefecture.act.acknowledged.v1",
            "\(prefix)specversion": "1.0", "\(prefix)time": "2026-03-01T10:00:00+01:00",
        ])
        let event = try CloudEventAMQPMapping.event(properties: properties, body: [])
        #expect(event.id == "x-1")
        #expect(event.source == "/partner/prefecture")
        #expect(event.time == Date(timeIntervalSince1970: 1_772_355_600))
    }

    @Test func propertiesAloneAreEnoughForTheRequiredAttributes() throws {
        var properties = AMQPProperties(contentType: "application/json", messageID: "m-1", type: "desk.application.submitted.v1")
        properties.appID = "desk"
        let event = try CloudEventAMQPMapping.event(properties: properties, body: [1])
        #expect(event.source == "/passerelle/desk")
        #expect(event.specversion == "1.0")
        #expect(event.datacontenttype == "application/json")
    }

    @Test func missingRequiredAttributesAreNamed() {
        let error = #expect(throws: CloudEventError.self) {
            _ = try CloudEventAMQPMapping.event(properties: AMQPProperties(type: "t.a.b.v1"), body: [])
        }
        #expect(error?.attribute == "id")
        let noType = #expect(throws: CloudEventError.self) {
            var properties = AMQPProperties(messageID: "m")
            properties.appID = "desk"
            _ = try CloudEventAMQPMapping.event(properties: properties, body: [])
        }
        #expect(noType?.attribute == "type")
    }

    @Test func malformedValuesAreRefused() {
        let badTime = #expect(throws: CloudEventError.self) {
            _ = try CloudEventAMQPMapping.event(
                properties: AMQPProperties(messageID: "m", type: "a.b.c.v1", headers: [
                    "cloudEvents_source": "/s", "cloudEvents_time": "yesterday",
                ]), body: [])
        }
        #expect(badTime?.attribute == "time")
        let badVersion = #expect(throws: CloudEventError.self) {
            _ = try CloudEventAMQPMapping.event(
                properties: AMQPProperties(messageID: "m", type: "a.b.c.v1", headers: [
                    "cloudEvents_source": "/s", "cloudEvents_specversion": "0.3",
                ]), body: [])
        }
        #expect(badVersion?.attribute == "specversion")
        let badName = #expect(throws: CloudEventError.self) {
            _ = try CloudEventAMQPMapping.event(
                properties: AMQPProperties(messageID: "m", type: "a.b.c.v1", headers: [
                    "cloudEvents_source": "/s", "cloudEvents_Bad-Name": "x",
                ]), body: [])
        }
        #expect(badName?.attribute == "Bad-Name")
    }

    @Test func attributeNamesAreLowerCaseAlphanumerics() {
        #expect(CloudEvent.isValidAttributeName("correlationid"))
        #expect(CloudEvent.isValidAttributeName("dataref2"))
        #expect(!CloudEvent.isValidAttributeName("correlation_id"))
        #expect(!CloudEvent.isValidAttributeName("Dataref"))
        #expect(!CloudEvent.isValidAttributeName(""))
    }
}
