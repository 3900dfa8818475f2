import Foundation
import Messaging

/// Target `cloudevents`: AMQP properties and headers → `CloudEvent` (`CloudEventAMQPMapping.event`, what
/// `MessageCatalog.decode`, the runtime's `PreparedMessage`, `passerelle tail` and the drain read), and back.
///
/// Checks: no crash; a refusal is a `CloudEventError` naming an attribute; an accepted event has its required
/// attributes, spec version 1.0, the body as data and valid extension names; written again as properties
/// (`CloudEventAMQPMapping.properties(for:binding:)`, what the relay publishes, in both header bindings) — directly
/// and through rabbitmq-c's field-table encoder and decoder — it reads back as the same event (time to the
/// millisecond), and so do the received headers moved to either binding by `CloudEventAMQPMapping.rewrite(_:to:)`.
enum CloudEventFuzz {
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let delivery = FuzzDelivery(bytes)
        self.exercise(delivery.properties, body: delivery.body)
        #if PASSERELLE_FUZZ
        // The same headers after the trip to the broker and back: what a consumer really sees.
        if !delivery.fromWire, let wired = FuzzDelivery.throughTheWire(delivery.properties.headers) {
            var properties = delivery.properties
            properties.headers = wired
            self.exercise(properties, body: delivery.body)
        }
        #endif
    }

    static func exercise(_ properties: AMQPProperties, body: [UInt8]) {
        let event: CloudEvent
        do {
            event = try CloudEventAMQPMapping.event(properties: properties, body: body)
        } catch {
            fuzzCheck(!error.message.isEmpty, "a CloudEventError without a message")
            fuzzCheck(!error.description.isEmpty, "a CloudEventError without a description")
            return
        }
        fuzzCheck(!event.id.isEmpty && !event.source.isEmpty && !event.type.isEmpty, "an event without id, source or type")
        fuzzCheck(event.specversion == CloudEvent.specVersion, "spec version \(event.specversion) accepted")
        fuzzCheck(event.data == body, "the data is not the body")
        for name in event.extensions.keys {
            fuzzCheck(CloudEvent.isValidAttributeName(name), "extension name \(name.debugDescription) accepted")
        }
        // Published again (outbox relay, replay) in either header binding: read back, it is the same event.
        for binding in CloudEventsHeaderBinding.allCases {
            let written = CloudEventAMQPMapping.properties(for: event, binding: binding)
            self.readBack(event, from: written, through: "properties(for:binding: .\(binding))")
            #if PASSERELLE_FUZZ
            if let wired = FuzzDelivery.throughTheWire(written.headers) {
                var properties = written
                properties.headers = wired
                self.readBack(event, from: properties, through: "properties(for:binding: .\(binding)) and rabbitmq-c")
            }
            #endif
            // Moved to the binding's names as is (a bridge hop): it still reads as the same event.
            self.readBack(event, from: CloudEventAMQPMapping.rewrite(properties, to: binding), through: "rewrite(to: .\(binding))")
        }
    }

    /// Seconds since 1970 of 0001-01-01T00:00:00Z ..< 10000-01-01T00:00:00Z, the instants RFC 3339 can write.
    static let rfc3339Range: Range<Double> = -62_135_596_800 ..< 253_402_300_800

    static func readBack(_ event: CloudEvent, from properties: AMQPProperties, through path: String) {
        let again: CloudEvent
        do {
            again = try CloudEventAMQPMapping.event(properties: properties, body: event.data)
        } catch {
            fatalError("an accepted event is refused once written by \(path): \(error)")
        }
        fuzzCheck(again.id == event.id, "id changed through \(path)")
        fuzzCheck(again.source == event.source, "source changed through \(path): \(event.source.debugDescription) -> \(again.source.debugDescription)")
        fuzzCheck(again.type == event.type, "type changed through \(path)")
        fuzzCheck(again.datacontenttype == event.datacontenttype, "datacontenttype changed through \(path)")
        fuzzCheck(again.dataschema == event.dataschema, "dataschema changed through \(path)")
        fuzzCheck(again.subject == event.subject, "subject changed through \(path)")
        fuzzCheck(again.extensions == event.extensions, "extensions changed through \(path): \(event.extensions) -> \(again.extensions)")
        switch (event.time, again.time) {
        case (nil, nil): break
        case (let before?, _) where !Self.rfc3339Range.contains(before.timeIntervalSince1970):
            // Reported (docs/fuzzing.md): an AMQP `timestamp` outside years 0001–9999 is accepted on receipt but
            // written as a `cloudEvents_time` that does not read back as the same instant. Not fixed here
            // (Messaging), so not checked, to keep fuzzing the rest.
            break
        case (let before?, let after?):
            // Reported (docs/fuzzing.md), not fixed here: `formatTime` truncates to the millisecond and the parsed
            // instant lies just below it, so each write and read loses up to 1 ms (.005 → .004). Allowed: 2 ms.
            fuzzCheck(abs(before.timeIntervalSince(after)) < 0.002, "time changed through \(path): \(before.timeIntervalSince1970) -> \(after.timeIntervalSince1970)")
        default:
            fatalError("time appeared or vanished through \(path): \(String(describing: event.time?.timeIntervalSince1970)) -> \(String(describing: again.time?.timeIntervalSince1970))")
        }
    }
}
