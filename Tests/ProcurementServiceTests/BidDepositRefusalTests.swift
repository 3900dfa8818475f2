import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `POST /tenders/{id}/bids` refused: RFC 9457 problems naming the code, the field and the rule; nothing
/// is stored.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct BidDepositRefusalTests {
    func query(_ changes: [String: String?], as company: Fixtures.Company = Fixtures.btp) -> [(String, String)] {
        var fields: [String: String?] = [
            "contactName": company.contact, "company": company.name, "lots": "1",
        ]
        fields.merge(changes) { $1 }
        return fields.compactMap { name, value in value.map { (name, $0) } }.sorted { $0.0 < $1.0 }
    }

    @Test func depositParametersAreChecked() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let http = try await bed.http(as: try await bed.companyToken(Fixtures.btp))
            let offer = Data("Offre".utf8)
            let cases: [(code: String, field: String, rule: String, changes: [String: String?], body: Data)] = [
                ("missingParameter", "contactName", "contactName is required", ["contactName": nil], offer),
                ("invalidLots", "lots", "comma-separated", ["lots": "1,deux"], offer),
                ("invalidTimestamp", "uploadStartedAt", "RFC 3339", ["uploadStartedAt": "hier"], offer),
                ("invalidBidId", "bidId", "UUID", ["bidId": "offre-1"], offer),
                ("invalidEmail", "email", "e-mail address", ["email": "claire.btp.example"], offer),
                ("noLot", "lotNumbers", "at least one lot", ["lots": ","], offer),
                ("emptyBid", "content", "has content", [:], Data()),
                ("unknownLot", "lotNumbers", "lots of the tender", ["lots": "1,9"], offer),
            ]
            for refusal in cases {
                let answer = try await http.request(
                    "POST", HTTPClient.path("/tenders/\(tender)/bids", self.query(refusal.changes)), body: refusal.body)
                try expectProblem(answer, status: 400, refusal.code, field: refusal.field, rule: refusal.rule)
            }
            // A token whose SIRET is not Luhn-valid is refused on the bidder's SIRET.
            let badSiret = try await bed.http(as: try await bed.companyToken(subject: "x", siret: "12345678901234"))
                .request("POST", HTTPClient.path("/tenders/\(tender)/bids", self.query([:])), body: offer)
            try expectProblem(badSiret, status: 400, "invalidSiret", field: "bidderSiret", rule: "Luhn")
            let unknown = try await http.request(
                "POST", HTTPClient.path("/tenders/\(Fixtures.id())/bids", self.query([:])), body: offer)
            try expectProblem(unknown, status: 404, "tenderNotFound", field: "tenderId", rule: "must exist")
            #expect(try await bed.count("SELECT count(*) FROM bids") == 0)
        }
    }

    @Test func aBidIdIdentifiesOneDeposit() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let http = try await bed.http(as: try await bed.companyToken(Fixtures.btp))
            let path = HTTPClient.path("/tenders/\(tender)/bids", self.query(["bidId": Fixtures.id()]))
            #expect(try await http.request("POST", path, body: Data("Offre A".utf8)).status == 201)
            #expect(try await http.request("POST", path, body: Data("Offre A".utf8)).status == 200)
            let reused = try await http.request("POST", path, body: Data("Offre B".utf8))
            try expectProblem(reused, status: 409, "bidIdReused", field: "bidId", rule: "one deposit")
            #expect(try await bed.count("SELECT count(*) FROM bids") == 1)
        }
    }

    @Test func depositsNeedAnOpenTender() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            try await bed.cancel(tender)
            let answer = try await bed.http(as: try await bed.companyToken(Fixtures.btp)).request(
                "POST", HTTPClient.path("/tenders/\(tender)/bids", self.query([:])), body: Data("Offre".utf8))
            try expectProblem(answer, status: 409, "invalidTransition", field: "tenderId", rule: "tender lifecycle")
            #expect(try await bed.count("SELECT count(*) FROM bids") == 0)
        }
    }

    @Test func aDepositOverTheLimitIsRefused() async throws {
        try await ProcurementBed.run(maxBidBytes: 1024) { bed in
            let tender = try await bed.publishTender().tenderId
            let answer = try await bed.http(as: try await bed.companyToken(Fixtures.btp)).request(
                "POST", HTTPClient.path("/tenders/\(tender)/bids", self.query([:])),
                body: Data(repeating: 0x41, count: 4096))
            try expectProblem(answer, status: 413, "bidTooLarge", field: "content", rule: "at most 1024 bytes")
            #expect(try await bed.count("SELECT count(*) FROM bids") == 0)
        }
    }
}
