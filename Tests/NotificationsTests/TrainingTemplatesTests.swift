import ContractTypes
import Foundation
import Mailer
import NotificationsContracts
import ServiceRuntime
import Testing

@testable import NotificationsService

/// An invitation as training writes it (CRLF lines, a folded line, French text).
func trainingCalendar(_ method: String = "REQUEST", sequence: Int = 0) -> String {
    [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Training//FR", "METHOD:\(method)", "BEGIN:VEVENT",
        "UID:signup-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d@training.passerelle.example", "SEQUENCE:\(sequence)",
        "DTSTAMP:20270301T081200Z", "DTSTART:20270329T070000Z", "DTEND:20270329T150000Z",
        "SUMMARY:Marchés publics : rédiger un CCTP (cahier des clauses techniques partic",
        " ulières)", "LOCATION:Maison de la formation\\, salle 2",
        "END:VEVENT", "END:VCALENDAR",
    ].joined(separator: "\r\n") + "\r\n"
}

@Suite struct TrainingTemplatesTests {
    let templates = TrainingTemplates(time: FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!))

    static let link = "https://formation.passerelle.example/inscriptions/2a3b4c5d"
    static let dates = "lundi 29 mars 2027, 9 h – 17 h"

    /// Every variable of the family, so that each template renders.
    static let all: [String: ContractScalar] = [
        "agentName": .string("Camille Bernard"), "sessionTitle": .string("Marchés publics : rédiger un CCTP"),
        "courseCode": .string("MP-CCTP-02"), "dates": .string(dates),
        "location": .string("Maison de la formation, salle 2 (Dijon)"), "link": .string(link),
        "position": .string("2"), "reason": .string("sessionFull"), "step": .string("manager"),
        "expired": .string("false"), "late": .string("false"), "changes": .string("les dates et la salle"),
        "daysBefore": .string("3"), "booked": .string("4"), "minimum": .string("6"), "waitlisted": .string("3"),
        "hours": .string("3,5"), "eservice": .string("procurement"),
        "courses": .string("« Marchés publics : rédiger un CCTP »"),
    ]

    func request(
        _ template: String, mandatory: Bool = false, calendar: NoticeRequest.CalendarValue? = nil,
        _ variables: [String: ContractScalar]
    ) -> NoticeRequest {
        NoticeRequest(
            requestId: UUID().uuidString.lowercased(), template: template, category: .training, mandatory: mandatory,
            channel: .email, recipients: [.init(email: "c.bernard@mairie-exemple.example", name: "Camille Bernard")],
            variables: variables,
            relatedTo: RelatedTo(service: .training, aggregateType: "signup", aggregateId: "2a3b4c5d"),
            calendar: calendar)
    }

    func render(
        _ template: String, mandatory: Bool = false, calendar: NoticeRequest.CalendarValue? = nil,
        _ variables: [String: ContractScalar]
    ) throws -> RenderedNotice {
        try self.templates.render(self.request(template, mandatory: mandatory, calendar: calendar, variables))
    }

    /// Renders with ``all`` overridden by `variables`.
    func render(
        _ template: String, calendar: NoticeRequest.CalendarValue? = nil, with variables: [String: ContractScalar] = [:]
    ) throws -> RenderedNotice {
        try self.render(template, calendar: calendar, Self.all.merging(variables) { $1 })
    }

    func failure(
        _ template: String, calendar: NoticeRequest.CalendarValue? = nil, _ variables: [String: ContractScalar]
    ) -> TrainingTemplateError? {
        do {
            _ = try self.render(template, calendar: calendar, variables)
            Issue.record("\(template) rendered although it should fail")
            return nil
        } catch {
            return error as? TrainingTemplateError
        }
    }

    static let request = NoticeRequest.CalendarValue(method: .request, content: trainingCalendar())
    static let cancel = NoticeRequest.CalendarValue(method: .cancel, content: trainingCalendar("CANCEL", sequence: 1))

    /// The session facts every agent-facing notice gives.
    func expectSessionFacts(_ notice: RenderedNotice, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(notice.body.contains("Formation : Marchés publics : rédiger un CCTP"), sourceLocation: sourceLocation)
        #expect(notice.body.contains("Code du stage : MP-CCTP-02"), sourceLocation: sourceLocation)
        #expect(notice.body.contains("Date : \(Self.dates)"), sourceLocation: sourceLocation)
        #expect(notice.body.contains("Lieu : Maison de la formation, salle 2 (Dijon)"), sourceLocation: sourceLocation)
    }

    // MARK: - Signups

    @Test func aBookingIsConfirmedWithTheSessionAndTheInvitation() throws {
        let notice = try self.render("training-signup-booked", calendar: Self.request)
        #expect(notice.template == "training-signup-booked")
        #expect(notice.category == .training)
        #expect(!notice.mandatory)
        #expect(notice.subject == "Votre inscription est confirmée : Marchés publics : rédiger un CCTP")
        #expect(notice.body.hasPrefix("Bonjour Camille Bernard,"))
        #expect(notice.body.contains("« Marchés publics : rédiger un CCTP » est confirmée : une place vous est réservée."))
        self.expectSessionFacts(notice)
        #expect(notice.body.contains("L'invitation jointe ajoute la session à votre agenda."))
        #expect(notice.body.contains("Pour consulter ou annuler votre inscription :\n\(Self.link)"))
        #expect(notice.body.hasSuffix("Ce message est envoyé automatiquement."))
        let bare = try self.render("training-signup-booked", with: ["link": .string("")])
        #expect(!bare.body.contains("invitation jointe"), "no calendar, no word about the agenda")
        #expect(!bare.body.contains("Pour consulter"))
    }

    @Test func severalSlotsAreListed() throws {
        let notice = try self.render(
            "training-signup-booked",
            with: ["dates": .string("lundi 29 mars 2027, 9 h – 17 h\nmardi 30 mars 2027, 9 h – 12 h 30\n")])
        #expect(notice.body.contains("Dates :\n- lundi 29 mars 2027, 9 h – 17 h\n- mardi 30 mars 2027, 9 h – 12 h 30\nLieu :"))
    }

    @Test(arguments: [
        ("sessionFull", "La session est complète : votre inscription est placée en liste d'attente, en position 2."),
        ("datesUnknown", "Les dates de la session ne sont pas encore arrêtées : votre inscription est placée en liste "
            + "d'attente, en position 2,"),
    ])
    func aWaitlistedSignupGivesItsPositionAndWhy(reason: String, phrase: String) throws {
        let notice = try self.render("training-signup-waitlisted", with: ["reason": .string(reason)])
        #expect(notice.subject == "Inscription en liste d'attente : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains(phrase))
        self.expectSessionFacts(notice)
        let bad = self.failure("training-signup-waitlisted", Self.all.merging(["reason": .string("full")]) { $1 })
        #expect(bad?.problem == .invalidParameter("reason", rule: "sessionFull or datesUnknown"))
        let position = self.failure("training-signup-waitlisted", Self.all.merging(["position": .string("0")]) { $1 })
        #expect(position?.problem == .invalidParameter("position", rule: "a whole number, at least 1"))
    }

    @Test func aPromotionSaysASeatFreedUp() throws {
        let notice = try self.render("training-signup-promoted", calendar: Self.request)
        #expect(notice.subject.hasPrefix("Une place s'est libérée : votre inscription est confirmée"))
        #expect(notice.body.contains("Une place s'est libérée pour la formation « Marchés publics : rédiger un CCTP »"))
        #expect(notice.body.contains("jusqu'ici en liste d'attente, est confirmée."))
        #expect(notice.body.contains("L'invitation jointe ajoute la session à votre agenda."))
        self.expectSessionFacts(notice)
    }

    @Test func aDeclineGivesTheReasonAndWhetherTheRequestExpired() throws {
        let declined = try self.render(
            "training-signup-declined", with: ["reason": .string("Période budgétaire ; visez septembre.")])
        #expect(declined.subject == "Votre demande d'inscription n'a pas été acceptée : Marchés publics : rédiger un CCTP")
        #expect(declined.body.contains("n'a pas été acceptée."))
        #expect(declined.body.contains("Motif :\nPériode budgétaire ; visez septembre."))
        self.expectSessionFacts(declined)
        let expired = try self.render(
            "training-signup-declined",
            with: ["reason": .string("Demande sans réponse à la clôture des inscriptions."), "expired": .string("true")])
        #expect(expired.subject == "Votre demande d'inscription est close : Marchés publics : rédiger un CCTP")
        #expect(expired.body.contains("n'a pas été validée avant la clôture des inscriptions : elle est close."))
        let bad = self.failure("training-signup-declined", Self.all.merging(["expired": .string("oui")]) { $1 })
        #expect(bad?.problem == .invalidParameter("expired", rule: "true or false"))
    }

    @Test func aWithdrawalRemovesTheInvitationAndSaysWhenItIsLate() throws {
        let notice = try self.render("training-signup-cancelled", calendar: Self.cancel)
        #expect(notice.subject == "Annulation de votre inscription : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("Votre inscription à la formation « Marchés publics : rédiger un CCTP » est annulée."))
        #expect(notice.body.contains("L'invitation jointe retire la session de votre agenda."))
        #expect(!notice.body.contains("tardive"))
        self.expectSessionFacts(notice)
        let late = try self.render(
            "training-signup-cancelled", calendar: Self.cancel,
            with: ["late": .string("true"), "reason": .string("Réunion de conseil municipal.")])
        #expect(late.body.contains("après la date limite d'annulation de la session : elle est enregistrée comme une "
            + "annulation tardive."))
        #expect(late.body.contains("Motif indiqué :\nRéunion de conseil municipal."))
    }

    // MARK: - Approvals

    @Test(arguments: [
        ("manager", "En tant que responsable hiérarchique, votre accord est nécessaire"),
        ("administrator", "votre validation, en tant qu'administrateur ou administratrice de la formation, est la "
            + "dernière étape."),
    ])
    func theApproverIsAskedWithTheLink(step: String, phrase: String) throws {
        let notice = try self.render(
            "training-approval-requested",
            ["agentName": .string("Inès Garnier"), "sessionTitle": .string("Marchés publics : rédiger un CCTP"),
             "step": .string(step), "link": .string(Self.link)])
        #expect(notice.subject == "Demande d'inscription à valider : Inès Garnier, Marchés publics : rédiger un CCTP")
        #expect(notice.body.hasPrefix("Bonjour,\n\nInès Garnier demande à suivre la formation « Marchés publics : "
            + "rédiger un CCTP »."))
        #expect(notice.body.contains(phrase))
        #expect(notice.body.contains("Pour approuver ou refuser la demande :\n\(Self.link)"))
        #expect(notice.body.contains("Sans réponse à la clôture des inscriptions"))
        #expect(!notice.body.contains("Lieu :"), "the session facts that were not given are left out")
        let full = try self.render("training-approval-requested", with: ["step": .string(step)])
        self.expectSessionFacts(full)
    }

    @Test func theApproverIsRemindedWithoutAnswer() throws {
        let notice = try self.render("training-approval-reminder", with: ["step": .string("administrator")])
        #expect(notice.subject
            == "Relance : demande d'inscription de Camille Bernard sans réponse (Marchés publics : rédiger un CCTP)")
        #expect(notice.body.contains("est toujours sans réponse de votre part."))
        #expect(notice.body.contains("dernière étape"))
        #expect(notice.body.contains(Self.link))
        let bad = self.failure("training-approval-reminder", Self.all.merging(["step": .string("director")]) { $1 })
        #expect(bad?.problem == .invalidParameter("step", rule: "manager or administrator"))
    }

    // MARK: - Sessions

    @Test func aCancelledSessionIsMandatoryAndGivesTheReason() throws {
        let notice = try self.render(
            "training-session-cancelled", mandatory: false, calendar: Self.cancel,
            Self.all.merging(["reason": .string("tooFewParticipants"),
                              "reasonText": .string("Une nouvelle session sera proposée en septembre.")]) { $1 })
        #expect(notice.mandatory)  // even though the request said false
        #expect(notice.subject == "Session annulée : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("La session de la formation « Marchés publics : rédiger un CCTP » est annulée."))
        #expect(notice.body.contains("Motif : le nombre d'inscrits est insuffisant."))
        #expect(notice.body.contains("Précision :\nUne nouvelle session sera proposée en septembre."))
        #expect(notice.body.contains("L'invitation jointe retire la session de votre agenda."))
        self.expectSessionFacts(notice)
        // A waitlisted agent had no invitation: no calendar, no word about the agenda.
        let waitlisted = try self.render("training-session-cancelled", with: ["reason": .string("trainerUnavailable")])
        #expect(waitlisted.mandatory)
        #expect(waitlisted.body.contains("Motif : le formateur ou la formatrice n'est pas disponible."))
        #expect(!waitlisted.body.contains("invitation"))
        let other = try self.render("training-session-cancelled", with: ["reason": .string("other")])
        #expect(!other.body.contains("Motif"))
        let sentence = try self.render("training-session-cancelled", with: ["reason": .string("Salle inondée.")])
        #expect(sentence.body.contains("Motif :\nSalle inondée."))
    }

    @Test func anUpdatedSessionSaysWhatChangedAndUpdatesTheAgenda() throws {
        let notice = try self.render(
            "training-session-updated",
            calendar: .init(method: .request, content: trainingCalendar(sequence: 2)),
            with: ["changes": .string("les dates et la salle"), "dates": .string("lundi 5 avril 2027, 9 h – 17 h")])
        #expect(notice.subject == "Modification de la session : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("Ce qui change : les dates et la salle"))
        #expect(notice.body.contains("Informations à jour :\nFormation : Marchés publics : rédiger un CCTP"))
        #expect(notice.body.contains("Date : lundi 5 avril 2027, 9 h – 17 h"))
        #expect(notice.body.contains("L'invitation jointe met à jour la session dans votre agenda."))
    }

    @Test func aReducedCapacityMovesTheAgentBackToTheWaitlist() throws {
        let notice = try self.render("training-moved-to-waitlist", calendar: Self.cancel)
        #expect(notice.subject == "Votre inscription repasse en liste d'attente : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("Le nombre de places de la session de la formation « Marchés publics : rédiger un "
            + "CCTP » a été réduit."))
        #expect(notice.body.contains("repasse en liste d'attente, en position 2."))
        #expect(notice.body.contains("L'invitation jointe retire la session de votre agenda."))
        self.expectSessionFacts(notice)
    }

    @Test(arguments: [("3", "dans 3 jours"), ("1", "demain"), ("0", "aujourd'hui")])
    func aReminderSaysWhenTheSessionStarts(days: String, when: String) throws {
        let notice = try self.render("training-reminder", with: ["daysBefore": .string(days)])
        #expect(notice.subject == "Rappel : la formation « Marchés publics : rédiger un CCTP » commence \(when)")
        #expect(notice.body.contains("Pour rappel, la formation « Marchés publics : rédiger un CCTP » commence \(when)."))
        self.expectSessionFacts(notice)
    }

    // MARK: - Organisers

    @Test func theOrganiserIsToldTheMinimumIsNotReached() throws {
        let notice = try self.render(
            "training-minimum-not-reached",
            ["sessionTitle": .string("Marchés publics : rédiger un CCTP"), "booked": .string("4"),
             "minimum": .string("6"), "link": .string(Self.link), "dates": .string(Self.dates)])
        #expect(notice.subject == "Nombre minimum d'inscrits non atteint : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("compte 4 inscriptions confirmées, pour un minimum de 6."))
        #expect(notice.body.contains("Date : \(Self.dates)"))
        #expect(notice.body.contains("Décidez de la maintenir ou de l'annuler"))
        #expect(notice.body.contains(Self.link))
        let one = try self.render("training-minimum-not-reached", with: ["booked": .string("1")])
        #expect(one.body.contains("compte 1 inscription confirmée, pour"))
    }

    @Test(arguments: [("0", "Personne n'est en liste d'attente."), ("1", "Une personne est en liste d'attente."),
                      ("3", "3 personnes sont en liste d'attente.")])
    func theOrganiserIsToldASeatFreedUpLate(waitlisted: String, phrase: String) throws {
        let notice = try self.render(
            "training-seat-freed-late",
            ["sessionTitle": .string("Marchés publics : rédiger un CCTP"), "agentName": .string("Lucas Petit"),
             "waitlisted": .string(waitlisted)])
        #expect(notice.subject == "Place libérée après la date limite : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("Lucas Petit a annulé son inscription à la formation « Marchés publics : rédiger un "
            + "CCTP » après la date limite d'annulation."))
        #expect(notice.body.contains("n'est pas proposée automatiquement à la liste d'attente. \(phrase)"))
    }

    // MARK: - Certificates and suggestions

    @Test(arguments: [("3,5", "3,5 heures"), ("7", "7 heures"), ("1,5", "1,5 heure"), ("10.5", "10,5 heures")])
    func aCertificateGivesTheHoursAttended(hours: String, shown: String) throws {
        let notice = try self.render("training-certificate-issued", with: ["hours": .string(hours)])
        #expect(notice.subject == "Votre attestation de formation est disponible : Marchés publics : rédiger un CCTP")
        #expect(notice.body.contains("Elle indique \(shown) de présence effective."))
        #expect(notice.body.contains("Pour télécharger l'attestation :\n\(Self.link)"))
        self.expectSessionFacts(notice)
    }

    @Test func badHoursAreRefused() {
        let bad = self.failure("training-certificate-issued", Self.all.merging(["hours": .string("3 h 30")]) { $1 })
        #expect(bad?.problem == .invalidParameter("hours", rule: "a number of hours such as 3,5"))
    }

    @Test func aFirstTenderOrActSuggestsTheMatchingCourses() throws {
        let procurement = try self.render(
            "training-course-suggestion",
            ["eservice": .string("procurement"),
             "courses": .string("« Marchés publics : rédiger un CCTP »\n« Analyser les offres »")])
        #expect(procurement.subject == "Formation conseillée : la commande publique dématérialisée")
        #expect(procurement.body.contains("publier sa première consultation sur Passerelle."))
        #expect(procurement.body.contains(
            "le service formation propose :\n- « Marchés publics : rédiger un CCTP »\n- « Analyser les offres »"))
        #expect(procurement.body.contains("a demandé à être informée"))
        #expect(!procurement.body.contains("Pour consulter"))
        let documents = try self.render(
            "training-course-suggestion",
            ["eservice": .string("documents"), "courses": .string("« Télétransmettre ses actes »"),
             "link": .string(Self.link)])
        #expect(documents.subject == "Formation conseillée : la télétransmission des actes")
        #expect(documents.body.contains("son premier acte au contrôle de légalité"))
        #expect(documents.body.contains("propose :\n« Télétransmettre ses actes »"))
        #expect(documents.body.contains("Pour consulter les sessions et y inscrire des agents :\n\(Self.link)"))
    }

    // MARK: - Common rules

    @Test func onlyTheSessionCancellationIsMandatoryButARequestCanAskForIt() throws {
        let mandatory = TrainingTemplates.Template.allCases.filter(\.mandatory).map(\.rawValue)
        #expect(mandatory == ["training-session-cancelled"])
        for template in TrainingTemplates.Template.allCases {
            #expect(try self.render(template.rawValue, Self.all).mandatory == template.mandatory)
        }
        #expect(try self.render("training-reminder", mandatory: true, Self.all).mandatory)
        #expect(TrainingTemplates.Template.allCases.count == 15)
    }

    @Test(arguments: [
        ("training-signup-booked", "calendar.method", "REQUEST for training-signup-booked"),
        ("training-signup-promoted", "calendar.method", "REQUEST for training-signup-promoted"),
        ("training-session-updated", "calendar.method", "REQUEST for training-session-updated"),
    ])
    func aCalendarThatContradictsTheTemplateIsRefused(template: String, field: String, rule: String) {
        let error = self.failure(template, calendar: Self.cancel, Self.all)
        #expect(error?.problem == .invalidParameter(field, rule: rule))
        let opposite = self.failure("training-session-cancelled", calendar: Self.request, Self.all)
        #expect(opposite?.problem == .invalidParameter("calendar.method", rule: "CANCEL for training-session-cancelled"))
    }

    @Test(arguments: [
        ("training-signup-booked", "agentName"), ("training-signup-booked", "dates"),
        ("training-signup-booked", "courseCode"), ("training-signup-booked", "location"),
        ("training-signup-waitlisted", "position"), ("training-signup-waitlisted", "reason"),
        ("training-signup-promoted", "sessionTitle"), ("training-approval-requested", "step"),
        ("training-approval-requested", "link"), ("training-approval-reminder", "agentName"),
        ("training-signup-declined", "reason"), ("training-signup-declined", "expired"),
        ("training-signup-cancelled", "late"), ("training-session-cancelled", "reason"),
        ("training-session-cancelled", "dates"), ("training-session-updated", "changes"),
        ("training-moved-to-waitlist", "location"), ("training-reminder", "daysBefore"),
        ("training-minimum-not-reached", "booked"), ("training-minimum-not-reached", "minimum"),
        ("training-minimum-not-reached", "link"), ("training-seat-freed-late", "waitlisted"),
        ("training-seat-freed-late", "agentName"), ("training-certificate-issued", "hours"),
        ("training-certificate-issued", "link"), ("training-course-suggestion", "eservice"),
        ("training-course-suggestion", "courses"),
    ])
    func aMissingVariableFailsNamingTheTemplateAndTheVariable(template: String, variable: String) throws {
        var variables = Self.all
        #expect(try self.render(template, variables).template == template)
        variables[variable] = .string(" ")  // blank counts as missing
        let error = try #require(self.failure(template, variables))
        #expect(error.problem == .missingParameter(variable))
        #expect(error.description == "notice template '\(template)': missing parameter '\(variable)'")
        #expect(!(error is any TransientFailure))  // permanent: the request is parked, not retried
    }

    @Test func anUnknownTrainingTemplateFailsNamingIt() throws {
        let error = try #require(self.failure("training-signup-approved", Self.all))
        #expect(error.problem == .unknownTemplate)
        #expect(error.description.hasPrefix(
            "unknown notice template 'training-signup-approved' (known: training-signup-booked,"))
        #expect(error.description.contains("training-course-suggestion"))
    }

    @Test func onlyTrainingTemplatesAreRoutedHere() {
        #expect(TrainingTemplates.handles("training-reminder"))
        #expect(!TrainingTemplates.handles("desk-survey"))
        #expect(!DeskTemplates.handles("training-reminder"))
        #expect(!DocumentsTemplates.handles("training-reminder"))
    }

    @Test func theFamiliesShareOneErrorType() {
        let desk: DeskTemplateError = FamilyTemplateError<DeskTemplates>(template: "desk-x", problem: .unknownTemplate)
        #expect(desk.description.hasPrefix("unknown notice template 'desk-x' (known: desk-confirm-email,"))
        let documents = DocumentsTemplateError(template: "documents-x", problem: .missingParameter("idActe"))
        #expect(documents.description == "notice template 'documents-x': missing parameter 'idActe'")
    }
}

/// The request's calendar becomes the mail's `text/calendar` part, checked when the request arrives.
@Suite struct TrainingCalendarMailTests {
    let request = NoticeRequest(
        requestId: "8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a", template: "training-signup-booked", category: .training,
        mandatory: false, channel: .email, recipients: [.init(email: "c.bernard@mairie-exemple.example")],
        variables: TrainingTemplatesTests.all,
        relatedTo: RelatedTo(service: .training, aggregateType: "signup", aggregateId: "2a3b4c5d"),
        calendar: .init(method: .request, content: trainingCalendar()))

    @Test func theCalendarPartHasTheMethodAndTheExactText() throws {
        let part = try #require(try RequestHandlers.calendar(of: self.request))
        #expect(part == CalendarPart(method: .request, text: trainingCalendar()))
        let composer = MailComposer(
            from: MailAddress("no-reply@passerelle.example", name: "Passerelle"), messageIDDomain: "passerelle.example")
        let message = composer.message(
            notificationID: "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b", to: MailAddress("c.bernard@mairie-exemple.example"),
            subject: "Votre inscription est confirmée", body: "Bonjour,", mandatory: false,
            unsubscribeURL: "https://passerelle.example/u/abc", calendar: part)
        #expect(message.calendar == part)
        let text = try Mailer.MailComposer().compose(message, secondsSince1970: 1_800_000_000, boundary: "=_b")
        let calendar = try #require(CalendarMIME.part(of: text, contentType: "text/calendar; charset=utf-8; method=REQUEST"))
        #expect(Array(CalendarMIME.quotedPrintable(calendar).utf8) == Array(trainingCalendar().utf8))
    }

    @Test(arguments: [
        ("calendar.method", NoticeRequest.CalendarValue(method: .cancel, content: trainingCalendar("REQUEST"))),
        ("calendar.text", NoticeRequest.CalendarValue(method: .request, content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n")),
        ("calendar.method", NoticeRequest.CalendarValue(
            method: .request, content: trainingCalendar().replacingOccurrences(of: "METHOD:REQUEST\r\n", with: ""))),
    ])
    func anUnusableCalendarIsRefusedNamingTheField(field: String, calendar: NoticeRequest.CalendarValue) throws {
        var request = self.request
        request.calendar = calendar
        let error = try #require(#expect(throws: NoticeCalendarError.self) { try RequestHandlers.calendar(of: request) })
        #expect(error.description.hasPrefix("notice template 'training-signup-booked': invalid \(field):"))
        #expect(!(error is any TransientFailure))
    }
}

/// A MIME reader for these tests, independent of the composer.
enum CalendarMIME {
    /// The encoded body of the part with this `Content-Type` in a composed message (boundary `=_b`).
    static func part(of message: String, contentType: String) -> String? {
        for piece in message.components(separatedBy: "\r\n--=_b") {
            let piece = piece.hasPrefix("\r\n") ? String(piece.dropFirst()) : piece  // CRLF is one Character
            guard let blank = piece.range(of: "\r\n\r\n") else { continue }
            if piece[..<blank.lowerBound].components(separatedBy: "\r\n").contains("Content-Type: \(contentType)") {
                return String(piece[blank.upperBound...])
            }
        }
        return nil
    }

    /// Quoted-printable decoding: `=` CRLF is a soft break, `=XX` a byte, CRLF a hard line break kept as is.
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count {
                if input[index + 1] == 0x0D, input[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                if let byte = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(byte)
                    index += 3
                    continue
                }
            }
            bytes.append(input[index])
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
