import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// The DCE downloads, the tender's views and the rejection letters refused over HTTP; a refused download
/// is not registered.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct DocumentRefusalTests {
    static let rule = "an identified download gives email, company and contactName"

    @Test func anIdentifiedDownloadGivesAValidIdentity() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let http = try await bed.http()
            let btp = Fixtures.btp
            let cases: [(code: String, field: String, rule: String, query: [(String, String)])] = [
                ("incompleteIdentification", "email", Self.rule, [("company", btp.name)]),
                (
                    "incompleteIdentification", "company", Self.rule,
                    [("email", btp.email), ("contactName", btp.contact)]
                ),
                ("incompleteIdentification", "contactName", Self.rule, [("email", btp.email), ("company", btp.name)]),
                ("invalidEmail", "email", "e-mail address", [("email", "claire"), ("company", btp.name)]),
                (
                    "invalidSiret", "siret", "Luhn",
                    [
                        ("email", btp.email), ("company", btp.name), ("contactName", btp.contact),
                        ("siret", "12345678901234"),
                    ]
                ),
            ]
            for refusal in cases {
                let answer = try await http.get(HTTPClient.path("/tenders/\(tender)/documents", refusal.query))
                try expectProblem(answer, status: 400, refusal.code, field: refusal.field, rule: refusal.rule)
            }
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 0)
            #expect(try await http.get("/tenders/\(tender)/documents").status == 200)
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 1)
        }
    }

    @Test func missingTendersFilesAndLettersAreNotFound() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let http = try await bed.http()
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
                field: "letterId", rule: "the letter exists")
            #expect(try await bed.count("SELECT count(*) FROM downloads") == 0)
        }
    }
}
