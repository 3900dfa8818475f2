import DocumentsService
import Foundation
import ServiceRuntimeTesting
import Testing

/// Domain §3.8 through `POST /acts`: each refusal names the field and the rule.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ActRulesHTTPTests {
    func expectRefused(_ answer: (status: Int, json: [String: Any]), code: String, field: String) {
        #expect(answer.status == 400 || answer.status == 409, "\(answer)")
        #expect(answer.json["code"] as? String == code, "\(answer.json)")
        #expect(answer.json["field"] as? String == field, "\(answer.json)")
        #expect((answer.json["rule"] as? String)?.isEmpty == false, "\(answer.json)")
    }

    @Test func numeroInterneStrictRuleAndUniquenessPerAuthority() async throws {
        try await DocumentsBed.run { bed in
            expectRefused(try await bed.submit(numero: "ACTE-01"), code: "numeroInterneInvalid", field: "numeroInterne")
            let accepted = try await bed.submit(numero: "ACTE_01")
            #expect(accepted.status == 201, "\(accepted.json)")
            let idActe = try #require(accepted.json["idActe"] as? String)
            #expect(idActe.hasPrefix("021-212102313-") && idActe.hasSuffix("-ACTE_01-DE"))
            expectRefused(try await bed.submit(numero: "ACTE_01"), code: "numeroInterneTaken", field: "numeroInterne")
            // Another authority may use the same numéro.
            let other = try await bed.bed.token(subject: "agent-ajaccio", siren: DocumentsBed.otherSiren)
            try await bed.onboard(DocumentsBed.otherSiren, token: other, departement: "02A", pes: false)
            try await bed.classify(DocumentsBed.otherSiren)
            let corsica = try await bed.submit(numero: "ACTE_01", siren: DocumentsBed.otherSiren, token: other)
            #expect(corsica.status == 201, "\(corsica.json)")
            // Départements 02A/02B are kept as strings, in the IDActe and in the file names.
            let id = try #require(corsica.json["idActe"] as? String)
            #expect(id.hasPrefix("02A-200069052-"))
            let files = try #require(corsica.json["files"] as? [[String: Any]])
            #expect((files.first?["fileName"] as? String) == "99_DE-\(id)-1-1_1.pdf")
        }
    }

    @Test func budgetXMLOnlyForMatter71AndItsAnnexesArePDF() async throws {
        try await DocumentsBed.run { bed in
            let budget = try await bed.submit(
                numero: "BP2026", nature: "5", matter: "7.1", act: DocumentsBed.budgetXML, actName: "budget.xml")
            #expect(budget.status == 201, "\(budget.json)")
            expectRefused(
                try await bed.submit(numero: "BP2026_B", nature: "5", matter: "7.2", act: DocumentsBed.budgetXML, actName: "budget.xml"),
                code: "actTypeRefused", field: "act")
            expectRefused(
                try await bed.submit(
                    numero: "BP2026_C", nature: "5", matter: "7.1", act: DocumentsBed.budgetXML, actName: "budget.xml",
                    annexes: [("plan.png", DocumentsBed.png)]),
                code: "annexTypeRefused", field: "annexes[0]")
            // The type comes from the content: a PDF named .xml is a PDF.
            let renamed = try await bed.submit(numero: "DEL_2", act: DocumentsBed.pdf("vraiment un PDF"), actName: "acte.xml")
            #expect(renamed.status == 201, "\(renamed.json)")
            expectRefused(
                try await bed.submit(numero: "DEL_3", act: Data("just text".utf8), actName: "acte.pdf"), code: "actTypeRefused", field: "act")
        }
    }

    @Test func over150MegabytesIsRefused() async throws {
        try await DocumentsBed.run { bed in
            let act = DocumentsBed.pdf("gros acte", padding: 149 * 1_048_576)
            let annex = DocumentsBed.pdf("annexe", padding: 2 * 1_048_576)
            expectRefused(
                try await bed.submit(numero: "BIG_1", act: act, annexes: [("annexe.pdf", annex)]), code: "actTooLarge", field: "annexes")
        }
    }

    @Test func objectDateClassificationAndOnboarding() async throws {
        try await DocumentsBed.run { bed in
            expectRefused(try await bed.submit(numero: "OBJ_1", object: "deux\nlignes"), code: "objectInvalid", field: "object")
            expectRefused(try await bed.submit(numero: "OBJ_2", object: String(repeating: "x", count: 500)), code: "objectInvalid", field: "object")
            expectRefused(try await bed.submit(numero: "DATE_1", decisionDate: "2099-01-01"), code: "decisionDateInFuture", field: "decisionDate")
            expectRefused(try await bed.submit(numero: "MAT_1", matter: "3.1"), code: "matterUnknown", field: "matter")
            expectRefused(try await bed.submit(numero: "NAT_1", nature: "7"), code: "natureUnknown", field: "natureCode")
            // An authority that has not joined.
            let stranger = try await bed.bed.token(subject: "agent-x", siren: "213100019")
            let notJoined = try await bed.submit(numero: "X_1", siren: "213100019", token: stranger)
            #expect(notJoined.json["code"] as? String == "authorityNotJoined", "\(notJoined.json)")
            // A SIREN that fails Luhn is refused at onboarding, before anything is sent.
            let bad = try await bed.call("POST", "/authorities", [
                "siren": "213400000", "name": "X", "departement": "034", "arrondissement": "1", "nature": "31",
                "referentName": "R", "referentEmail": "r@x.example", "returnAddresses": ["r@x.example"], "pesDomains": [], "budgets": [],
                "broadcastAddresses": [],
            ], token: bed.operatorToken)
            #expect(bad.status == 400)
            #expect((bad.json as? [String: Any])?["field"] as? String == "siren")
            // An agent of another body cannot submit for this one.
            let outsider = try await bed.bed.token(subject: "agent-y", siren: DocumentsBed.otherSiren)
            let forbidden = try await bed.submit(numero: "Y_1", token: outsider)
            #expect(forbidden.status == 403)
        }
    }
}
