import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// The DCE downloads, the tender's views and the rejection letters refused over HTTP; a refused download
/// is not registered.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct DocumentRefusalTests {
    static let rule = "an identified download gives company and contactName"

    @Test func anIdentifiedDownloadIsMadeWithAToken() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let btp = Fixtures.btp
            let anonymous = try await bed.http()
            // Identification without a token: nobody proved the e-mail address, so it is refused.
            try expectProblem(
                try await anonymous.get(
                    HTTPClient.path("/tenders/\(tender)/documents", [("email", btp.email), ("company", btp.name), ("contactName", btp.contact)])),
                status: 401, "identificationNeedsToken", field: "Authorization", rule: "with a token")
            let http = try await bed.http(as: try await bed.companyToken(btp))
            let cases: [(status: Int, code: String, field: String, rule: String, query: [(String, String)])] = [
                (400, "incompleteIdentification", "company", Self.rule, [("contactName", btp.contact)]),
                (400, "incompleteIdentification", "contactName", Self.rule, [("company", btp.name)]),
                (403, "notYourEmail", "email", "the token's", [("email", "other@x.example"), ("company", btp.name), ("contactName", btp.contact)]),
                (403, "notYourSiret", "siret", "the token's", [("siret", Fixtures.routes.siret), ("company", btp.name), ("contactName", btp.contact)]),
            ]
            for refusal in cases {
                let answer = try await http.get(HTTPClient.path("/tenders/\(tender)/documents", refusal.query))
                try expectProblem(answer, status: refusal.status, refusal.code, field: refusal.field, rule: refusal.rule)
            }
            let identification = [("company", btp.name), ("contactName", btp.contact)]
            // A company token without an e-mail cannot be identified; an agent's token is not a company's.
            let mailless = try await bed.http(as: try await bed.companyToken(subject: "x", siret: btp.siret, email: "not-an-address"))
            try expectProblem(
                try await mailless.get(HTTPClient.path("/tenders/\(tender)/documents", identification)), status: 400,
                "invalidEmail", field: "email", rule: "e-mail address")
            let agent = try await bed.http(as: try await bed.agentToken(roles: ["buyer"]))
            try expectProblem(
                try await agent.get(HTTPClient.path("/tenders/\(tender)/documents", identification)), status: 403,
                "notACompany", field: "Authorization", rule: "a company's")
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 0)
            #expect(try await anonymous.get("/tenders/\(tender)/documents").status == 200)
            #expect(try await http.get(
                HTTPClient.path("/tenders/\(tender)/documents", [("company", btp.name), ("contactName", btp.contact)])).status == 200)
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 2)
            #expect(try await bed.count("SELECT count(*) FROM downloads WHERE siret = '\(btp.siret)' AND email = '\(btp.email)'") == 1)
        }
    }

    @Test func missingTendersFilesAndLettersAreNotFound() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let http = try await bed.http(as: try await bed.operatorToken())
            try expectProblem(
                try await http.get("/tenders/\(tender)/documents/absent.pdf"), status: 404, "fileNotFound",
                field: "fileName",
                rule: "current DCE version")
            let nowhere = Fixtures.id()
            for path in ["", "/history", "/ocds", "/documents", "/documents/RC.pdf"] {
                try expectProblem(
                    try await http.get("/tenders/\(nowhere)\(path)"), status: 404, "tenderNotFound", field: "tenderId",
                    rule: "the tender must exist")
            }
            try expectProblem(
                try await http.get("/tenders/\(tender)/letters/lettre-1"), status: 404, "fileNotFound",
                field: "letterId",
                rule: "ids are UUIDs")
            try expectProblem(
                try await http.get("/tenders/\(tender)/letters/\(Fixtures.id())"), status: 404, "fileNotFound",
                field: "letterId", rule: "a letter of yours exists")
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 0)
        }
    }
}
