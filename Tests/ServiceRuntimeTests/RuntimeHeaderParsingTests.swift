import Foundation
import Messaging
import Testing

@testable import ServiceRuntime

/// The runtime's headers read defensively: whatever a sender forges, the values are usable or absent, and
/// nothing traps.
@Suite struct RuntimeHeaderParsingTests {
    private func attempt(_ value: AMQPFieldValue?, limit: Int = RuntimeHeaders.maxAttempt) -> Int {
        var headers: AMQPTable = [:]
        headers[RuntimeHeaders.attempt] = value
        return RuntimeHeaders.attempt(in: headers, limit: limit)
    }

    @Test func integersOfEveryKindAreClamped() {
        #expect(self.attempt(nil) == 0)
        #expect(self.attempt(.int32(2)) == 2)
        #expect(self.attempt(.int64(.max)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.int64(.min)) == 0)
        #expect(self.attempt(.int64(-1)) == 0)
        #expect(self.attempt(.int32(-5)) == 0)
        #expect(self.attempt(.int8(.min)) == 0)
        #expect(self.attempt(.uint64(.max)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.uint32(.max)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.uint8(7)) == 7)
        #expect(self.attempt(.int16(3), limit: 2) == 2)
        #expect(self.attempt(.int64(.max), limit: -3) == 0)
        #expect(self.attempt(.int32(1), limit: 0) == 0)
    }

    @Test func stringsCountByTheNumberTheyHold() {
        #expect(self.attempt(.string("3")) == 3)
        #expect(self.attempt(.string(" +4 ")) == 4)
        #expect(self.attempt(.string("-5")) == 0)
        #expect(self.attempt(.string("9223372036854775807")) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.string(String(repeating: "9", count: 5000))) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.string("2.9")) == 2)
        #expect(self.attempt(.string("1e400")) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.string("-1e400")) == 0)
        #expect(self.attempt(.string("nan")) == 0)
        #expect(self.attempt(.string("three")) == 0)
        #expect(self.attempt(.string("")) == 0)
        #expect(self.attempt(.string("1\u{0}")) == 0)
        #expect(self.attempt(.bytes(Array("6".utf8))) == 6)
        #expect(self.attempt(.bytes([0xFF, 0xFE])) == 0)
    }

    @Test func floatsDecimalsAndOtherKinds() {
        #expect(self.attempt(.double(2.7)) == 2)
        #expect(self.attempt(.double(-2.7)) == 0)
        #expect(self.attempt(.double(.nan)) == 0)
        #expect(self.attempt(.double(.infinity)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.double(-.infinity)) == 0)
        #expect(self.attempt(.double(1e300)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.float(.greatestFiniteMagnitude)) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.float(.signalingNaN)) == 0)
        #expect(self.attempt(.decimal(AMQPDecimal(scale: 1, value: 35))) == 3)
        #expect(self.attempt(.decimal(AMQPDecimal(scale: 255, value: .max))) == 0)
        #expect(self.attempt(.decimal(AMQPDecimal(scale: 0, value: .max))) == RuntimeHeaders.maxAttempt)
        #expect(self.attempt(.array([.int32(3)])) == 0)
        #expect(self.attempt(.table([RuntimeHeaders.attempt: .int32(3)])) == 0)
        #expect(self.attempt(.boolean(true)) == 0)
        #expect(self.attempt(.timestamp(.max)) == 0)
        #expect(self.attempt(.void) == 0)
    }

    @Test func otherHeadersAreUsableOrAbsent() {
        let id = UUID()
        var properties = AMQPProperties(messageID: "prop-id", type: "prop.type.v1")
        properties.headers = [
            RuntimeHeaders.reason: "exploded",
            RuntimeHeaders.originalExchange: .string("ex\u{0}change"),
            RuntimeHeaders.originalRoutingKey: .string(String(repeating: "k", count: 256)),
            RuntimeHeaders.consumerQueue: .int32(4),
            RuntimeHeaders.parkedID: .string(id.uuidString),
            RuntimeHeaders.attempt: .string("Int64.max"),
            "cloudEvents_id": "header-id",
        ]
        let values = RuntimeHeaderValues(properties)
        #expect(values.reason == nil)
        #expect(values.originalExchange == nil)
        #expect(values.originalRoutingKey == nil)
        #expect(values.consumerQueue == nil)
        #expect(values.parkedID == id)
        #expect(values.attempt == 0)
        // Headers win over properties, as in the CloudEvents mapping.
        #expect(values.messageID == "header-id")
        #expect(values.messageType == "prop.type.v1")

        properties.headers = [
            RuntimeHeaders.reason: "delivery-limit", RuntimeHeaders.originalExchange: "feeder.events",
            RuntimeHeaders.parkedID: "not-a-uuid", "ce_type": .bytes(Array("ce.type.v1".utf8)),
        ]
        let other = RuntimeHeaderValues(properties)
        #expect(other.reason == "delivery-limit")
        #expect(other.originalExchange == "feeder.events")
        #expect(other.parkedID == nil)
        #expect(other.messageType == "ce.type.v1")
    }

    /// A cheap fuzz: random header values of every kind, nested, never trap and stay in range.
    /// Found by the fuzzer (Fuzz/regressions/runtime-headers/misplaced-hyphen-parked-id): Foundation parses a
    /// 36-character id with a hyphen out of place into some other UUID; such a header is no parked id.
    @Test func aParkedIDOutOfItsCanonicalFormIsIgnored() {
        var properties = AMQPProperties()
        properties.headers = [RuntimeHeaders.parkedID: .string("0b7e4d2c-91a5-4f3e-8c6d-2a-b9f8e7d60")]
        #expect(RuntimeHeaderValues(properties).parkedID == nil)
        properties.headers = [RuntimeHeaders.parkedID: .string("0B7E4D2C-91A5-4F3E-8C6D-2AB9F8E7D601")]
        #expect(RuntimeHeaderValues(properties).parkedID?.uuidString == "0B7E4D2C-91A5-4F3E-8C6D-2AB9F8E7D601")
    }

    @Test func randomValuesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        func value(_ depth: Int) -> AMQPFieldValue {
            switch Int.random(in: 0..<(depth > 3 ? 14 : 16), using: &generator) {
            case 0: return .int64(Int64.random(in: .min ... .max, using: &generator))
            case 1: return .uint64(UInt64.random(in: 0 ... .max, using: &generator))
            case 2: return .double(Double(bitPattern: UInt64.random(in: 0 ... .max, using: &generator)))
            case 3: return .float(Float(bitPattern: UInt32.random(in: 0 ... .max, using: &generator)))
            case 4: return .string(String(Int64.random(in: .min ... .max, using: &generator)))
            case 5: return .string(String(decoding: (0..<Int.random(in: 0..<12)).map { _ in UInt8.random(in: 0 ... 255) }, as: UTF8.self))
            case 6: return .bytes((0..<Int.random(in: 0..<12)).map { _ in UInt8.random(in: 0 ... 255) })
            case 7: return .decimal(AMQPDecimal(scale: .random(in: 0 ... 255), value: .random(in: 0 ... .max)))
            case 8: return .int32(Int32.random(in: .min ... .max))
            case 9: return .int8(Int8.random(in: .min ... .max))
            case 10: return .boolean(.random())
            case 11: return .timestamp(.random(in: 0 ... .max))
            case 12: return .void
            case 13: return .string("\(Double.random(in: -1e10...1e10))")
            case 14: return .array((0..<3).map { _ in value(depth + 1) })
            default: return .table([RuntimeHeaders.attempt: value(depth + 1)])
            }
        }
        // One #expect for the whole run: 20,000 of them would hold a test thread for seconds in a debug build
        // (and starve the timers of the suites running beside it).
        var outOfRange: [String] = []
        for _ in 0..<5_000 {
            let limit = Int.random(in: -2...2000)
            var properties = AMQPProperties()
            properties.headers = [
                RuntimeHeaders.attempt: value(0), RuntimeHeaders.reason: value(0), RuntimeHeaders.parkedID: value(0),
                RuntimeHeaders.originalExchange: value(0),
            ]
            let count = RuntimeHeaders.attempt(in: properties.headers, limit: limit)
            let values = RuntimeHeaderValues(properties)
            if !(0...max(0, limit)).contains(count) || !(0...RuntimeHeaders.maxAttempt).contains(values.attempt) {
                outOfRange.append("\(properties.headers[RuntimeHeaders.attempt].map { "\($0)" } ?? "nil") → \(count), \(values.attempt)")
            }
        }
        #expect(outOfRange.isEmpty, "\(outOfRange.prefix(5))")
    }
}
