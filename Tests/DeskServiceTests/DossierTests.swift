import CommonContracts
import ContractTypes
import Crypto
import DeskContracts
import DeskService
import DocumentsContracts
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Sirene
import SireneStub
import Storage
import Testing
/// Aid applications (domain §5.3, §5.4, §5.5): the démarches-simplifiées states, the checklist, corrections, the
/// decision with the de minimis ledger, and the prefecture's acknowledgement of the deliberation.
@Suite("Desk aid applications", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct DossierTests {
    static let siret = "55208131700018"
    static let region = "200053726"

    static func draft(_ id: String = UUID().uuidString.lowercased(), amount: Int = 5_000_000) -> [String: Any] {
        [
            "applicationId": id, "siret": siret, "companyName": "ATELIER EXEMPLE", "applicantName": "Julien Perrin",
            "applicantEmail": "julien.perrin@atelier.example", "funderSiren": region, "aidForm": "subsidy", "amountCents": amount,
            "project": "Une presse plieuse à commande numérique.",
        ]
    }

    static let allDocuments = [
        "sireneExtract", "bankDetails", "lastBalanceSheet", "previousBalanceSheet", "quotes", "businessPlan", "taxComplianceCertificate",
        "socialComplianceCertificate",
    ]

    /// Drafts, completes, submits and takes into instruction an application; its id.
    static func inInstruction(_ desk: DeskBed, company: String, instructor: String, amount: Int = 5_000_000) async throws -> String {
        let created = try await desk.object("POST", "/dossiers", draft(amount: amount), token: company, expect: 201)
        let id = try #require(created["applicationId"] as? String)
        _ = try await desk.object("PATCH", "/dossiers/\(id)", ["documents": allDocuments], token: company)
        _ = try await desk.object("POST", "/dossiers/\(id)/submit", token: company)
        _ = try await desk.object("POST", "/dossiers/\(id)/instruct", token: instructor)
        return id
    }

    @Test("states: the checklist gates instruction; no edit in instruction unless a correction was requested (domain §5.5)")
    func statesAndCorrections() async throws {
        try await DeskBed.run { desk in
            let company = try await desk.company(Self.siret)
            let instructor = try await desk.bed.token(subject: "instr-1", email: "instruction@region.example", roles: ["instructor"], siren: Self.region)
            let otherBody = try await desk.bed.token(subject: "instr-2", roles: ["instructor"], siren: "212102313")
            let created = try await desk.object("POST", "/dossiers", Self.draft(), token: company, expect: 201)
            let id = try #require(created["applicationId"] as? String)
            #expect(created["state"] as? String == "brouillon")
            _ = try await desk.object("POST", "/dossiers/\(id)/submit", token: company)
            let early = try await desk.call("POST", "/dossiers/\(id)/instruct", token: instructor)
            #expect(early.status == 409)
            #expect((early.json as? [String: Any])?["code"] as? String == "documentsMissing")
            _ = try await desk.object("PATCH", "/dossiers/\(id)", ["documents": Self.allDocuments], token: company)
            #expect(try await desk.call("POST", "/dossiers/\(id)/instruct", token: otherBody).status == 403)
            _ = try await desk.object("POST", "/dossiers/\(id)/instruct", token: instructor)

            let locked = try await desk.call("PATCH", "/dossiers/\(id)", ["amountCents": 6_000_000], token: company)
            #expect(locked.status == 409)
            #expect((locked.json as? [String: Any])?["code"] as? String == "editNotAllowed")

            let corrected = try await desk.object(
                "POST", "/dossiers/\(id)/corrections", ["items": [["field": "quotes", "message": "Le devis n'est pas signé."]], "respondBy": "2026-12-31"],
                token: instructor)
            #expect(corrected["state"] as? String == "enConstruction")
            #expect(corrected["correctionRequested"] as? Bool == true)
            #expect(try await desk.bed.published(ApplicationCorrectionRequested.self, count: 1).first?.items.map(\.field) == ["quotes"])
            #expect(try await desk.notices("desk-correction-requested", count: 1).first?.mandatory == true)
            _ = try await desk.object("PATCH", "/dossiers/\(id)", ["amountCents": 6_000_000], token: company)
            _ = try await desk.object("POST", "/dossiers/\(id)/submit", token: company)
            let again = try await desk.object("POST", "/dossiers/\(id)/instruct", token: instructor)
            #expect(again["state"] as? String == "enInstruction")
            #expect(again["amountCents"] as? Int == 6_000_000)
            let history = try await desk.object("GET", "/dossiers/\(id)", token: instructor)
            #expect((history["history"] as? [[String: Any]])?.compactMap { $0["state"] as? String }
                == ["brouillon", "enConstruction", "enInstruction", "enConstruction", "enConstruction", "enInstruction"])
            #expect(try await desk.call("GET", "/dossiers/\(id)", token: try await desk.company("73282932000074")).status == 403)
        }
    }

    @Test("280 000 € granted within 3 years, 50 000 € more: the decision is flagged de minimis (domain §5.5)")
    func deMinimisFlag() async throws {
        try await DeskBed.run { desk in
            let company = try await desk.company(Self.siret)
            let instructor = try await desk.bed.token(subject: "instr-1", email: "instruction@region.example", roles: ["instructor"], siren: Self.region)
            let first = try await Self.inInstruction(desk, company: company, instructor: instructor, amount: 28_000_000)
            let granted = try await desk.object(
                "POST", "/dossiers/\(first)/decision",
                ["outcome": "accepte", "aid": ["aidForm": "subsidy", "amountCents": 28_000_000, "votedAt": "2025-03-10"]], token: instructor)
            #expect((granted["decision"] as? [String: Any])?["deMinimisExceeded"] as? Bool == false)
            let second = try await Self.inInstruction(desk, company: company, instructor: instructor)
            let flagged = try await desk.object(
                "POST", "/dossiers/\(second)/decision",
                ["outcome": "accepte", "aid": ["aidForm": "subsidy", "amountCents": 5_000_000, "votedAt": "2026-11-20"]], token: instructor)
            let decision = try #require(flagged["decision"] as? [String: Any])
            #expect(decision["deMinimisExceeded"] as? Bool == true)
            #expect(decision["deMinimisBeforeCents"] as? Int == 28_000_000)
            let events = try await desk.bed.published(AidDecided.self, count: 2)
            #expect(events.map { $0.aid?.deMinimisExceeded } == [false, true])
            #expect(try await desk.notices("desk-decision", count: 2).allSatisfy(\.mandatory))
            // A refusal grants nothing: no aid in it, nothing in the ledger.
            let third = try await Self.inInstruction(desk, company: company, instructor: instructor)
            let withAid = try await desk.call(
                "POST", "/dossiers/\(third)/decision",
                ["outcome": "refuse", "aid": ["aidForm": "loan", "amountCents": 1, "votedAt": "2026-11-20"]], token: instructor)
            #expect(withAid.status == 400)
            _ = try await desk.object("POST", "/dossiers/\(third)/decision", ["outcome": "refuse", "motivation": "Hors critères"], token: instructor)
            #expect(try await desk.bed.count("SELECT count(*) FROM aid_ledger") == 2)
        }
    }

    @Test("a decision by deliberation names its PDF by claim check; the prefecture's acknowledgement makes it enforceable")
    func deliberationBecomesEnforceable() async throws {
        try await DeskBed.run { desk in
            let company = try await desk.company(Self.siret)
            let instructor = try await desk.bed.token(subject: "instr-1", email: "instruction@region.example", roles: ["instructor"], siren: Self.region)
            let id = try await Self.inInstruction(desk, company: company, instructor: instructor)
            let pdf = Data("%PDF-1.4\n% deliberation CP2026_0412\n%%EOF\n".utf8)
            let file = desk.folder.appendingPathComponent("CP2026_0412.pdf")
            try pdf.write(to: file)
            let digest = SHA256.hash(data: pdf).map { String(format: "%02x", $0) }.joined()
            let document: [String: Any] = ["uri": file.absoluteString, "fileName": "CP2026_0412.pdf", "sha256": digest, "sizeBytes": pdf.count]
            var forged = document
            forged["sha256"] = String(repeating: "0", count: 64)
            let decision: (([String: Any]) -> [String: Any]) = { document in
                [
                    "outcome": "accepte", "aid": ["aidForm": "subsidy", "amountCents": 3_000_000, "votedAt": "2026-11-20"],
                    "deliberation": [
                        "numeroInterne": "CP2026_0412", "matter": "7.5", "object": "Subvention d'investissement à Atelier Exemple",
                        "document": document,
                    ],
                ]
            }
            #expect(try await desk.call("POST", "/dossiers/\(id)/decision", decision(forged), token: instructor).status != 200)
            _ = try await desk.object("POST", "/dossiers/\(id)/decision", decision(document), token: instructor)
            let decided = try #require(try await desk.bed.published(AidDecided.self, count: 1).first)
            #expect(decided.deliberation?.authority.departement == "025")
            #expect(decided.deliberation?.matter == ._75)

            var ack = try desk.bed.example(ActAcknowledged.self)
            ack.origin = Origin(service: .desk, reference: decided.decisionId)
            ack.idActe = "025-200053726-20261120-CP2026_0412-DE"
            try await desk.bed.send(ack)
            try await desk.bed.send(ack)
            let enforceable = try await desk.bed.published(AidEnforceable.self, count: 1)
            #expect(enforceable.map(\.idActe) == ["025-200053726-20261120-CP2026_0412-DE"])
            let record = try await desk.object("GET", "/dossiers/\(id)", token: company)
            #expect((record["decision"] as? [String: Any])?["actStatus"] as? String == "acknowledged")
            #expect(try await desk.notices("desk-decision-enforceable", count: 1).count == 1)

            // Another origin's act is not the desk's business.
            var foreign = ack
            foreign.origin = Origin(service: .procurement, reference: UUID().uuidString.lowercased())
            try await desk.bed.send(foreign)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await desk.bed.published(AidEnforceable.self, count: 1).count == 1)
        }
    }
}
