import ContractTypes
import Foundation
import ProcurementContracts
import Testing

@Suite struct ContractCodingTests {
    struct Stamp: Codable, Equatable {
        var at: Date
    }

    func roundTrip(_ text: String) throws -> String {
        let data = Data(#"{"at":"\#(text)"}"#.utf8)
        let stamp = try ContractCoding.makeDecoder().decode(Stamp.self, from: data)
        let encoded = String(decoding: try ContractCoding.makeEncoder().encode(stamp), as: UTF8.self)
        return String(encoded.dropFirst(7).dropLast(2))
    }

    @Test func fractionalSecondsSurviveARoundTrip() throws {
        #expect(try self.roundTrip("2026-03-20T14:30:00.000Z") == "2026-03-20T14:30:00.000Z")
        #expect(try self.roundTrip("2026-03-20T14:30:00.412Z") == "2026-03-20T14:30:00.412Z")
        #expect(try self.roundTrip("2026-03-20T14:30:00.123456Z") == "2026-03-20T14:30:00.123456Z")
        #expect(try self.roundTrip("2026-03-20T14:30:00.000001Z") == "2026-03-20T14:30:00.000001Z")
    }

    @Test func offsetsAndMissingFractionsAreRead() throws {
        #expect(try self.roundTrip("2026-04-02T12:00:00+02:00") == "2026-04-02T10:00:00.000Z")
        #expect(try self.roundTrip("2026-04-02T10:00:00Z") == "2026-04-02T10:00:00.000Z")
        #expect(try self.roundTrip("2026-04-02T12:00:00.5+02:00") == "2026-04-02T10:00:00.500Z")
    }

    @Test func aTextThatIsNoDateIsRefusedWithItsValue() {
        #expect(throws: DecodingError.self) { try self.roundTrip("02/04/2026") }
        #expect(ContractCoding.parse("2026-13-02T10:00:00Z") == nil)
    }

    @Test func calendarDatesRejectDaysThatDoNotExist() throws {
        #expect(CalendarDate("2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate("2026-02-29") == nil)
        #expect(CalendarDate("2026-2-01") == nil)
        #expect(CalendarDate(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDate("2026-04-02")! < CalendarDate("2026-04-10")!)
    }

    @Test func scalarsKeepTheirJSONType() throws {
        let text = #"{"a":"x","b":3,"c":2.5,"d":true}"#
        let values = try ContractCoding.makeDecoder().decode([String: ContractScalar].self, from: Data(text.utf8))
        #expect(values == ["a": .string("x"), "b": .integer(3), "c": .number(Decimal(string: "2.5")!), "d": .bool(true)])
        #expect(String(decoding: try ContractCoding.makeEncoder().encode(values), as: UTF8.self) == text)
    }

    @Test func aUnionDecodesByItsDiscriminatorAndRefusesAnUnknownValue() throws {
        let decoder = ContractCoding.makeDecoder()
        let removed = try decoder.decode(TenderAmend.FileChange.self, from: Data(#"{"change":"removed","fileName":"a.pdf"}"#.utf8))
        #expect(removed == .removed(.init(fileName: "a.pdf")))
        #expect(throws: DecodingError.self) {
            try decoder.decode(TenderAmend.FileChange.self, from: Data(#"{"change":"renamed","fileName":"a.pdf"}"#.utf8))
        }
        #expect(TenderAmend.messageVersion == 1)
    }
}
