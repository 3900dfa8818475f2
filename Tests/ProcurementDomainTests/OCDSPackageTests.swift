import Foundation
import ProcurementDomain
import Testing

@Suite struct OCDSPackageTests {
    func package() throws -> OCDSRecordPackage {
        let record = try OCDSRecordBuilder().record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        return OCDSRecordPackage(
            uri: "https://example.fr/ocds/T-2026-001.json", publishedDate: OCDSDateTime(OCDSFixtures.day(80)),
            publisher: OCDSPublisher(name: "Passerelle", scheme: "FR-SIRET", uid: "21210231300013"),
            records: [record], license: "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
        )
    }

    @Test func packageHasTheRequiredRecordPackageFields() throws {
        let json = try JSONSerialization.jsonObject(with: try self.package().jsonData()) as? [String: Any]
        let object = try #require(json)
        #expect(object["uri"] as? String == "https://example.fr/ocds/T-2026-001.json")
        #expect(object["version"] as? String == "1.1")
        #expect(object["publishedDate"] as? String == "2026-05-21T09:00:00Z")
        #expect((object["publisher"] as? [String: Any])?["name"] as? String == "Passerelle")
        #expect((object["extensions"] as? [String])?.first?.contains("ocds_lots_extension") == true)
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records[0]["ocid"] as? String == "ocds-passerelle-T-2026-001")
        #expect((records[0]["releases"] as? [Any])?.count == 4)
        #expect(records[0]["compiledRelease"] is [String: Any])
    }

    @Test func packageRoundTripsThroughJSONAndPrintsTheSameBytes() throws {
        let package = try self.package()
        let data = try package.jsonData()
        let decoded = try JSONDecoder().decode(OCDSRecordPackage.self, from: data)
        #expect(decoded == package)
        #expect(try decoded.jsonData() == data)
    }

    @Test func absentFieldsAreOmittedNotNull() throws {
        let text = String(decoding: try self.package().jsonData(prettyPrinted: false), as: UTF8.self)
        #expect(!text.contains("null"))
        #expect(!text.contains("\\/"))
    }
}
