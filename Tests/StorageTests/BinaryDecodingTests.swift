import Foundation
import Testing

@testable import Storage

@Suite struct BinaryDecodingTests {
    func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    func decode<T: PostgresDecodable>(_ type: T.Type, _ bytes: [UInt8], as postgresType: PostgresDataType) throws -> T {
        try T(postgresBytes: bytes[...], type: postgresType)
    }

    /// The binary `numeric` of base-10 000 digit groups.
    func numeric(weight: Int16, negative: Bool = false, scale: Int16, _ groups: [Int16]) -> [UInt8] {
        var bytes = self.bigEndian(Int16(groups.count)) + self.bigEndian(weight)
        bytes += self.bigEndian(negative ? UInt16(0x4000) : 0) + self.bigEndian(scale)
        return groups.reduce(bytes) { $0 + self.bigEndian($1) }
    }

    /// A one-dimensional binary array; `nil` elements are NULL.
    func array(of element: PostgresDataType, _ items: [[UInt8]?]) -> [UInt8] {
        var bytes = self.bigEndian(Int32(1)) + self.bigEndian(Int32(items.contains(nil) ? 1 : 0))
        bytes += self.bigEndian(element.rawValue) + self.bigEndian(Int32(items.count)) + self.bigEndian(Int32(1))
        for item in items {
            bytes += item.map { self.bigEndian(Int32($0.count)) + $0 } ?? self.bigEndian(Int32(-1))
        }
        return bytes
    }

    @Test func integersWidenButNeverNarrow() throws {
        #expect(try self.decode(Int64.self, self.bigEndian(Int64.min), as: .int8) == .min)
        #expect(try self.decode(Int64.self, self.bigEndian(Int32(-5)), as: .int4) == -5)
        #expect(try self.decode(Int.self, self.bigEndian(Int16(7)), as: .int2) == 7)
        #expect(try self.decode(Int32.self, self.bigEndian(Int16.min), as: .int2) == Int32(Int16.min))
        #expect(throws: PostgresError.self) { try self.decode(Int32.self, self.bigEndian(Int64(1)), as: .int8) }
        let error = #expect(throws: PostgresError.self) { try self.decode(Int.self, Array("12".utf8), as: .text) }
        #expect(error?.code == .typeMismatch)
        #expect(error?.postgresType == "text")
        #expect(error?.swiftType == "Int")
        let short = #expect(throws: PostgresError.self) { try self.decode(Int64.self, [1, 2], as: .int8) }
        #expect(short?.code == .malformedValue)
    }

    @Test func floatsBoolsUUIDsAndText() throws {
        #expect(try self.decode(Double.self, self.bigEndian(Double.pi.bitPattern), as: .float8) == .pi)
        #expect(try self.decode(Double.self, self.bigEndian(Float(0.5).bitPattern), as: .float4) == 0.5)
        #expect(try self.decode(Bool.self, [1], as: .bool))
        #expect(throws: PostgresError.self) { try self.decode(Bool.self, [2], as: .bool) }
        let uuid = UUID()
        let uuidBytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        #expect(try self.decode(UUID.self, uuidBytes, as: .uuid) == uuid)
        #expect(try self.decode(String.self, Array("héllo".utf8), as: .varchar) == "héllo")
        #expect(try self.decode(String.self, [1] + Array("{}".utf8), as: .jsonb) == "{}")
        #expect(throws: PostgresError.self) { try self.decode(String.self, [0xFF, 0xFE], as: .text) }
    }

    @Test func numericsDecodeExactly() throws {
        #expect(
            try self.decode(Decimal.self, self.numeric(weight: 1, scale: 3, [1, 2345, 6780]), as: .numeric)
                == Decimal(string: "12345.678"))
        #expect(
            try self.decode(Decimal.self, self.numeric(weight: -1, negative: true, scale: 4, [1]), as: .numeric)
                == Decimal(string: "-0.0001"))
        #expect(
            try self.decode(Decimal.self, self.numeric(weight: 2, scale: 0, [12]), as: .numeric)
                == Decimal(string: "1200000000"))
        #expect(try self.decode(Decimal.self, self.numeric(weight: 0, scale: 0, []), as: .numeric) == 0)
        let nan =
            self.bigEndian(Int16(0)) + self.bigEndian(Int16(0)) + self.bigEndian(UInt16(0xC000))
            + self.bigEndian(Int16(0))
        #expect(try self.decode(Decimal.self, nan, as: .numeric).isNaN)
        let tooLong = self.numeric(weight: 10, scale: 0, Array(repeating: 9999, count: 11))
        #expect(throws: PostgresError.self) { try self.decode(Decimal.self, tooLong, as: .numeric) }
    }

    @Test func datesAndTimestampsCountFromTheYear2000() throws {
        #expect(
            try self.decode(PostgresDate.self, self.bigEndian(Int32(0)), as: .date)
                == PostgresDate(year: 2000, month: 1, day: 1))
        #expect(
            try self.decode(PostgresDate.self, self.bigEndian(Int32(-1)), as: .date)
                == PostgresDate(year: 1999, month: 12, day: 31))
        #expect(throws: PostgresError.self) { try self.decode(PostgresDate.self, self.bigEndian(Int32.max), as: .date) }
        let epoch = try self.decode(Date.self, self.bigEndian(Int64(0)), as: .timestamptz)
        #expect(epoch == Date(timeIntervalSince1970: 946_684_800))
        let micros = try self.decode(Date.self, self.bigEndian(Int64(1)), as: .timestamp)
        #expect(PostgresTimestamp.microseconds(from: micros) == 1)
        #expect(throws: PostgresError.self) { try self.decode(Date.self, self.bigEndian(Int64.max), as: .timestamptz) }
    }

    @Test func arraysBytesAndJSON() throws {
        let texts = self.array(of: .text, [Array("a".utf8), Array("b,c".utf8)])
        #expect(try self.decode([String].self, texts, as: .textArray) == ["a", "b,c"])
        let ints = self.array(of: .int4, [self.bigEndian(Int32(1)), self.bigEndian(Int32(-2))])
        #expect(try self.decode([Int64].self, ints, as: .int4Array) == [1, -2])
        let empty = self.bigEndian(Int32(0)) + self.bigEndian(Int32(0)) + self.bigEndian(UInt32(20))
        #expect(try self.decode([Int64].self, empty, as: .int8Array) == [])
        let withNull = self.array(of: .text, [Array("a".utf8), nil])
        let nullError = #expect(throws: PostgresError.self) { try self.decode([String].self, withNull, as: .textArray) }
        #expect(nullError?.code == .unexpectedNull)
        #expect(throws: PostgresError.self) { try self.decode([String].self, Array("x".utf8), as: .text) }
        #expect(try self.decode([UInt8].self, [0, 255], as: .bytea) == [0, 255])
        #expect(try self.decode(Data.self, [1] + Array("[1]".utf8), as: .jsonb) == Data("[1]".utf8))
        struct Payload: Codable, Equatable, Sendable { var a: Int }
        #expect(try self.decode(PostgresJSON<Payload>.self, Array(#"{"a":5}"#.utf8), as: .json).value == Payload(a: 5))
        let wrongShape = #expect(throws: PostgresError.self) {
            try self.decode(PostgresJSON<Payload>.self, [1] + Array(#"{"b":5}"#.utf8), as: .jsonb)
        }
        #expect(wrongShape?.underlying is DecodingError)
        #expect(throws: PostgresError.self) { try self.decode(PostgresRawJSON.self, [2, 0x7B, 0x7D], as: .jsonb) }
    }

    @Test func optionalTurnsNullIntoNil() throws {
        #expect(try Int?.decodeNull() == nil)
        let error = #expect(throws: PostgresError.self) { try Int.decodeNull() }
        #expect(error?.code == .unexpectedNull)
    }

    @Test func rowsDecodeByIndexNameAndTuple() throws {
        let storage = PostgresRowStorage(
            columns: [PostgresColumn(name: "id", dataType: .int8), PostgresColumn(name: "title", dataType: .text)],
            rowCount: 2, bytes: self.bigEndian(Int64(1)) + Array("one".utf8) + self.bigEndian(Int64(2)),
            offsets: [0, 8, 11, 19], lengths: [8, 3, 8, -1])
        let rows = PostgresRows(storage: storage, commandTag: "SELECT 2", affectedRows: 2)
        #expect(rows.count == 2)
        #expect(try rows[0].decode(Int.self, at: 0) == 1)
        #expect(try rows[0].decode(String.self, column: "title") == "one")
        #expect(try rows[1].decode(String?.self, column: "title") == nil)
        #expect(rows[1].isNull(at: 1))
        let all = try rows.decode((Int, String?).self)
        #expect(all.map(\.0) == [1, 2] && all.map(\.1) == ["one", nil])
        let error = #expect(throws: PostgresError.self) { try rows[1].decode((Int, String).self) }
        #expect(error?.code == .unexpectedNull)
        #expect(error?.column == "title")
        #expect(
            error?.description
                == #"PostgresError(unexpectedNull) during decode: column "title" (index 1), "#
                + "PostgreSQL type text, Swift type String"
        )
        let outOfRange = #expect(throws: PostgresError.self) { try rows[0].decode(Int.self, at: 5) }
        #expect(outOfRange?.code == .columnNotFound)
    }
}
