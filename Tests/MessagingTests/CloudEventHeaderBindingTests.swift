import Foundation
import Testing

@testable import Messaging

/// The two header bindings (`cloudEvents_` and the SDKs' RabbitMQ `ce-`) and the rewrite a bridge does between them.
@Suite struct CloudEventHeaderBindingTests {
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    /// The headers as a dictionary: order does not matter to a reader.
    static func headers(_ properties: AMQPProperties) -> [String: AMQPFieldValue] {
        Dictionary(properties.headers.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    @Test func eachBindingHasItsPrefix() {
        #expect(CloudEventsHeaderBinding.amqp.prefix == "cloudEvents_")
        #expect(CloudEventsHeaderBinding.ce.prefix == "ce-")
        #expect(CloudEventAMQPMapping.headerPrefix == CloudEventsHeaderBinding.amqp.prefix)
        #expect(CloudEventAMQPMapping.acceptedPrefixes.contains("ce-"))
    }

    @Test func theDefaultBindingIsAMQP() {
        let event = CloudEventMappingTests.sample()
        #expect(CloudEventAMQPMapping.properties(for: event) == CloudEventAMQPMapping.properties(for: event, binding: .amqp))
    }

    @Test(arguments: CloudEventsHeaderBinding.allCases)
    func anEventSurvivesEachBindingBothWays(binding: CloudEventsHeaderBinding) throws {
        let event = CloudEventMappingTests.sample()
        let properties = CloudEventAMQPMapping.properties(for: event, binding: binding)
        #expect(try CloudEventAMQPMapping.event(properties: properties, body: event.data) == event)
    }

    @Test func theCEBindingWritesTheKnativeHeaders() {
        let properties = CloudEventAMQPMapping.properties(for: CloudEventMappingTests.sample(), binding: .ce)
        let headers = properties.headers
        #expect(headers["ce-id"] == "6f1c1a4e-5d0b-4e8a-9a51-0c6d3e2b7f10")
        #expect(headers["ce-source"] == "/passerelle/procurement")
        #expect(headers["ce-type"] == "procurement.tender.published.v1")
        #expect(headers["ce-specversion"] == "1.0")
        #expect(headers["ce-time"] == "2026-11-30T00:53:20.250Z")
        #expect(headers["ce-subject"] == "T-1")
        #expect(
            headers["ce-dataschema"]
                == "https://contracts.passerelle.example/procurement/schemas/procurement.tender.published.v1.json")
        #expect(headers["ce-correlationid"] == "conv-42")
        // Trace context: unprefixed for W3C propagators, and as extension attributes for the SDKs.
        #expect(headers["ce-traceparent"] == .string(Self.traceparent))
        #expect(headers["traceparent"] == .string(Self.traceparent))
        #expect(headers["ce-tracestate"] == "passerelle=1")
        #expect(headers["tracestate"] == "passerelle=1")
        #expect(!headers.keys.contains { $0.hasPrefix("cloudEvents_") })
        // The AMQP properties are the same in both bindings.
        var amqp = CloudEventAMQPMapping.properties(for: CloudEventMappingTests.sample(), binding: .amqp)
        amqp.headers = properties.headers
        #expect(amqp == properties)
    }

    @Test func aCEMessageReadsAsTheSameEventAsTheAMQPOne() throws {
        let event = CloudEventMappingTests.sample()
        let amqp = CloudEventAMQPMapping.properties(for: event, binding: .amqp)
        // What a knative eventing-rabbitmq producer sends: `ce-` headers only, no Passerelle property.
        var knative = AMQPProperties(contentType: "application/json", deliveryMode: .persistent)
        for entry in amqp.headers {
            let key = entry.key.hasPrefix("cloudEvents_") ? "ce-" + entry.key.dropFirst("cloudEvents_".count) : "ce-" + entry.key
            knative.headers[key] = entry.value
        }
        knative.headers["ce-datacontenttype"] = "application/json"
        let read = try CloudEventAMQPMapping.event(properties: knative, body: event.data)
        #expect(read == (try CloudEventAMQPMapping.event(properties: amqp, body: event.data)))
        #expect(read.traceparent == Self.traceparent)
    }

    @Test(arguments: CloudEventsHeaderBinding.allCases, CloudEventsHeaderBinding.allCases)
    func rewritingGivesWhatTheOtherBindingWrites(from: CloudEventsHeaderBinding, to: CloudEventsHeaderBinding) throws {
        let event = CloudEventMappingTests.sample()
        let written = CloudEventAMQPMapping.properties(for: event, binding: from)
        let rewritten = CloudEventAMQPMapping.rewrite(written, to: to)
        let expected = CloudEventAMQPMapping.properties(for: event, binding: to)
        #expect(Self.headers(rewritten) == Self.headers(expected))
        var sameHeaders = rewritten
        sameHeaders.headers = expected.headers
        #expect(sameHeaders == expected)
        #expect(try CloudEventAMQPMapping.event(properties: rewritten, body: event.data) == event)
    }

    @Test func rewriteKeepsTraceContextUnknownHeadersAndProperties() throws {
        var properties = AMQPProperties(contentType: "application/json", messageID: "m-1", type: "treasury.pes.acquitted.v1")
        properties.appID = "treasury"
        properties.correlationID = "conv-9"
        properties.headers = [
            "ce-id": "m-1", "ce-source": "/partner/treasury", "ce-type": "treasury.pes.acquitted.v1",
            "ce-specversion": "1.0", "ce-causationid": "cmd-3", "traceparent": .string(Self.traceparent),
            "x-death": .array([.table(["count": .int64(1), "queue": "bridge.treasury.inbound"])]),
            "x-passerelle-attempt": .int32(2), "x-partner-batch": "b-12", "celebration": "yes",
        ]
        let before = try CloudEventAMQPMapping.event(properties: properties, body: [])
        let rewritten = CloudEventAMQPMapping.rewrite(properties, to: .amqp)
        let headers = rewritten.headers
        #expect(headers["cloudEvents_id"] == "m-1")
        #expect(headers["cloudEvents_source"] == "/partner/treasury")
        #expect(headers["cloudEvents_causationid"] == "cmd-3")
        #expect(!headers.keys.contains { $0.hasPrefix("ce-") })
        #expect(headers["traceparent"] == .string(Self.traceparent))
        #expect(headers["cloudEvents_traceparent"] == nil)
        #expect(headers["x-death"] == properties.headers["x-death"])
        #expect(headers["x-passerelle-attempt"] == .int32(2))
        #expect(headers["x-partner-batch"] == "b-12")
        #expect(headers["celebration"] == "yes")
        #expect(headers.count == properties.headers.count)
        // Moved headers keep their places; every AMQP property is untouched.
        #expect(headers.keys == properties.headers.keys.map { $0.replacingOccurrences(of: "ce-", with: "cloudEvents_") })
        var sameHeaders = rewritten
        sameHeaders.headers = properties.headers
        #expect(sameHeaders == properties)
        #expect(try CloudEventAMQPMapping.event(properties: rewritten, body: []) == before)
        // And back to the partner's side: the trace context is also an extension attribute there.
        let back = CloudEventAMQPMapping.rewrite(rewritten, to: .ce)
        #expect(back.headers["ce-traceparent"] == .string(Self.traceparent))
        #expect(back.headers["traceparent"] == .string(Self.traceparent))
        #expect(back.headers["celebration"] == "yes")
        #expect(try CloudEventAMQPMapping.event(properties: back, body: []) == before)
    }

    @Test func aPrefixedTraceparentFillsInTheMissingUnprefixedOne() throws {
        let properties = AMQPProperties(
            messageID: "m", type: "a.b.c.v1",
            headers: ["ce-source": "/s", "ce-traceparent": .string(Self.traceparent)])
        let rewritten = CloudEventAMQPMapping.rewrite(properties, to: .amqp)
        #expect(rewritten.headers["traceparent"] == .string(Self.traceparent))
        #expect(rewritten.headers["ce-traceparent"] == nil)
        #expect(try CloudEventAMQPMapping.event(properties: rewritten, body: []).traceparent == Self.traceparent)
    }

    @Test func theUnprefixedTraceContextWinsOverAPrefixedCopy() throws {
        let stale = "00-11111111111111111111111111111111-2222222222222222-01"
        let properties = AMQPProperties(
            messageID: "m", type: "a.b.c.v1",
            headers: ["traceparent": .string(Self.traceparent), "ce-source": "/s", "ce-traceparent": .string(stale)])
        #expect(try CloudEventAMQPMapping.event(properties: properties, body: []).traceparent == Self.traceparent)
        let rewritten = CloudEventAMQPMapping.rewrite(properties, to: .ce)
        #expect(rewritten.headers["ce-traceparent"] == .string(Self.traceparent))
        #expect(try CloudEventAMQPMapping.event(properties: rewritten, body: []).traceparent == Self.traceparent)
    }

    @Test func headersThatAreNotCloudEventsOnesStayPut() {
        // No accepted prefix, or a prefix followed by a name that is not an attribute name.
        let properties = AMQPProperties(
            messageID: "m", type: "a.b.c.v1",
            headers: ["cecile": "x", "ce-Not-An-Attribute": "y", "x-ce-id": "z", "cloudEventsId": "w", "ce_source": "/s"])
        for binding in CloudEventsHeaderBinding.allCases {
            let rewritten = CloudEventAMQPMapping.rewrite(properties, to: binding)
            #expect(rewritten.headers.keys == ["cecile", "ce-Not-An-Attribute", "x-ce-id", "cloudEventsId", binding.prefix + "source"])
            #expect(rewritten.headers["ce-Not-An-Attribute"] == "y")
        }
    }

    @Test func rewritingAMessageWithoutCloudEventsHeadersChangesNothing() {
        var properties = AMQPProperties(contentType: "text/plain", messageID: "m", headers: ["x-passerelle-attempt": .int32(1)])
        properties.timestamp = Date(timeIntervalSince1970: 1_796_000_000)
        for binding in CloudEventsHeaderBinding.allCases {
            #expect(CloudEventAMQPMapping.rewrite(properties, to: binding) == properties)
        }
    }
}
