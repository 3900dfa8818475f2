import Foundation
import Testing

@testable import Messaging

@Suite struct FieldTableTests {
    /// One value of every kind rabbitmq-c 0.11 encodes, with edge values.
    static let everyKind: AMQPTable = [
        "bool-true": .boolean(true),
        "bool-false": .boolean(false),
        "i8": .int8(-128),
        "u8": .uint8(255),
        "i16": .int16(-32_768),
        "u16": .uint16(65_535),
        "i32": .int32(Int32.min),
        "u32": .uint32(UInt32.max),
        "i64": .int64(Int64.min),
        "u64": .uint64(UInt64.max),
        "f32": .float(3.5),
        "f64": .double(-1.25e300),
        "decimal": .decimal(AMQPDecimal(scale: 2, value: 123_456)),
        "utf8": .string("Dijon — Côte-d'Or ✓"),
        "empty-string": .string(""),
        "bytes": .bytes([0, 1, 2, 254, 255]),
        "timestamp": .timestamp(1_767_225_600),
        "void": .void,
        "array": .array([.int32(1), .string("two"), .array([.boolean(true)]), .table(["k": .void])]),
        "empty-array": .array([]),
        "table": .table(["nested": .table(["deeper": .table(["x-death": .array([.table(["count": .int64(3)])])])])]),
        "empty-table": .table([:]),
    ]

    @Test func everyKindSurvivesTheWireEncoding() throws {
        let bytes = try FieldTableWire.encode(Self.everyKind)
        let decoded = try FieldTableWire.decode(bytes)
        #expect(decoded == Self.everyKind)
        #expect(decoded.keys == Self.everyKind.keys, "order is kept")
    }

    @Test(arguments: [
        (AMQPFieldValue.boolean(true), "t"), (.int8(1), "b"), (.uint8(1), "B"), (.int16(1), "s"), (.uint16(1), "u"),
        (.int32(1), "I"), (.uint32(1), "i"), (.int64(1), "l"), (.uint64(1), "L"), (.float(1), "f"),
        (.double(1), "d"), (.decimal(AMQPDecimal(scale: 1, value: 1)), "D"), (.string("a"), "S"),
        (.bytes([1]), "x"), (.timestamp(1), "T"), (.array([]), "A"), (.table([:]), "F"), (.void, "V"),
    ])
    func eachKindUsesTheRabbitMQTypeLetter(value: AMQPFieldValue, letter: String) throws {
        let bytes = try FieldTableWire.encode(["k": value])
        // 4-byte table length, 1-byte key length, the key "k", then the type letter.
        #expect(bytes.count >= 7)
        #expect(bytes[6] == Character(letter).asciiValue)
    }

    @Test func wireLayoutOfASimpleTableMatchesTheSpecification() throws {
        let bytes = try FieldTableWire.encode(["a": .int32(258)])
        #expect(bytes == [0, 0, 0, 7, 1, UInt8(ascii: "a"), UInt8(ascii: "I"), 0, 0, 1, 2])
    }

    @Test func invalidUTF8InALongStringDecodesAsBytes() throws {
        // Hand-built table: key "k", kind 'S', 2 bytes 0xC3 0x28 (an invalid UTF-8 sequence).
        let bytes: [UInt8] = [0, 0, 0, 9, 1, UInt8(ascii: "k"), UInt8(ascii: "S"), 0, 0, 0, 2, 0xC3, 0x28]
        #expect(try FieldTableWire.decode(bytes) == ["k": .bytes([0xC3, 0x28])])
    }

    @Test func truncatedInputIsAnErrorNotACrash() {
        #expect(throws: AMQPError.self) {
            _ = try FieldTableWire.decode([0, 0, 0, 20, 1, UInt8(ascii: "k"), UInt8(ascii: "I"), 0])
        }
    }

    @Test func largeTablesGrowTheEncodeBuffer() throws {
        var table = AMQPTable()
        for index in 0..<2_000 {
            table["key-\(index)"] = .string(String(repeating: "x", count: 20))
        }
        #expect(try FieldTableWire.decode(FieldTableWire.encode(table)) == table)
    }

    @Test func tableSubscriptReplacesAndRemovesInPlace() {
        var table: AMQPTable = ["a": 1, "b": 2, "c": 3]
        table["b"] = "two"
        table["a"] = nil
        table["d"] = true
        #expect(table.keys == ["b", "c", "d"])
        #expect(table["b"] == .string("two"))
        #expect(table.nestingDepth == 0)
        #expect(Self.everyKind.nestingDepth == 5)
    }

    @Test func accessorsReadTheUsefulKinds() {
        #expect(AMQPFieldValue.int16(-3).integerValue == -3)
        #expect(AMQPFieldValue.uint64(.max).integerValue == nil)
        #expect(AMQPFieldValue.bytes(Array("ok".utf8)).stringValue == "ok")
        #expect(AMQPFieldValue.timestamp(Date(timeIntervalSince1970: 10.9)) == .timestamp(10))
        #expect(AMQPDecimal(scale: 2, value: 1250).description == "12.5")
    }

    @Test func propertiesSurviveTheCConversion() {
        var properties = AMQPProperties(
            contentType: "application/json", deliveryMode: .persistent, messageID: "id-1", type: "t.v1",
            headers: Self.everyKind)
        properties.contentEncoding = "identity"
        properties.priority = 5
        properties.correlationID = "corr"
        properties.replyTo = "reply"
        properties.expiration = "60000"
        properties.timestamp = Date(timeIntervalSince1970: 1_767_225_600)
        properties.userID = "guest"
        properties.appID = "passerelle-test"
        properties.clusterID = "cluster"
        let arena = CArena()
        let copy = AMQPProperties(properties.cProperties(in: arena))
        #expect(copy == properties)
        #expect(AMQPProperties(AMQPProperties(deliveryMode: nil).cProperties(in: arena)) == AMQPProperties(deliveryMode: nil))
    }
}

@Suite struct AMQPErrorTests {
    @Test func descriptionKeepsTheReplyAndNothingSecret() {
        let error = AMQPError(
            .channelClosed, operation: "queue.declare(missing)",
            serverReply: .init(code: 404, text: "NOT_FOUND - no queue 'missing' in vhost '/'", classID: 50, methodID: 10))
        #expect(error.replyCode == 404)
        #expect(error.description == "AMQPError(channelClosed) during queue.declare(missing): 404 NOT_FOUND - no queue 'missing' in vhost '/'")
        #expect(!error.isTransient)
    }

    @Test func libraryStatusesMapToConnectionCodes() {
        #expect(RabbitConnection.connectionError("read", status: -0x000F).code == .heartbeatTimeout)
        #expect(RabbitConnection.connectionError("read", status: -0x000D).code == .timeout)
        let lost = RabbitConnection.connectionError("read", status: -0x0009)
        #expect(lost.code == .connectionLost)
        #expect(lost.libraryMessage == "a socket error occurred")
        #expect(lost.isTransient)
    }

    @Test func transientCodesAreTheConnectionLevelOnes() {
        #expect(AMQPError(.nacked, operation: "p").isTransient)
        #expect(AMQPError(.notConnected, operation: "p").isTransient)
        #expect(!AMQPError(.unroutable, operation: "p").isTransient)
        #expect(!AMQPError(.authenticationFailed, operation: "p").isTransient)
    }
}
