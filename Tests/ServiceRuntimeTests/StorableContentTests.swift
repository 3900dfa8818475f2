import Foundation
import Messaging
import Testing

@testable import ServiceRuntime

/// What a parked row holds is made storable in PostgreSQL (no NUL, bounded names and values, bounded
/// nesting), says what changed, and leaves storable content alone.
@Suite struct StorableContentTests {
    @Test func textEscapesNULAndCutsOnAScalarBoundary() {
        #expect(StorableText.storable("plain", limit: 10) == ("plain", []))
        let escaped = StorableText.storable("a\u{0}b", limit: 255)
        #expect(escaped.text == "a\\u0000b")
        #expect(escaped.change == .escapedNUL)
        // A NUL followed by a combining mark is one character, but still escaped.
        #expect(StorableText.storable("x\u{0}\u{301}", limit: 255).text == "x\\u0000\u{301}")
        let cut = StorableText.storable(String(repeating: "é", count: 200), limit: 255)
        #expect(cut.text.utf8.count == 254)
        #expect(cut.change == .truncated)
        let both = StorableText.storable(String(repeating: "\u{0}", count: 100), limit: 255)
        #expect(both.change == [.escapedNUL, .truncated])
        #expect(!both.text.utf8.contains(0) && both.text.utf8.count <= 255)
        // Idempotent.
        #expect(StorableText.storable(both.text, limit: 255) == (both.text, []))
    }

    @Test func propertiesAreSanitisedAndTheChangesNamed() throws {
        var deep: AMQPFieldValue = .string("bottom")
        for _ in 0..<40 { deep = .array([deep]) }
        var properties = AMQPProperties(messageID: "id\u{0}1", type: "feeder.item.submitted.v1")
        properties.correlationID = String(repeating: "c", count: 400)
        properties.headers = [
            "x-nul": .string("va\u{0}lue"), "x-ke\u{0}y": "v", "x-long": .string(String(repeating: "z", count: 70_000)),
            "x-deep": deep, "x-nested": .table(["inner": .array([.string("\u{0}")])]), "x-fine": .int64(.max),
            "x-bytes": .bytes([0, 0xFF, 0]),
        ]
        let (stored, changes) = StoredProperties.storable(properties)
        #expect(stored.messageID == "id\\u00001")
        #expect(stored.correlationID?.utf8.count == 255)
        #expect(stored.headers["x-nul"] == .string("va\\u0000lue"))
        #expect(stored.headers["x-ke\\u0000y"] == "v")
        #expect(stored.headers["x-long"]?.stringValue?.utf8.count == StorableText.maxValueBytes)
        #expect(stored.headers["x-deep"]?.nestingDepth == StorableText.maxNesting)
        #expect(stored.headers["x-nested"] == .table(["inner": .array([.string("\\u0000")])]))
        #expect(stored.headers["x-fine"] == .int64(.max))
        #expect(stored.headers["x-bytes"] == .bytes([0, 0xFF, 0]))
        #expect(changes.contains("message_id: NUL escaped"))
        #expect(changes.contains("correlation_id: truncated to 255 bytes"))
        #expect(changes.contains("header x-nul: NUL escaped"))
        #expect(changes.contains("header x-ke\\u0000y: NUL escaped"))
        #expect(changes.contains("header x-long: truncated to 65536 bytes"))
        #expect(changes.contains { $0.hasPrefix("header x-deep") && $0.hasSuffix("nesting over 16 levels cut") })
        #expect(changes.contains("header x-nested.inner[0]: NUL escaped"))
        #expect(!changes.contains { $0.contains("x-fine") || $0.contains("x-bytes") })

        // What is stored is valid for jsonb (no \u0000) and reads back as stored.
        let json = StoredProperties.json(stored)
        let back = try StoredProperties.properties(fromJSON: json)
        #expect(!back.headers.contains { $0.key.utf8.contains(0) || ($0.value.stringValue?.utf8.contains(0) ?? false) })
        #expect(back.headers["x-nul"] == stored.headers["x-nul"])
        #expect(back.messageID == stored.messageID)

        // Storable properties are left alone.
        let again = StoredProperties.storable(stored)
        #expect(again.changes.isEmpty)
        #expect(again.properties == stored)
    }

    @Test func nonFiniteFloatsRoundTrip() throws {
        var properties = AMQPProperties()
        properties.headers = [
            "d-inf": .double(.infinity), "d-minus": .double(-.infinity), "f-inf": .float(.infinity),
            "f-nan": .float(.nan), "d": .double(1.5), "f": .float(0.1),
        ]
        let json = StoredProperties.json(properties)
        #expect(json.contains(#""d-inf":{"type":"double","value":"Infinity"}"#), "\(json)")
        let back = try StoredProperties.properties(fromJSON: json)
        #expect(back.headers["d-inf"] == .double(.infinity))
        #expect(back.headers["d-minus"] == .double(-.infinity))
        #expect(back.headers["f-inf"] == .float(.infinity))
        #expect(back.headers["f-nan"]?.isNaN == true)
        #expect(back.headers["d"] == .double(1.5))
        #expect(back.headers["f"] == .float(0.1))
        #expect(throws: DecodingError.self) {
            try StoredProperties.properties(fromJSON: #"{"headers":{"x":{"type":"double","value":"lots"}}}"#)
        }
    }

    @Test func aParkedRowSaysWhatWasSanitisedAndKeepsTheBody() {
        var properties = AMQPProperties(messageID: "m\u{0}", type: "feeder.item.submitted.v1")
        properties.headers = ["x-evil": .string("\u{0}")]
        let body: [UInt8] = [0, 0xFF, 0xFE, 0]
        let row = ParkedMessageRow(
            id: UUID(), consumerQueue: "alpha.feeder-events", parkingQueue: "alpha.feeder-events.invalid",
            reason: "invalid", messageID: "m\u{0}", messageType: "feeder.item.submitted.v1",
            originalExchange: "feeder.events", originalRoutingKey: "feeder.item.submitted.v1",
            error: "bad \u{0} thing", attempts: 1, properties: properties, body: body)
        let stored = row.storable()
        #expect(stored.messageID == "m\\u0000")
        #expect(stored.body == body)
        #expect(stored.error.hasPrefix("bad \\u0000 thing\n[stored sanitised: "))
        #expect(stored.error.contains("message id: NUL escaped"))
        #expect(stored.error.contains("header x-evil: NUL escaped"))
        #expect(stored.error.contains("error: NUL escaped"))
        #expect(stored.storable() == stored)

        let clean = ParkedMessageRow(
            id: UUID(), consumerQueue: "q", parkingQueue: "q.dlq", reason: "failed", messageID: "m",
            messageType: nil, originalExchange: "e", originalRoutingKey: "k", error: "boom", attempts: 1,
            properties: AMQPProperties(messageID: "m"), body: [1])
        #expect(clean.storable() == clean)

        let minimal = row.withoutProperties(because: PermanentError("too big"))
        #expect(minimal.properties.headers.isEmpty)
        #expect(minimal.properties.messageID == "m\\u0000")
        #expect(minimal.error.hasSuffix("[properties not stored: too big]"))
        #expect(minimal.body == body)
    }
}

extension AMQPFieldValue {
    fileprivate var isNaN: Bool {
        switch self {
        case .double(let v): return v.isNaN
        case .float(let v): return v.isNaN
        default: return false
        }
    }
}
