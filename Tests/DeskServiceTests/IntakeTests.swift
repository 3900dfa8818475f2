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
/// Intake (domain §5.1, §5.5) on the desk: the subject's flags, the e-mail confirmation of anonymous requests, a
/// company trusted for its own SIRET, the Sirene lookup's outcomes and the cancellations.
@Suite("Desk intake", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct IntakeTests {
    @Test("a subject with requiresSiret refuses a request without a SIRET; one without the flag takes it (domain §5.5)")
    func requiresSiret() async throws {
        try await DeskBed.run { desk in
            let refused = try await desk.call("POST", "/solicitations", DeskBed.request(subject: "recruter"), token: nil)
            #expect(refused.status == 400)
            let problem = try #require(refused.json as? [String: Any])
            #expect(problem["field"] as? String == "siret")
            #expect(problem["rule"] as? String == "required")

            let accepted = try await desk.call(
                "POST", "/solicitations", DeskBed.request(subject: "s-installer-creer", commune: "21231"), token: nil)
            #expect(accepted.status == 202)
            #expect((accepted.json as? [String: Any])?["status"] as? String == "awaitingConfirmation")
        }
    }

    @Test("an anonymous request waits for its e-mail confirmation, then is routed; a wrong secret is refused")
    func anonymousConfirmsItsAddress() async throws {
        try await DeskBed.run { desk in
            let body = DeskBed.request(subject: "s-installer-creer", email: "porteur@projet.example", commune: "21231")
            let id = body["applicationId"] as! String
            #expect(try await desk.call("POST", "/solicitations", body, token: nil).status == 202)
            let mail = try #require(try await desk.notices("desk-confirm-email", count: 1).first)
            #expect(mail.recipients.map(\.email) == ["porteur@projet.example"])
            #expect(mail.mandatory)
            guard case .string(let link) = mail.variables?["link"] else { Issue.record("no link"); return }
            let token = String(try #require(link.split(separator: "=").last))
            // Nothing is routed before the confirmation.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await desk.status(id) == "awaitingConfirmation")
            #expect(try await desk.bed.count("SELECT count(*) FROM needs") == 0)

            let wrong = try await desk.call("POST", "/solicitations/\(id)/confirm", ["token": String(repeating: "0", count: 64)], token: nil)
            #expect(wrong.status == 403)
            #expect((wrong.json as? [String: Any])?["field"] as? String == "token")

            #expect(try await desk.call("POST", "/solicitations/\(id)/confirm", ["token": token], token: nil).status == 200)
            try await desk.waitForStatus(id, in: ["processed"])
            let detail = try await desk.object("GET", "/solicitations/\(id)", token: desk.operatorToken)
            // Dijon: the CCI 21, the CMA 21 and Dijon Métropole take creation projects there (catalogue/desk).
            #expect(DeskBed.expertKeys(detail).isSuperset(of: ["cci21-creation", "dijon-metropole-developpeur"]))
            let routed = try await desk.bed.published(ApplicationRouted.self, count: 1)
            #expect(routed.map(\.applicationId) == [id])
        }
    }

    @Test("an unconfirmed address may hold at most three requests; the fourth is rate-limited (429)")
    func unconfirmedRequestsAreLimited() async throws {
        try await DeskBed.run { desk in
            // Different SIRETs: not duplicates of each other.
            for siret in ["55208131700018", "73282932000074", "12345678200010"] {
                let body = DeskBed.request(subject: "recruter", siret: siret, email: "robot@spam.example")
                #expect(try await desk.call("POST", "/solicitations", body, token: nil).status == 202)
            }
            let fourth = try await desk.call(
                "POST", "/solicitations", DeskBed.request(subject: "recruter", siret: "20005372600010", email: "Robot@Spam.example"),
                token: nil)
            #expect(fourth.status == 429)
            #expect((fourth.json as? [String: Any])?["field"] as? String == "email")
        }
    }

    @Test("a company signed in for its SIRET is trusted (no confirmation); a token for another SIRET is refused")
    func companyTokenIsTrustedForItsSiret() async throws {
        try await DeskBed.run { desk in
            let token = try await desk.company("20005372600010")
            let detail = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "20005372600010"), token: token)
            let solicitation = try #require(detail["solicitation"] as? [String: Any])
            #expect(solicitation["status"] as? String == "processed")
            #expect(solicitation["trusted"] as? Bool == true)
            #expect(solicitation["companyName"] as? String == "LOGICIELS EXEMPLE")
            #expect(DeskBed.expertKeys(detail).contains("cci21-rh"))

            let other = try await desk.call("POST", "/solicitations", DeskBed.request(subject: "recruter", siret: "55208131700018"), token: token)
            #expect(other.status == 403)
            #expect((other.json as? [String: Any])?["field"] as? String == "siret")
        }
    }

    @Test("a closed establishment is cancelled with the business-transfer subject offered; an unknown one too")
    func closedAndUnknownEstablishments() async throws {
        try await DeskBed.run { desk in
            let closed = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "83456789300013"), token: try await desk.company("83456789300013"))
            let solicitation = try #require(closed["solicitation"] as? [String: Any])
            #expect(solicitation["status"] as? String == "canceled")
            #expect(solicitation["cancelReason"] as? String == "establishmentClosed")
            let cancelled = try await desk.bed.published(ApplicationCancelled.self, count: 1)
            #expect(cancelled.first?.suggestedSubjectId == "reprendre-une-entreprise")
            let notice = try #require(try await desk.notices("desk-application-cancelled", count: 1).first)
            #expect(notice.variables?["suggestedSubjectLabel"] != nil)

            // Luhn-valid, but Sirene knows nobody by that number.
            let unknown = try await desk.submitAndSettle(
                DeskBed.request(subject: "recruter", siret: "55208131700026"), token: try await desk.company("55208131700026"))
            #expect((unknown["solicitation"] as? [String: Any])?["cancelReason"] as? String == "establishmentUnknown")
            #expect(try await desk.bed.count("SELECT count(*) FROM needs") == 0)
        }
    }

    @Test("the same SIRET on the same subject within a day is cancelled as a duplicate; an operator cancels spam")
    func duplicatesAndSpam() async throws {
        try await DeskBed.run { desk in
            let token = try await desk.company("81234567600017")
            let first = DeskBed.request(subject: "recruter", siret: "81234567600017")
            _ = try await desk.submitAndSettle(first, token: token)
            let second = try await desk.object(
                "POST", "/solicitations", DeskBed.request(subject: "recruter", siret: "81234567600017"), token: token, expect: 202)
            #expect(second["cancelReason"] as? String == "duplicate")
            #expect(second["duplicateOf"] as? String == first["applicationId"] as? String)

            let spam = DeskBed.request(subject: "s-installer-creer", email: "x@spam.example", commune: "21231")
            #expect(try await desk.call("POST", "/solicitations", spam, token: nil).status == 202)
            let id = spam["applicationId"] as! String
            let refused = try await desk.call("POST", "/solicitations/\(id)/cancel", ["reason": "establishmentClosed"], token: desk.operatorToken)
            #expect(refused.status == 400)
            _ = try await desk.object("POST", "/solicitations/\(id)/cancel", ["reason": "spam", "comment": "robot"], token: desk.operatorToken)
            #expect(try await desk.status(id) == "canceled")
            // No mail to a spammer (the duplicate's applicant got one).
            let cancellations = try await desk.notices("desk-application-cancelled", count: 1)
            #expect(cancellations.flatMap { $0.recipients.map(\.email) } == ["dirigeant@entreprise.example"])
        }
    }
}
