import Foundation
import Testing

@testable import Storage

@Suite struct TextEncodingTests {
    func text(_ value: some PostgresEncodable) throws -> String {
        var buffer: [UInt8] = []
        try value.encode(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func scalarsUseTheServersInputSyntax() throws {
        #expect(try self.text(true) == "t")
        #expect(try self.text(false) == "f")
        #expect(try self.text(Int64.min) == "-9223372036854775808")
        #expect(try self.text(Int16(-7)) == "-7")
        #expect(try self.text(0.1) == "0.1")
        #expect(try self.text(Double.infinity) == "Infinity")
        #expect(try self.text(-Double.infinity) == "-Infinity")
        #expect(try self.text(Double.nan) == "NaN")
        #expect(try self.text(Float(1.5)) == "1.5")
        #expect(try self.text(Decimal(string: "-1234567890123456789012345.5")!) == "-1234567890123456789012345.5")
        #expect(try self.text(Decimal.nan) == "NaN")
        #expect(
            try self.text(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!)
                == "e621e1f8-c36c-495a-93fc-0c247a3e6e5f")
        #expect(try self.text(UInt8(ascii: "a")) == "a")
        #expect(try self.text(UInt8(200)) == "\\310")
    }

    @Test func timestampsAreUTCWithMicroseconds() throws {
        #expect(try self.text(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(try self.text(Date(timeIntervalSince1970: 1_714_564_800.123456)) == "2024-05-01 12:00:00.123456+00")
        #expect(try self.text(Date(timeIntervalSince1970: -1.5)) == "1969-12-31 23:59:58.500000+00")
        #expect(try self.text(Date(timeIntervalSinceReferenceDate: -31_622_400)) == "2000-01-01 00:00:00.000000+00")
    }

    @Test func datesUseTheProlepticGregorianCalendarWithBC() throws {
        #expect(try self.text(PostgresDate(year: 2024, month: 2, day: 29)) == "2024-02-29")
        #expect(try self.text(PostgresDate(year: 0, month: 1, day: 1)) == "0001-01-01 BC")
        #expect(try self.text(PostgresDate(year: -43, month: 3, day: 15)) == "0044-03-15 BC")
        #expect(PostgresDate(daysSince1970: 0) == PostgresDate(year: 1970, month: 1, day: 1))
        #expect(PostgresDate(year: 2000, month: 1, day: 1).daysSince1970 == PostgresCalendar.postgresEpochDays)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(PostgresDate(daysSince1970: days).daysSince1970 == days)
        }
        #expect(
            PostgresDate(utcDayOf: Date(timeIntervalSince1970: 86_399)) == PostgresDate(year: 1970, month: 1, day: 1))
        #expect(PostgresDate(year: 1999, month: 12, day: 31) < PostgresDate(year: 2000, month: 1, day: 1))
    }

    @Test func arraysQuoteEveryElementAndBytesUseHex() throws {
        #expect(try self.text(["a", "b\"c", "d\\e", "", "NULL", "x,y"]) == #"{"a","b\"c","d\\e","","NULL","x,y"}"#)
        #expect(try self.text([Int64(1), -2]) == #"{"1","-2"}"#)
        #expect(try self.text([String]()) == "{}")
        #expect(try self.text([Int64]()) == "{}")
        #expect(try self.text([UInt8]([0x00, 0xAB, 0xFF])) == #"\x00abff"#)
        #expect(try self.text([UInt8]()) == #"\x"#)
        #expect(try self.text(Data([1, 2])) == #"\x0102"#)
    }

    @Test func jsonIsEncodedWithSortedKeys() throws {
        struct Payload: Codable, Sendable {
            var b: Int
            var a: String
        }
        #expect(try self.text(PostgresJSON(Payload(b: 1, a: "é"))) == #"{"a":"é","b":1}"#)
        #expect(try self.text(PostgresRawJSON("[1, 2]")) == "[1, 2]")
        #expect(PostgresJSON<Int>.psqlType == .jsonb)
    }
}
