import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts
import ServiceRuntime
import Testing

@testable import NotificationsService

@Suite struct DocumentsTemplatesTests {
    let templates = DocumentsTemplates(time: FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!))

    static let idActe = "021-212102313-20260115-DEL2026_001-DE"
    static let objet = "Attribution d'une subvention au club de football"

    func request(_ template: String, mandatory: Bool = false, _ variables: [String: ContractScalar]) -> NoticeRequest {
        NoticeRequest(
            requestId: UUID().uuidString.lowercased(), template: template, category: .documentsNotices,
            mandatory: mandatory, channel: .email, recipients: [.init(email: "actes@dijon.example")],
            variables: variables, relatedTo: RelatedTo(service: .documents, aggregateType: "act", aggregateId: "a1"))
    }

    func render(_ template: String, mandatory: Bool = false, _ variables: [String: ContractScalar]) throws -> RenderedNotice {
        try self.templates.render(self.request(template, mandatory: mandatory, variables))
    }

    func failure(_ template: String, _ variables: [String: ContractScalar]) -> DocumentsTemplateError? {
        #expect(throws: DocumentsTemplateError.self) { try self.render(template, variables) }
        do {
            _ = try self.render(template, variables)
            return nil
        } catch {
            return error as? DocumentsTemplateError
        }
    }

    // MARK: - ACTES

    @Test func aSubmittedActNamesItsObjectAndId() throws {
        let notice = try self.render(
            "documents-act-submitted",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "authorityName": .string("Commune de Dijon")])
        #expect(notice.template == "documents-act-submitted")
        #expect(notice.category == .documentsNotices)
        #expect(!notice.mandatory)
        #expect(notice.subject.contains(Self.idActe))
        #expect(notice.body.contains("« \(Self.objet) »"))
        #expect(notice.body.contains("Identifiant de l'acte (IDActe) : \(Self.idActe)"))
        #expect(notice.body.contains("Collectivité : Commune de Dijon"))
    }

    @Test func anAcknowledgedActIsMandatoryWithItsLegalityDeadlineTwoMonthsLater() throws {
        let notice = try self.render(
            "documents-act-acknowledged",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2026-01-20")])
        #expect(notice.mandatory)  // even though the request said false
        #expect(notice.subject == "Accusé de réception de la préfecture : acte \(Self.idActe)")
        #expect(notice.body.contains("Date de réception en préfecture : mardi 20 janvier 2026"))
        #expect(notice.body.contains("Fin du délai de contrôle de légalité : vendredi 20 mars 2026"))
        #expect(notice.body.contains("exécutoire dès qu'il a été publié ou notifié et transmis"))
        #expect(notice.body.contains(Self.objet))
    }

    @Test func aGivenLegalityDeadlineWinsAndTheEndOfMonthIsClamped() throws {
        let given = try self.render(
            "documents-act-acknowledged",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2026-01-20"),
             "legalityDeadline": .string("2026-04-03")])
        #expect(given.body.contains("Fin du délai de contrôle de légalité : vendredi 3 avril 2026"))
        let clamped = try self.render(
            "documents-act-acknowledged",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2025-12-31")])
        #expect(clamped.body.contains("Fin du délai de contrôle de légalité : samedi 28 février 2026"))
    }

    @Test func aRejectedActGivesThePrefecturesDetail() throws {
        let notice = try self.render(
            "documents-act-rejected",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet),
             "detail": .string("La classification 7.5 n'est pas valide pour la nature DE.")])
        #expect(notice.mandatory)
        #expect(notice.subject.contains(Self.idActe))
        #expect(notice.body.contains("La classification 7.5 n'est pas valide pour la nature DE."))
        #expect(notice.body.contains("anomalie"))
    }

    @Test func aCancelledActGivesTheReceptionDateOfTheCancellation() throws {
        let notice = try self.render(
            "documents-act-cancelled", ["idActe": .string(Self.idActe), "receptionDate": .string("2026-03-01")])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Annulation de la transmission de l'acte \(Self.idActe)")
        #expect(notice.body.contains("Date de réception de l'annulation : dimanche 1er mars 2026"))
    }

    @Test(arguments: [
        ("2", "Courrier simple"), ("3", "Demande de pièces complémentaires"), ("4", "Lettre d'observations"),
        ("5", "Déféré au tribunal administratif"),
    ])
    func aPrefectureLetterNamesItsKind(type: String, kind: String) throws {
        let notice = try self.render(
            "documents-prefecture-letter",
            ["letterType": .string(type), "idActe": .string(Self.idActe), "answerExpected": .string("false")])
        #expect(notice.mandatory)
        #expect(notice.subject == "\(kind) de la préfecture : acte \(Self.idActe)")
        #expect(notice.body.contains("Nature du courrier : \(kind)"))
        #expect(notice.body.contains("n'appelle pas de réponse"))
    }

    @Test func aPrefectureLetterSaysWhenAnAnswerIsExpected() throws {
        let notice = try self.render(
            "documents-prefecture-letter",
            ["letterType": .integer(3), "idActe": .string(Self.idActe), "answerExpected": .bool(true),
             "receptionDate": .string("2026-02-10")])
        #expect(notice.body.contains("Une réponse de la collectivité est attendue."))
        #expect(notice.body.contains("Date de réception : mardi 10 février 2026"))
        let unknown = self.failure(
            "documents-prefecture-letter",
            ["letterType": .string("6"), "idActe": .string(Self.idActe), "answerExpected": .string("true")])
        #expect(unknown?.problem == .invalidParameter("letterType", rule: "2, 3, 4 or 5"))
    }

    @Test func aConflictIsAnOperatorAlertAboutTheAct() throws {
        let notice = try self.render(
            "documents-act-conflict",
            ["idActe": .string(Self.idActe), "detail": .string("ARActe le 2026-01-20 puis anomalie 1-3 le 2026-01-21")])
        #expect(notice.subject.hasPrefix("[Exploitation]"))
        #expect(notice.subject.contains(Self.idActe))
        #expect(notice.body.contains("deux réponses contradictoires"))
        #expect(notice.body.contains("Détail : ARActe le 2026-01-20 puis anomalie 1-3 le 2026-01-21"))
    }

    // MARK: - HELIOS

    static let pes: [String: ContractScalar] = [
        "nomFic": .string("PES_2026_0042"), "codCol": .string("123"), "idColl": .string("21210231300013"),
    ]

    @Test func anAcknowledgedPesFileNamesItsFile() throws {
        let notice = try self.render("documents-pes-acknowledged", Self.pes)
        #expect(!notice.mandatory)
        #expect(notice.subject == "Flux PES accepté par le comptable public : PES_2026_0042")
        #expect(notice.body.contains("Fichier (NomFic) : PES_2026_0042"))
        #expect(notice.body.contains("Code collectivité (CodCol) : 123"))
        #expect(notice.body.contains("SIRET du budget (IdColl) : 21210231300013"))
    }

    @Test func informationAvailableListsEveryLine() throws {
        let notice = try self.render(
            "documents-pes-information-available",
            Self.pes.merging(["informations": .string("Bordereau 12 : pièce 3 rejetée\n\nBordereau 14 : en attente\n")]) { $1 })
        #expect(notice.body.contains("Informations :\n- Bordereau 12 : pièce 3 rejetée\n- Bordereau 14 : en attente"))
    }

    @Test func aRefusedPesFileIsMandatoryAndListsCodesAndMessages() throws {
        let notice = try self.render(
            "documents-pes-refused", Self.pes.merging(["errors": .string("E102: IdPost inconnu\nSignature absente")]) { $1 })
        #expect(notice.mandatory)
        #expect(notice.subject == "Flux PES refusé par le comptable public : PES_2026_0042")
        #expect(notice.body.contains("- E102 : IdPost inconnu"))
        #expect(notice.body.contains("- Signature absente"))
    }

    @Test func anUnattributedReturnIsAnOperatorAlertWithIdCollAndNomFic() throws {
        let notice = try self.render(
            "documents-return-unattributed",
            ["idColl": .string("21210231300013"), "nomFic": .string("PESRETOUR_0007"),
             "detail": .string("deux collectivités ont ce SIRET")])
        #expect(notice.subject == "[Exploitation] Retour PES non attribué : PESRETOUR_0007")
        #expect(notice.body.contains("SIRET du budget (IdColl) : 21210231300013"))
        #expect(notice.body.contains("Fichier (NomFic) : PESRETOUR_0007"))
        #expect(self.failure("documents-return-unattributed", [:])?.problem == .missingParameter("idColl or nomFic"))
    }

    // MARK: - Common rules

    @Test func theRequestCanMakeANoticeMandatoryButNotOptional() throws {
        let notice = try self.render("documents-pes-information-available", mandatory: true,
                                     Self.pes.merging(["informations": .string("x")]) { $1 })
        #expect(notice.mandatory)
    }

    @Test func theLinkAndAttachmentsAreShownAndTheSignatureEnds() throws {
        var request = self.request(
            "documents-act-acknowledged",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2026-01-20"),
             "link": .string("https://documents.passerelle.example/actes/a1")])
        request.attachments = [
            ClosedFileReference(uri: "https://files.passerelle.example/a1.pdf", fileName: "acte-tamponne.pdf",
                                sha256: String(repeating: "ab", count: 32), sizeBytes: 1000)
        ]
        let notice = try self.templates.render(request)
        #expect(notice.body.contains("Documents :\n- acte-tamponne.pdf"))
        #expect(!notice.body.contains("files.passerelle.example"), "a claim check's address stays inside the platform")
        #expect(notice.body.contains("Suivi en ligne : https://documents.passerelle.example/actes/a1"))
        #expect(notice.body.hasSuffix("Ce message est envoyé automatiquement."))
        let bad = self.failure(
            "documents-act-submitted",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "link": .string("javascript:alert(1)")])
        #expect(bad?.problem == .invalidParameter("link", rule: "an http(s) URL"))
    }

    @Test(arguments: [
        ("documents-act-submitted", "objet"), ("documents-act-acknowledged", "receptionDate"),
        ("documents-act-rejected", "detail"), ("documents-act-cancelled", "receptionDate"),
        ("documents-prefecture-letter", "answerExpected"), ("documents-act-conflict", "idActe"),
        ("documents-pes-acknowledged", "codCol"), ("documents-pes-information-available", "informations"),
        ("documents-pes-refused", "errors"),
    ])
    func aMissingParameterFailsNamingTheTemplateAndTheParameter(template: String, parameter: String) throws {
        var variables: [String: ContractScalar] = Self.pes.merging([
            "idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2026-01-20"),
            "detail": .string("d"), "letterType": .string("2"), "answerExpected": .string("false"),
            "informations": .string("i"), "errors": .string("E1: e"),
        ]) { $1 }
        #expect(try self.render(template, variables).template == template)
        variables[parameter] = .string("  ")  // blank counts as missing
        let error = try #require(self.failure(template, variables))
        #expect(error.problem == .missingParameter(parameter))
        #expect(error.description == "notice template '\(template)': missing parameter '\(parameter)'")
        #expect(!(error is any TransientFailure))  // permanent: the request is parked, not retried
    }

    @Test func anUnknownDocumentsTemplateFailsNamingIt() throws {
        let error = try #require(self.failure("documents-act-archived", ["idActe": .string(Self.idActe)]))
        #expect(error.problem == .unknownTemplate)
        #expect(error.description.hasPrefix("unknown notice template 'documents-act-archived'"))
    }

    @Test func anInvalidDateOrFlagFailsNamingIt() {
        let date = self.failure(
            "documents-act-acknowledged",
            ["idActe": .string(Self.idActe), "objet": .string(Self.objet), "receptionDate": .string("2026-02-30")])
        #expect(date?.problem == .invalidParameter("receptionDate", rule: "a date YYYY-MM-DD"))
        let flag = self.failure(
            "documents-prefecture-letter",
            ["letterType": .string("4"), "idActe": .string(Self.idActe), "answerExpected": .string("peut-être")])
        #expect(flag?.problem == .invalidParameter("answerExpected", rule: "true or false"))
    }

    @Test func onlyDocumentsTemplatesAreRoutedHere() {
        #expect(DocumentsTemplates.handles("documents-act-acknowledged"))
        #expect(!DocumentsTemplates.handles("desk-expert-reminder"))
        #expect(Set(DocumentsTemplates.Template.allCases.map(\.rawValue)).count == 10)
    }
}
