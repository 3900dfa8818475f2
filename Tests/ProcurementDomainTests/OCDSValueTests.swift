import Foundation
import ProcurementDomain
import Testing

@Suite struct OCDSValueTests {
    @Test(arguments: [
        (Int64(12_345_678_901), "123456789.01"), (1, "0.01"), (100, "1"), (-5, "-0.05"), (0, "0"),
        (Int64.max, "92233720368547758.07"),
    ])
    func centsBecomeAnExactDecimalAmount(cents: Int64, expected: String) throws {
        let value = OCDSValue(cents: cents)
        #expect(value.amount == Decimal(string: expected))
        #expect(value.currency == "EUR")
        let json = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        #expect(json.contains("\"amount\":\(expected)"))
        #expect(try JSONDecoder().decode(OCDSValue.self, from: Data(json.utf8)) == value)
    }

    @Test func recordJSONCarriesTheExactAmount() throws {
        let record = try OCDSRecordBuilder().record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        let package = OCDSRecordPackage(
            uri: "https://example.fr/ocds/T-2026-001.json", publishedDate: OCDSDateTime(OCDSFixtures.day(80)),
            publisher: OCDSPublisher(name: "Passerelle"), records: [record]
        )
        let text = String(decoding: try package.jsonData(prettyPrinted: false), as: UTF8.self)
        #expect(text.contains("\"amount\":123456789.01"))
        #expect(!text.contains("123456789.0099"))
        #expect(!text.contains("123456789.0100"))
    }

    @Test func dateTimesAreUTCWithMillisecondsOnlyWhenPresent() throws {
        #expect(OCDSDateTime(OCDSFixtures.day(0)).description == "2026-03-02T09:00:00Z")
        let withMillis = OCDSDateTime(OCDSFixtures.day(0).addingTimeInterval(0.25))
        #expect(withMillis.description == "2026-03-02T09:00:00.250Z")
        let json = try JSONEncoder().encode([withMillis])
        #expect(String(decoding: json, as: UTF8.self) == "[\"2026-03-02T09:00:00.250Z\"]")
        #expect(try JSONDecoder().decode([OCDSDateTime].self, from: json) == [withMillis])
        let offset = try JSONDecoder().decode([OCDSDateTime].self, from: Data("[\"2026-03-02T10:00:00+01:00\"]".utf8))
        #expect(offset == [OCDSDateTime(OCDSFixtures.day(0))])
    }
}
