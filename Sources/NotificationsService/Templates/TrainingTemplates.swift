import Foundation
import NotificationsContracts

/// Why a `training-*` notice request cannot be written out (see ``FamilyTemplateError``).
typealias TrainingTemplateError = FamilyTemplateError<TrainingTemplates>

/// The French templates of the staff-training scheduler (domain §7: signups, approvals, waitlist, session
/// changes, reminders, certificates), asked for by the training service through
/// `notifications.notice.request.v1`. Every variable is a string. The agent-facing templates need
/// `agentName`, `sessionTitle`, `courseCode`, `dates` (already written in French by training, one slot per
/// line, e.g. « lundi 29 mars 2027, 9 h – 17 h ») and `location`; the approver's and the organiser's need
/// `sessionTitle` and show `courseCode`, `dates` and `location` when given. `link` is an http(s) URL shown as it
/// is. The request's `calendar` (iCalendar REQUEST or CANCEL) is mailed as a `text/calendar` part; the body
/// then says what it does to the agenda, and a calendar whose method contradicts the template is refused.
struct TrainingTemplates: TemplateFamily, Sendable {
    let time: FrenchTime

    /// Template names of this family start with this prefix.
    static let prefix = "training-"

    static var templateNames: [String] { Template.allCases.map(\.rawValue) }

    enum Template: String, CaseIterable, Sendable {
        case signupBooked = "training-signup-booked"
        case signupWaitlisted = "training-signup-waitlisted"
        case signupPromoted = "training-signup-promoted"
        case approvalRequested = "training-approval-requested"
        case approvalReminder = "training-approval-reminder"
        case signupDeclined = "training-signup-declined"
        case signupCancelled = "training-signup-cancelled"
        case sessionCancelled = "training-session-cancelled"
        case sessionUpdated = "training-session-updated"
        case movedToWaitlist = "training-moved-to-waitlist"
        case reminder = "training-reminder"
        case minimumNotReached = "training-minimum-not-reached"
        case seatFreedLate = "training-seat-freed-late"
        case certificateIssued = "training-certificate-issued"
        case courseSuggestion = "training-course-suggestion"

        /// Mandatory whatever the request says (the agent must learn that the session will not take place); the
        /// others follow the request's `mandatory`.
        var mandatory: Bool { self == .sessionCancelled }

        /// The calendar method the template goes with, when it says something about the agenda: a request whose
        /// calendar has the other method is refused. `nil`: any calendar, or none.
        var calendarMethod: NoticeRequest.CalendarValue.Method? {
            switch self {
            case .signupBooked, .signupPromoted, .sessionUpdated: return .request
            case .signupCancelled, .sessionCancelled, .movedToWaitlist: return .cancel
            default: return nil
            }
        }
    }

    /// A subject and a body, before the attachments and the signature.
    private typealias Text = (subject: String, body: String)

    private static let signature = """


        --
        Passerelle, service de formation des agents des collectivités.
        Ce message est envoyé automatiquement.
        """

    /// The notice of a `training-*` request.
    ///
    /// - Throws: ``TrainingTemplateError`` naming the template, and the parameter that is missing or invalid
    ///   (`calendar.method` for a calendar that contradicts the template).
    func render(_ request: NoticeRequest) throws(TrainingTemplateError) -> RenderedNotice {
        guard let template = Template(rawValue: request.template) else {
            throw TrainingTemplateError(template: request.template, problem: .unknownTemplate)
        }
        let p = Parameters(template: request.template, values: request.variables ?? [:], time: self.time)
        let method = request.calendar?.method
        if let expected = template.calendarMethod, let method, method != expected {
            throw p.invalid("calendar.method", rule: "\(expected.rawValue) for \(template.rawValue)")
        }
        let text: Text
        switch template {
        case .signupBooked: text = try self.signupBooked(p, method)
        case .signupWaitlisted: text = try self.signupWaitlisted(p)
        case .signupPromoted: text = try self.signupPromoted(p, method)
        case .approvalRequested: text = try self.approvalRequested(p)
        case .approvalReminder: text = try self.approvalReminder(p)
        case .signupDeclined: text = try self.signupDeclined(p)
        case .signupCancelled: text = try self.signupCancelled(p, method)
        case .sessionCancelled: text = try self.sessionCancelled(p, method)
        case .sessionUpdated: text = try self.sessionUpdated(p, method)
        case .movedToWaitlist: text = try self.movedToWaitlist(p, method)
        case .reminder: text = try self.reminder(p)
        case .minimumNotReached: text = try self.minimumNotReached(p)
        case .seatFreedLate: text = try self.seatFreedLate(p)
        case .certificateIssued: text = try self.certificateIssued(p)
        case .courseSuggestion: text = try self.courseSuggestion(p)
        }
        return RenderedNotice(
            template: template.rawValue, category: request.category, mandatory: template.mandatory || request.mandatory,
            subject: text.subject, body: text.body + TemplateText.attachments(of: request) + Self.signature)
    }

    // MARK: - Signups

    /// `training-signup-booked` (calendar REQUEST): the session facts; `link`.
    private func signupBooked(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre inscription à la formation « \(title) » est confirmée : une place vous est réservée.",
            facts, Self.agenda(method, adds: "ajoute la session à votre agenda"),
            "En cas d'empêchement, annulez votre inscription au plus tôt pour libérer la place.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Votre inscription est confirmée : \(title)", body)
    }

    /// `training-signup-waitlisted`: the session facts, `position`, `reason` (`sessionFull`, `datesUnknown`);
    /// `link`.
    private func signupWaitlisted(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let position = try self.count("position", p, atLeast: 1)
        let reason = try p.choice("reason", among: [
            "sessionFull": "La session est complète : votre inscription est placée en liste d'attente, en position "
                + "\(position).",
            "datesUnknown": "Les dates de la session ne sont pas encore arrêtées : votre inscription est placée en "
                + "liste d'attente, en position \(position), jusqu'à ce qu'elles le soient.",
        ])
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Nous avons bien reçu votre inscription à la formation « \(title) ». \(reason)",
            facts,
            "Dès qu'une place vous sera attribuée, vous recevrez une confirmation avec l'invitation pour votre agenda.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Inscription en liste d'attente : \(title)", body)
    }

    /// `training-signup-promoted` (calendar REQUEST): the session facts; `link`.
    private func signupPromoted(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Une place s'est libérée pour la formation « \(title) » : votre inscription, jusqu'ici en liste "
                + "d'attente, est confirmée.",
            facts, Self.agenda(method, adds: "ajoute la session à votre agenda"),
            "En cas d'empêchement, annulez votre inscription au plus tôt pour libérer la place.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Une place s'est libérée : votre inscription est confirmée (\(title))", body)
    }

    /// `training-signup-declined`: the session facts, `reason`, `expired` (`true` when the request expired as
    /// registration closed); `link`.
    private func signupDeclined(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let (reason, expired) = (try p.text("reason"), try p.flag("expired"))
        let sentence = expired
            ? "Votre demande d'inscription à la formation « \(title) » n'a pas été validée avant la clôture des "
                + "inscriptions : elle est close."
            : "Votre demande d'inscription à la formation « \(title) » n'a pas été acceptée."
        let body = TemplateText.paragraphs([
            "Bonjour \(name),", sentence, "Motif :\n\(reason)", facts,
            try p.link().map { "Pour consulter les autres sessions de formation :\n\($0)" },
        ])
        let subject = expired ? "Votre demande d'inscription est close" : "Votre demande d'inscription n'a pas été acceptée"
        return ("\(subject) : \(title)", body)
    }

    /// `training-signup-cancelled` (calendar CANCEL): the session facts, `late` (`true` after the cut-off);
    /// `reason`, `link`.
    private func signupCancelled(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let late = try p.flag("late")
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre inscription à la formation « \(title) » est annulée.",
            late
                ? "L'annulation est intervenue après la date limite d'annulation de la session : elle est enregistrée "
                    + "comme une annulation tardive."
                : nil,
            p.optionalText("reason").map { "Motif indiqué :\n\($0)" }, facts,
            Self.agenda(method, adds: "retire la session de votre agenda"),
            try p.link().map { "Pour vous inscrire à une autre session :\n\($0)" },
        ])
        return ("Annulation de votre inscription : \(title)", body)
    }

    // MARK: - Approvals

    /// `training-approval-requested` (to the approver): `agentName`, `sessionTitle`, `step` (`manager`,
    /// `administrator`), `link`; `courseCode`, `dates`, `location`.
    private func approvalRequested(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (agent, title) = (try p.line("agentName"), try p.line("sessionTitle"))
        let body = TemplateText.paragraphs([
            "Bonjour,",
            "\(agent) demande à suivre la formation « \(title) ». \(try self.step(p))",
            try self.sessionFacts(p, required: false),
            "Pour approuver ou refuser la demande :\n\(try p.requiredLink())",
            "Sans réponse à la clôture des inscriptions, la demande sera close automatiquement.",
        ])
        return ("Demande d'inscription à valider : \(agent), \(title)", body)
    }

    /// `training-approval-reminder` (to the approver): the same variables as `training-approval-requested`.
    private func approvalReminder(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (agent, title) = (try p.line("agentName"), try p.line("sessionTitle"))
        let body = TemplateText.paragraphs([
            "Bonjour,",
            "La demande d'inscription de \(agent) à la formation « \(title) » est toujours sans réponse de votre "
                + "part. \(try self.step(p))",
            try self.sessionFacts(p, required: false),
            "Pour approuver ou refuser la demande :\n\(try p.requiredLink())",
            "Sans réponse à la clôture des inscriptions, la demande sera close automatiquement et \(agent) en sera "
                + "informé(e).",
        ])
        return ("Relance : demande d'inscription de \(agent) sans réponse (\(title))", body)
    }

    /// Who is asked, from `step`.
    private func step(_ p: Parameters) throws(TrainingTemplateError) -> String {
        try p.choice("step", among: [
            "manager": "En tant que responsable hiérarchique, votre accord est nécessaire pour que l'inscription "
                + "soit prise en compte.",
            "administrator": "Son ou sa responsable hiérarchique a donné son accord ; votre validation, en tant "
                + "qu'administrateur ou administratrice de la formation, est la dernière étape.",
        ])
    }

    // MARK: - Sessions

    /// `training-session-cancelled` (mandatory; calendar CANCEL for the booked agents): the session facts,
    /// `reason` (`tooFewParticipants`, `trainerUnavailable`, `other`, or a sentence shown as it is);
    /// `reasonText`, `link`.
    private func sessionCancelled(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let because: String? = switch try p.text("reason") {
        case "tooFewParticipants": "Motif : le nombre d'inscrits est insuffisant."
        case "trainerUnavailable": "Motif : le formateur ou la formatrice n'est pas disponible."
        case "other": nil
        case let reason: "Motif :\n\(reason)"
        }
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "La session de la formation « \(title) » est annulée. Votre inscription est close ; aucune attestation "
                + "ne sera délivrée pour cette session.",
            because,
            p.optionalText("reasonText").map { "Précision :\n\($0)" },
            facts, Self.agenda(method, adds: "retire la session de votre agenda"),
            try p.link().map { "Pour vous inscrire à une autre session :\n\($0)" },
        ])
        return ("Session annulée : \(title)", body)
    }

    /// `training-session-updated` (calendar REQUEST, higher SEQUENCE): the session facts after the change,
    /// `changes` (a French list); `link`.
    private func sessionUpdated(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let changes = try p.text("changes")
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "La session de la formation « \(title) » pour laquelle vous avez une place a été modifiée.",
            "Ce qui change : \(changes)",
            "Informations à jour :\n\(facts)",
            Self.agenda(method, adds: "met à jour la session dans votre agenda"),
            "Si vous ne pouvez plus y participer, annulez votre inscription au plus tôt pour libérer la place.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Modification de la session : \(title)", body)
    }

    /// `training-moved-to-waitlist` (calendar CANCEL): the session facts; `position`, `link`.
    private func movedToWaitlist(_ p: Parameters, _ method: CalendarMethod?) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let position = p.optionalLine("position") == nil ? nil : try self.count("position", p, atLeast: 1)
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Le nombre de places de la session de la formation « \(title) » a été réduit. Votre inscription, parmi "
                + "les plus récentes, repasse en liste d'attente" + (position.map { ", en position \($0)." } ?? "."),
            facts, Self.agenda(method, adds: "retire la session de votre agenda"),
            "Si une place se libère, vous recevrez une nouvelle confirmation avec l'invitation pour votre agenda.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Votre inscription repasse en liste d'attente : \(title)", body)
    }

    /// `training-reminder`: the session facts, `daysBefore` (0 or more); `link`.
    private func reminder(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let when = switch try self.count("daysBefore", p, atLeast: 0) {
        case 0: "aujourd'hui"
        case 1: "demain"
        case let days: "dans \(days) jours"
        }
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Pour rappel, la formation « \(title) » commence \(when).",
            facts,
            "En cas d'empêchement, annulez votre inscription au plus tôt pour libérer la place.",
            try p.link().map { "Pour consulter ou annuler votre inscription :\n\($0)" },
        ])
        return ("Rappel : la formation « \(title) » commence \(when)", body)
    }

    // MARK: - Organisers

    /// `training-minimum-not-reached` (to the organiser): `sessionTitle`, `booked`, `minimum`, `link`;
    /// `courseCode`, `dates`, `location`.
    private func minimumNotReached(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let title = try p.line("sessionTitle")
        let (booked, minimum) = (try self.count("booked", p, atLeast: 0), try self.count("minimum", p, atLeast: 1))
        let seats = booked < 2 ? "\(booked) inscription confirmée" : "\(booked) inscriptions confirmées"
        let body = TemplateText.paragraphs([
            "Bonjour,",
            "La session de la formation « \(title) » compte \(seats), pour un minimum de \(minimum).",
            try self.sessionFacts(p, required: false),
            "Décidez de la maintenir ou de l'annuler ; en cas d'annulation, les inscrits seront prévenus et "
                + "l'invitation retirée de leur agenda :\n\(try p.requiredLink())",
        ])
        return ("Nombre minimum d'inscrits non atteint : \(title)", body)
    }

    /// `training-seat-freed-late` (to the organiser): `sessionTitle`, `agentName`, `waitlisted` (a count);
    /// `courseCode`, `dates`, `location`, `link`.
    private func seatFreedLate(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (title, agent) = (try p.line("sessionTitle"), try p.line("agentName"))
        let waitlisted = try self.count("waitlisted", p, atLeast: 0)
        let queue = switch waitlisted {
        case 0: "Personne n'est en liste d'attente."
        case 1: "Une personne est en liste d'attente."
        default: "\(waitlisted) personnes sont en liste d'attente."
        }
        let body = TemplateText.paragraphs([
            "Bonjour,",
            "\(agent) a annulé son inscription à la formation « \(title) » après la date limite d'annulation. Passé "
                + "cette date, la place libérée n'est pas proposée automatiquement à la liste d'attente. \(queue)",
            try self.sessionFacts(p, required: false),
            try p.link().map { "Pour attribuer la place manuellement :\n\($0)" },
        ])
        return ("Place libérée après la date limite : \(title)", body)
    }

    // MARK: - Certificates and suggestions

    /// `training-certificate-issued`: the session facts, `hours` (`3,5`), `link`.
    private func certificateIssued(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (name, title, facts) = (try p.line("agentName"), try p.line("sessionTitle"), try self.sessionFacts(p))
        let hours = try self.hours(p)
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre attestation de présence à la formation « \(title) » est disponible. Elle indique \(hours) de "
                + "présence effective.",
            facts, "Pour télécharger l'attestation :\n\(try p.requiredLink())",
        ])
        return ("Votre attestation de formation est disponible : \(title)", body)
    }

    /// `training-course-suggestion` (to a body's training contact, who opted in): `eservice` (`procurement`,
    /// `documents`), `courses` (a French list, one course per line or a sentence); `link`.
    private func courseSuggestion(_ p: Parameters) throws(TrainingTemplateError) -> Text {
        let (first, topic): (String, String) = try p.choice("eservice", among: [
            "procurement": ("Votre collectivité vient de publier sa première consultation sur Passerelle.",
                            "la commande publique dématérialisée"),
            "documents": ("Votre collectivité vient de transmettre son premier acte au contrôle de légalité par "
                          + "Passerelle.", "la télétransmission des actes"),
        ])
        let courses = try p.lines("courses")
        let list = courses.count == 1 ? courses[0] : courses.map { "- \($0)" }.joined(separator: "\n")
        let body = TemplateText.paragraphs([
            "Bonjour,",
            "\(first) Pour accompagner les agents concernés, le service formation propose :\n\(list)",
            try p.link().map { "Pour consulter les sessions et y inscrire des agents :\n\($0)" },
            "Vous recevez ce message parce que votre collectivité a demandé à être informée des formations liées à "
                + "ses démarches sur Passerelle.",
        ])
        return ("Formation conseillée : \(topic)", body)
    }

    // MARK: - Values

    private typealias CalendarMethod = NoticeRequest.CalendarValue.Method

    /// What the attached invitation does, when there is one: « L'invitation jointe ajoute la session à votre
    /// agenda. »
    private static func agenda(_ method: CalendarMethod?, adds effect: String) -> String? {
        method.map { _ in "L'invitation jointe \(effect)." }
    }

    /// « Formation », « Code du stage », « Dates » and « Lieu » lines. Agent-facing templates need them all;
    /// others show those given.
    private func sessionFacts(_ p: Parameters, required: Bool = true) throws(TrainingTemplateError) -> String {
        let dates: [String]
        if required {
            dates = try p.lines("dates")
        } else {
            dates = (p.optionalText("dates") ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let value = { (name: String) throws(TrainingTemplateError) -> String? in
            required ? try p.line(name) : p.optionalLine(name)
        }
        let lines = [
            TemplateText.facts([
                ("Formation", try value("sessionTitle")), ("Code du stage", try value("courseCode")),
                ("Date", dates.count == 1 ? dates[0] : nil),
            ]),
            dates.count > 1 ? "Dates :\n" + dates.map { "- \($0)" }.joined(separator: "\n") : nil,
            TemplateText.facts([("Lieu", try value("location"))]),
        ]
        return lines.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// A whole number of at least `minimum`, given as a string.
    private func count(_ name: String, _ p: Parameters, atLeast minimum: Int) throws(TrainingTemplateError) -> Int {
        guard let value = Int(try p.line(name)), value >= minimum else {
            throw p.invalid(name, rule: "a whole number, at least \(minimum)")
        }
        return value
    }

    /// `hours` (`3,5`, `7`, `10.5`): « 3,5 heures », « 1 heure » (the French plural starts at 2).
    private func hours(_ p: Parameters) throws(TrainingTemplateError) -> String {
        let text = try p.line("hours").replacingOccurrences(of: ".", with: ",")
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        guard parts.count <= 2, parts.allSatisfy(isDigits), let whole = Int(parts[0]) else {
            throw p.invalid("hours", rule: "a number of hours such as 3,5")
        }
        return text + (whole < 2 ? " heure" : " heures")
    }
}

/// The variables of a `training-*` request.
private typealias Parameters = TemplateParameters<TrainingTemplateError>
