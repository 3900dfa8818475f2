import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts
import ServiceRuntime
import Testing

@testable import NotificationsService

@Suite struct DeskTemplatesTests {
    let templates = DeskTemplates(time: FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!))

    static let idActe = "021-212102313-20260115-DEL2026_001-DE"
    static let link = "https://desk.passerelle.example/demandes/app-1"

    /// Every variable of the family, so that each template renders.
    static let all: [String: ContractScalar] = [
        "applicantName": .string("Claire Martin"), "expertName": .string("Paul Durand"),
        "managerName": .string("Inès Leroy"), "subjectLabel": .string("Financer un investissement"),
        "applicationId": .string("app-1"), "link": .string(link), "expiresAt": .string("2026-04-21T08:00:00Z"),
        "reason": .string("spam"), "communeInsee": .string("21231"),
        "description": .string("Achat d'une machine de découpe."), "explanation": .string("x"),
        "days": .integer(7), "items": .string("RIB"), "outcome": .string("accepte"), "idActe": .string(idActe),
        "enforceableAt": .string("2026-03-02"), "detail": .string("Classification invalide."),
    ]

    func request(_ template: String, mandatory: Bool = false, _ variables: [String: ContractScalar]) -> NoticeRequest {
        NoticeRequest(
            requestId: UUID().uuidString.lowercased(), template: template, category: .desk,
            mandatory: mandatory, channel: .email, recipients: [.init(email: "claire@entreprise.example")],
            variables: variables,
            relatedTo: RelatedTo(service: .desk, aggregateType: "application", aggregateId: "app-1"))
    }

    func render(
        _ template: String, mandatory: Bool = false, _ variables: [String: ContractScalar]
    ) throws -> RenderedNotice {
        try self.templates.render(self.request(template, mandatory: mandatory, variables))
    }

    /// Renders with ``all`` overridden by `variables`.
    func render(_ template: String, with variables: [String: ContractScalar]) throws -> RenderedNotice {
        try self.render(template, Self.all.merging(variables) { $1 })
    }

    func failure(_ template: String, _ variables: [String: ContractScalar]) -> DeskTemplateError? {
        #expect(throws: DeskTemplateError.self) { try self.render(template, variables) }
        do {
            _ = try self.render(template, variables)
            return nil
        } catch {
            return error as? DeskTemplateError
        }
    }

    // MARK: - Intake

    @Test func theAddressConfirmationIsMandatoryWithItsLinkAndExpiry() throws {
        let notice = try self.render(
            "desk-confirm-email",
            ["applicantName": .string("Claire Martin"), "subjectLabel": .string("Financer un investissement"),
             "link": .string("https://desk.passerelle.example/confirmer?t=abc"),
             "expiresAt": .string("2026-04-21T08:00:00Z")])
        #expect(notice.template == "desk-confirm-email")
        #expect(notice.category == .desk)
        #expect(notice.mandatory)  // even though the request said false
        #expect(notice.subject == "Confirmez votre adresse e-mail pour votre demande d'accompagnement")
        #expect(notice.body.hasPrefix("Bonjour Claire Martin,"))
        #expect(notice.body.contains("« Financer un investissement »"))
        #expect(notice.body.contains(
            "valable jusqu'au mardi 21 avril 2026 à 10 h 00.\nhttps://desk.passerelle.example/confirmer?t=abc"))
        let day = try self.render("desk-confirm-email", with: ["expiresAt": .string("2026-04-21")])
        #expect(day.body.contains("valable jusqu'au mardi 21 avril 2026."))
    }

    @Test func aReceivedApplicationIsBeingRouted() throws {
        let notice = try self.render(
            "desk-application-received",
            ["applicantName": .string("Claire Martin"), "subjectLabel": .string("Recruter"),
             "applicationId": .string("app-9")])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Votre demande d'accompagnement a bien été reçue")
        #expect(notice.body.contains("« Recruter » a bien été reçue. Elle est en cours d'orientation"))
        #expect(notice.body.contains("Référence de la demande : app-9"))
    }

    @Test(arguments: [
        ("spam", "considérée comme un envoi indésirable"), ("duplicate", "fait doublon avec une autre demande"),
        ("outOfScope", "ne relève pas du champ d'intervention"),
        ("establishmentClosed", "est fermé d'après le répertoire Sirene"),
        ("establishmentUnknown", "ne correspond à aucun établissement"),
        ("emailNotConfirmed", "n'a pas été confirmée à temps"),
    ])
    func aCancellationGivesItsReasonInFrench(reason: String, phrase: String) throws {
        let notice = try self.render(
            "desk-application-cancelled", ["applicantName": .string("Claire Martin"), "reason": .string(reason)])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Votre demande d'accompagnement a été close")
        #expect(notice.body.contains(phrase))
        #expect(notice.body.contains("reprendre une entreprise") == (reason == "establishmentClosed"))
    }

    @Test func aClosedEstablishmentIsOfferedTheBusinessTransferSubjectWithTheLink() throws {
        let notice = try self.render(
            "desk-application-cancelled",
            ["applicantName": .string("Claire Martin"), "reason": .string("establishmentClosed"),
             "comment": .string("Établissement fermé le 2025-06-30."),
             "suggestedSubjectLabel": .string("Reprendre ou céder une entreprise"),
             "link": .string("https://desk.passerelle.example/sujets/reprise")])
        #expect(notice.body.contains("Précision :\nÉtablissement fermé le 2025-06-30."))
        #expect(notice.body.contains(
            "Si votre projet est de reprendre une entreprise, vous pouvez déposer une nouvelle demande sur le sujet "
                + "« Reprendre ou céder une entreprise » : https://desk.passerelle.example/sujets/reprise"))
        let bare = try self.render(
            "desk-application-cancelled",
            ["applicantName": .string("Claire Martin"), "reason": .string("establishmentClosed")])
        #expect(bare.body.contains("sur le sujet « Reprendre une entreprise »."))
    }

    @Test func anUnknownCancellationReasonFailsNamingTheCodes() {
        let error = self.failure(
            "desk-application-cancelled", ["applicantName": .string("Claire Martin"), "reason": .string("tooLate")])
        #expect(error?.problem == .invalidParameter(
            "reason",
            rule: "spam, duplicate, outOfScope, establishmentClosed, establishmentUnknown or emailNotConfirmed"))
    }

    // MARK: - Routing and follow-up

    @Test func anExpertAlertGivesTheNeedAndTheLink() throws {
        let notice = try self.render(
            "desk-expert-alert",
            ["expertName": .string("Paul Durand"), "subjectLabel": .string("Financer un investissement"),
             "communeInsee": .string("21231"), "description": .string("Achat d'une machine.\nBudget 80 000 €."),
             "companyName": .string("Menuiserie Martin"), "siret": .string("73282932000074"),
             "link": .string(Self.link), "applicationId": .string("app-1")])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Nouvelle demande d'accompagnement : Financer un investissement")
        #expect(notice.body.hasPrefix("Bonjour Paul Durand,"))
        #expect(notice.body.contains(
            "Entreprise : Menuiserie Martin\nSIRET : 73282932000074\nCommune (code INSEE) : 21231"))
        #expect(notice.body.contains("Description du besoin :\nAchat d'une machine.\nBudget 80 000 €."))
        #expect(notice.body.contains("ne vous concerne pas :\n\(Self.link)"))
    }

    @Test func theDefaultDeskAlertShowsWhyEachExpertWasExcluded() throws {
        let explanation = "Région : NAF 56.10A exclu\nCCI : entreprise créée il y a moins d'un an"
        let notice = try self.render(
            "desk-default-desk-alert",
            ["subjectLabel": .string("Recruter"), "communeInsee": .string("21231"), "description": .string("Un CDI."),
             "explanation": .string(explanation), "link": .string(Self.link), "applicationId": .string("app-1")])
        #expect(notice.subject == "Demande d'accompagnement à orienter manuellement : Recruter")
        #expect(notice.body.hasPrefix("Bonjour,\n\nAucun conseiller n'a pu être retenu automatiquement"))
        #expect(notice.body.contains("Conseillers écartés :\n\(explanation)"))
        #expect(!notice.body.contains("Entreprise :"))
        let named = try self.render("desk-default-desk-alert", with: ["explanation": .string(explanation)])
        #expect(named.body.hasPrefix("Bonjour Inès Leroy,"))
    }

    @Test func aReminderCountsTheDaysWithoutAnswer() throws {
        let notice = try self.render(
            "desk-match-reminder",
            ["expertName": .string("Paul Durand"), "subjectLabel": .string("Recruter"), "days": .integer(7),
             "link": .string(Self.link)])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Relance : demande d'accompagnement sans réponse depuis 7 jours")
        #expect(notice.body.contains("« Recruter » qui vous a été adressée attend votre réponse depuis 7 jours."))
        #expect(try self.render("desk-match-reminder", with: ["days": .string("1")]).subject.hasSuffix("depuis 1 jour"))
        let bad = self.failure("desk-match-reminder", Self.all.merging(["days": .string("sept")]) { $1 })
        #expect(bad?.problem == .invalidParameter("days", rule: "a whole number of days, at least 1"))
    }

    @Test func anEscalationNamesTheSilentExpertToTheManager() throws {
        let notice = try self.render(
            "desk-match-escalation",
            ["managerName": .string("Inès Leroy"), "expertName": .string("Paul Durand"),
             "subjectLabel": .string("Recruter"), "days": .integer(14), "link": .string(Self.link)])
        #expect(notice.subject == "Demande d'accompagnement sans réponse depuis 14 jours : Paul Durand")
        #expect(notice.body.hasPrefix("Bonjour Inès Leroy,"))
        #expect(notice.body.contains("adressée à Paul Durand est sans réponse depuis 14 jours, malgré une relance."))
        #expect(notice.body.contains(Self.link))
    }

    @Test func theSurveyAsksItsThreeQuestions() throws {
        let notice = try self.render(
            "desk-survey",
            ["applicantName": .string("Claire Martin"), "subjectLabel": .string("Recruter"),
             "link": .string(Self.link)])
        #expect(!notice.mandatory)
        #expect(notice.subject == "Votre avis sur l'accompagnement de votre demande")
        #expect(notice.body.contains("Votre entreprise a-t-elle été contactée par un conseiller ?"))
        #expect(notice.body.contains("L'échange vous a-t-il été utile ?"))
        #expect(notice.body.contains("Souhaitez-vous ajouter un commentaire ?"))
        #expect(notice.body.contains("Pour répondre :\n\(Self.link)"))
    }

    // MARK: - Aid applications

    @Test func aCorrectionRequestIsMandatoryAndListsEveryItem() throws {
        let notice = try self.render(
            "desk-correction-requested",
            ["applicantName": .string("Claire Martin"), "items": .string("RIB au nom de la société\n\n Devis signé \n"),
             "respondBy": .string("2026-05-15"), "link": .string(Self.link)])
        #expect(notice.mandatory)
        #expect(notice.subject == "Votre dossier de demande d'aide est à compléter")
        #expect(notice.body.contains("Éléments à corriger ou à compléter :\n- RIB au nom de la société\n- Devis signé"))
        #expect(notice.body.contains("avant le vendredi 15 mai 2026."))
        #expect(notice.body.contains("Pour compléter votre dossier :\n\(Self.link)"))
        let bare = try self.render(
            "desk-correction-requested", ["applicantName": .string("Claire Martin"), "items": .string("RIB")])
        #expect(!bare.body.contains("avant le"))
    }

    @Test func anAcceptedDecisionGivesTheAidInFrench() throws {
        let notice = try self.render(
            "desk-decision",
            ["applicantName": .string("Claire Martin"), "outcome": .string("accepte"),
             "aidForm": .string("zeroRateRepayableAdvance"), "amountEuros": .integer(25000),
             "decisionBody": .string("commission permanente du conseil régional"), "votedAt": .string("2026-03-12")])
        #expect(notice.mandatory)
        #expect(notice.subject == "Décision sur votre demande d'aide : aide accordée")
        #expect(notice.body.contains("Forme de l'aide : avance remboursable à taux zéro\nMontant : 25 000 €"))
        #expect(notice.body.contains("Instance de décision : commission permanente du conseil régional"))
        #expect(notice.body.contains("Date de la décision : jeudi 12 mars 2026"))
        #expect(notice.body.contains("contrôle de légalité"))
    }

    @Test(arguments: [
        ("subsidy", "subvention"), ("zeroRateRepayableAdvance", "avance remboursable à taux zéro"),
        ("guarantee", "garantie"), ("loan", "prêt"),
    ])
    func eachAidFormIsNamedInFrench(form: String, french: String) throws {
        let notice = try self.render("desk-decision", with: ["aidForm": .string(form)])
        #expect(notice.body.contains("Forme de l'aide : \(french)\n"))
    }

    @Test func amountsAreGroupedWithCents() throws {
        let cases: [(ContractScalar, String)] = [
            (.number(Decimal(string: "1250.5")!), "1 250,50 €"), (.string("300000"), "300 000 €"),
            (.string("999,99"), "999,99 €"), (.integer(0), "0 €"),
        ]
        for (amount, shown) in cases {
            #expect(try self.render("desk-decision", with: ["amountEuros": amount]).body.contains("Montant : \(shown)"))
        }
        let bad = self.failure("desk-decision", Self.all.merging(["amountEuros": .string("12,345")]) { $1 })
        #expect(bad?.problem == .invalidParameter("amountEuros", rule: "an amount in euros, at most 2 decimals"))
    }

    @Test func aRefusalOrADismissalGivesItsMotivation() throws {
        let refused = try self.render(
            "desk-decision",
            ["applicantName": .string("Claire Martin"), "outcome": .string("refuse"),
             "motivation": .string("Le projet ne relève pas du règlement d'intervention.")])
        #expect(refused.mandatory)
        #expect(refused.subject == "Décision sur votre demande d'aide : demande refusée")
        #expect(refused.body.contains("Motivation :\nLe projet ne relève pas du règlement d'intervention."))
        #expect(!refused.body.contains("contrôle de légalité"))
        let dismissed = try self.render(
            "desk-decision", ["applicantName": .string("Claire Martin"), "outcome": .string("sansSuite")])
        #expect(dismissed.subject == "Décision sur votre demande d'aide : demande classée sans suite")
        let bad = self.failure("desk-decision", ["applicantName": .string("Claire Martin"), "outcome": .string("ok")])
        #expect(bad?.problem == .invalidParameter("outcome", rule: "accepte, refuse or sansSuite"))
        let form = self.failure("desk-decision", Self.all.merging(["aidForm": .string("gift")]) { $1 })
        #expect(form?.problem == .invalidParameter(
            "aidForm", rule: "subsidy, zeroRateRepayableAdvance, guarantee or loan"))
    }

    @Test func anEnforceableDecisionGivesTheActAndTheDate() throws {
        let notice = try self.render(
            "desk-decision-enforceable",
            ["applicantName": .string("Claire Martin"), "idActe": .string(Self.idActe),
             "enforceableAt": .string("2026-03-02T09:30:00Z")])
        #expect(notice.mandatory)
        #expect(notice.subject == "Votre décision d'aide est exécutoire : acte \(Self.idActe)")
        #expect(notice.body.contains("La décision est exécutoire depuis le lundi 2 mars 2026."))
        #expect(notice.body.contains("Identifiant de l'acte (IDActe) : \(Self.idActe)"))
    }

    @Test func aRejectedDeliberationGivesThePrefecturesDetailToTheInstructor() throws {
        let notice = try self.render(
            "desk-deliberation-rejected",
            ["idActe": .string(Self.idActe), "detail": .string("La classification 7.5 n'est pas valide.")])
        #expect(notice.mandatory)
        #expect(notice.subject == "Anomalie sur la délibération d'aide transmise en préfecture : acte \(Self.idActe)")
        #expect(notice.body.hasPrefix("La préfecture a signalé une anomalie"))
        #expect(notice.body.contains("Motif indiqué par la préfecture :\nLa classification 7.5 n'est pas valide."))
    }

    // MARK: - Common rules

    @Test func onlyTheFiveLegalNoticesAreMandatoryButARequestCanAskForIt() throws {
        let mandatory = Set(DeskTemplates.Template.allCases.filter(\.mandatory).map(\.rawValue))
        #expect(mandatory == [
            "desk-confirm-email", "desk-correction-requested", "desk-decision", "desk-decision-enforceable",
            "desk-deliberation-rejected",
        ])
        for template in DeskTemplates.Template.allCases {
            #expect(try self.render(template.rawValue, Self.all).mandatory == template.mandatory)
        }
        #expect(try self.render("desk-survey", mandatory: true, Self.all).mandatory)
    }

    @Test func attachmentsAreNamedAndTheSignatureEnds() throws {
        var request = self.request("desk-correction-requested", Self.all)
        request.attachments = [
            ClosedFileReference(uri: "https://files.passerelle.example/m.pdf", fileName: "modele-attestation.pdf",
                                sha256: String(repeating: "ab", count: 32), sizeBytes: 1000)
        ]
        let notice = try self.templates.render(request)
        #expect(notice.body.contains("Documents :\n- modele-attestation.pdf"))
        #expect(!notice.body.contains("files.passerelle.example"), "a claim check's address stays inside the platform")
        #expect(notice.body.hasSuffix("Ce message est envoyé automatiquement."))
        let bad = self.failure("desk-survey", Self.all.merging(["link": .string("javascript:alert(1)")]) { $1 })
        #expect(bad?.problem == .invalidParameter("link", rule: "an http(s) URL"))
    }

    @Test(arguments: [
        ("desk-confirm-email", "expiresAt"), ("desk-confirm-email", "link"),
        ("desk-application-received", "applicationId"), ("desk-application-cancelled", "reason"),
        ("desk-expert-alert", "description"), ("desk-expert-alert", "communeInsee"),
        ("desk-default-desk-alert", "explanation"), ("desk-match-reminder", "days"),
        ("desk-match-escalation", "expertName"),
        ("desk-survey", "link"), ("desk-correction-requested", "items"), ("desk-decision", "outcome"),
        ("desk-decision-enforceable", "enforceableAt"), ("desk-deliberation-rejected", "detail"),
    ])
    func aMissingParameterFailsNamingTheTemplateAndTheParameter(template: String, parameter: String) throws {
        var variables = Self.all
        #expect(try self.render(template, variables).template == template)
        variables[parameter] = .string("  ")  // blank counts as missing
        let error = try #require(self.failure(template, variables))
        #expect(error.problem == .missingParameter(parameter))
        #expect(error.description == "notice template '\(template)': missing parameter '\(parameter)'")
        #expect(!(error is any TransientFailure))  // permanent: the request is parked, not retried
    }

    @Test func anUnknownDeskTemplateFailsNamingIt() throws {
        let error = try #require(self.failure("desk-expert-reminder", Self.all))
        #expect(error.problem == .unknownTemplate)
        #expect(error.description.hasPrefix(
            "unknown notice template 'desk-expert-reminder' (known: desk-confirm-email,"))
    }

    @Test func onlyDeskTemplatesAreRoutedHere() {
        #expect(DeskTemplates.handles("desk-survey"))
        #expect(!DeskTemplates.handles("documents-act-acknowledged"))
        #expect(!DocumentsTemplates.handles("desk-survey"))
        #expect(Set(DeskTemplates.Template.allCases.map(\.rawValue)).count == 12)
    }
}
