import CommonContracts
import ContractTypes
import DeskContracts
import DeskService
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Sirene
import SireneStub
import Storage
import Testing
/// Every token route of the desk anonymously (401), and the back office, an expert's match and a company's
/// application for the wrong person (403): the route table's rules hold.
@Suite("Desk route access", .enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct DeskRouteAccessTests {
    @Test func everyTokenRouteRefusesTheAnonymousAndTheWrongPerson() async throws {
        try await DeskBed.run { desk in
            let company = try await desk.company(DossierTests.siret)
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010"), token: try await desk.company("20005372600010"))
            let matchId = try #require(DeskBed.matchIds(detail).first)
            let applicationId = try #require((detail["solicitation"] as? [String: Any])?["applicationId"] as? String)
            let dossier = try await desk.object("POST", "/dossiers", DossierTests.draft(), token: company, expect: 201)
            let dossierId = try #require(dossier["applicationId"] as? String)

            let declared = try desk.bed.host.routeTable()
            #expect(declared.filter { $0.authentication == .required }.count >= 15)
            for route in declared where route.authentication == .required {
                let path = route.path.replacingOccurrences(of: ":id", with: route.path.hasPrefix("/matches") ? matchId : dossierId)
                let answer = try await desk.bed.request(route.method, path, body: route.method == "GET" ? nil : Data("{}".utf8))
                #expect(answer.status == 401, "\(route.method) \(path)")
            }

            let otherCompany = try await desk.company("73282932000074")
            let otherExpert = try await desk.expert("someone@else.example")
            let agent = try await desk.bed.token(subject: "agent", roles: ["agent"], siren: "212102313")
            let wrongPerson: [(String, String, [String: Any], String)] = [
                ("GET", "/solicitations", [:], company),
                ("GET", "/solicitations/\(applicationId)", [:], otherExpert),
                ("POST", "/solicitations/\(applicationId)/cancel", ["reason": "spam"], agent),
                ("GET", "/operations/summary", [:], company),
                ("GET", "/matches/\(matchId)", [:], otherExpert),
                ("GET", "/matches", [:], company),
                ("POST", "/matches/\(matchId)/take-care", [:], otherExpert),
                ("POST", "/matches/\(matchId)/close", ["status": "done"], otherExpert),
                ("GET", "/dossiers/\(dossierId)", [:], otherCompany),
                ("PATCH", "/dossiers/\(dossierId)", ["project": "autre"], otherCompany),
                ("POST", "/dossiers/\(dossierId)/submit", [:], otherCompany),
                ("POST", "/dossiers/\(dossierId)/instruct", [:], company),
                ("POST", "/dossiers/\(dossierId)/corrections", ["items": [["field": "rib", "message": "x"]]], agent),
                ("POST", "/dossiers/\(dossierId)/decision", ["outcome": "refuse"], company),
                ("GET", "/dossiers", [:], company),
                ("POST", "/dossiers", DossierTests.draft(), otherCompany),
            ]
            for (method, path, body, token) in wrongPerson {
                let answer = try await desk.call(method, path, method == "GET" ? nil : body, token: token)
                #expect(answer.status == 403, "\(method) \(path): \(answer.json ?? "")")
            }
        }
    }
}
