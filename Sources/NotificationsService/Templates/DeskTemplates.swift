import Foundation
import NotificationsContracts

/// Why a `desk-*` notice request cannot be written out (see ``FamilyTemplateError``).
typealias DeskTemplateError = FamilyTemplateError<DeskTemplates>

/// The French templates of the "J'entreprends" support desk (domain §5: intake, routing, follow-up, aid
/// decisions), asked for by the desk service through `notifications.notice.request.v1`. The facts come from
/// the request's `variables`; every `link` is an http(s) URL shown as it is; the request's `attachments` are
/// listed by name. Dates are `YYYY-MM-DD` (an ISO 8601 date-time is read too) and shown in the service's
/// time zone.
struct DeskTemplates: TemplateFamily, Sendable {
    let time: FrenchTime

    /// Template names of this family start with this prefix.
    static let prefix = "desk-"

    static var templateNames: [String] { Template.allCases.map(\.rawValue) }

    enum Template: String, CaseIterable, Sendable {
        case confirmEmail = "desk-confirm-email"
        case applicationReceived = "desk-application-received"
        case applicationCancelled = "desk-application-cancelled"
        case expertAlert = "desk-expert-alert"
        case defaultDeskAlert = "desk-default-desk-alert"
        case matchReminder = "desk-match-reminder"
        case matchEscalation = "desk-match-escalation"
        case survey = "desk-survey"
        case correctionRequested = "desk-correction-requested"
        case decision = "desk-decision"
        case decisionEnforceable = "desk-decision-enforceable"
        case deliberationRejected = "desk-deliberation-rejected"

        /// Mandatory whatever the request says; the others follow the request's `mandatory`.
        var mandatory: Bool {
            switch self {
            case .confirmEmail, .correctionRequested, .decision, .decisionEnforceable, .deliberationRejected:
                return true
            default:
                return false
            }
        }
    }

    /// A subject and a body, before the attachments and the signature.
    private typealias Text = (subject: String, body: String)

    private static let signature = """


        --
        Passerelle, guichet « J'entreprends » d'accompagnement des entreprises.
        Ce message est envoyé automatiquement.
        """

    /// The notice of a `desk-*` request.
    ///
    /// - Throws: ``DeskTemplateError`` naming the template, and the parameter that is missing or invalid.
    func render(_ request: NoticeRequest) throws(DeskTemplateError) -> RenderedNotice {
        guard let template = Template(rawValue: request.template) else {
            throw DeskTemplateError(template: request.template, problem: .unknownTemplate)
        }
        let parameters = Parameters(template: request.template, values: request.variables ?? [:], time: self.time)
        let text: Text
        switch template {
        case .confirmEmail: text = try self.confirmEmail(parameters)
        case .applicationReceived: text = try self.applicationReceived(parameters)
        case .applicationCancelled: text = try self.applicationCancelled(parameters)
        case .expertAlert: text = try self.expertAlert(parameters)
        case .defaultDeskAlert: text = try self.defaultDeskAlert(parameters)
        case .matchReminder: text = try self.matchReminder(parameters)
        case .matchEscalation: text = try self.matchEscalation(parameters)
        case .survey: text = try self.survey(parameters)
        case .correctionRequested: text = try self.correctionRequested(parameters)
        case .decision: text = try self.decision(parameters)
        case .decisionEnforceable: text = try self.decisionEnforceable(parameters)
        case .deliberationRejected: text = try self.deliberationRejected(parameters)
        }
        return RenderedNotice(
            template: template.rawValue, category: request.category, mandatory: template.mandatory || request.mandatory,
            subject: text.subject, body: text.body + TemplateText.attachments(of: request) + Self.signature)
    }

    // MARK: - Intake

    /// `desk-confirm-email` (mandatory): `applicantName`, `subjectLabel`, `link`, `expiresAt`.
    private func confirmEmail(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, subject, link) = (try p.line("applicantName"), try p.line("subjectLabel"), try p.requiredLink())
        let expires = try self.moment(p, "expiresAt")
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Vous avez déposé une demande d'accompagnement « \(subject) » sur le guichet J'entreprends. Avant de "
                + "la transmettre à un conseiller, nous devons vérifier votre adresse e-mail.",
            "Pour confirmer votre adresse, ouvrez le lien ci-dessous ; il est valable jusqu'au \(expires).\n\(link)",
            "Sans confirmation à cette date, la demande sera annulée. Si vous n'êtes pas à l'origine de cette "
                + "demande, ignorez ce message.",
        ])
        return ("Confirmez votre adresse e-mail pour votre demande d'accompagnement", body)
    }

    /// `desk-application-received`: `applicantName`, `subjectLabel`, `applicationId`.
    private func applicationReceived(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, subject, id) = (try p.line("applicantName"), try p.line("subjectLabel"), try p.line("applicationId"))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre demande d'accompagnement « \(subject) » a bien été reçue. Elle est en cours d'orientation vers "
                + "le ou les conseillers les mieux placés pour y répondre, qui vous contacteront directement.",
            TemplateText.facts([("Référence de la demande", id)]),
        ])
        return ("Votre demande d'accompagnement a bien été reçue", body)
    }

    /// `desk-application-cancelled`: `applicantName`, `reason`; `comment`, `suggestedSubjectLabel`, `link`. A
    /// closed establishment is offered the business-transfer subject.
    private func applicationCancelled(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let name = try p.line("applicantName")
        let reason = try p.choice("reason", among: [
            "spam": "Elle a été considérée comme un envoi indésirable.",
            "duplicate": "Elle fait doublon avec une autre demande que vous avez déposée, qui reste suivie.",
            "outOfScope": "Elle ne relève pas du champ d'intervention du guichet J'entreprends.",
            "establishmentClosed": "L'établissement indiqué est fermé d'après le répertoire Sirene de l'Insee.",
            "establishmentUnknown":
                "Le numéro SIRET indiqué ne correspond à aucun établissement du répertoire Sirene de l'Insee.",
            "emailNotConfirmed": "Votre adresse e-mail n'a pas été confirmée à temps.",
        ])
        let (suggested, link) = (p.optionalLine("suggestedSubjectLabel"), try p.link())
        let again = link.map { " : \($0)" } ?? "."
        let proposal: String?
        if p.optionalLine("reason") == "establishmentClosed" {
            proposal = "Si votre projet est de reprendre une entreprise, vous pouvez déposer une nouvelle demande "
                + "sur le sujet « \(suggested ?? "Reprendre une entreprise") »\(again)"
        } else if let suggested {
            proposal = "Vous pouvez déposer une nouvelle demande sur le sujet « \(suggested) »\(again)"
        } else {
            proposal = link.map { "Vous pouvez déposer une nouvelle demande : \($0)" }
        }
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre demande d'accompagnement a été close sans être transmise à un conseiller. \(reason)",
            p.optionalText("comment").map { "Précision :\n\($0)" }, proposal,
        ])
        return ("Votre demande d'accompagnement a été close", body)
    }

    // MARK: - Routing and follow-up

    /// `desk-expert-alert`: `expertName`, `subjectLabel`, `communeInsee`, `description`, `link`,
    /// `applicationId`; `companyName`, `siret`.
    private func expertAlert(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, subject) = (try p.line("expertName"), try p.line("subjectLabel"))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Une nouvelle demande d'accompagnement vous est adressée par le guichet J'entreprends.",
            try self.needFacts(p, subject: subject),
            "Description du besoin :\n\(try p.text("description"))",
            "Indiquez si vous la prenez en charge, ou si elle ne vous concerne pas :\n\(try p.requiredLink())",
        ])
        return ("Nouvelle demande d'accompagnement : \(subject)", body)
    }

    /// `desk-default-desk-alert`: `subjectLabel`, `communeInsee`, `description`, `explanation` (shown as it
    /// is), `link`, `applicationId`; `managerName`, `companyName`.
    private func defaultDeskAlert(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let subject = try p.line("subjectLabel")
        let body = TemplateText.paragraphs([
            Self.greeting(p.optionalLine("managerName")),
            "Aucun conseiller n'a pu être retenu automatiquement pour une demande d'accompagnement : elle a été "
                + "confiée au guichet par défaut. Orientez-la manuellement vers un conseiller.",
            try self.needFacts(p, subject: subject),
            "Description du besoin :\n\(try p.text("description"))",
            "Conseillers écartés :\n\(try p.text("explanation"))",
            "Pour orienter la demande :\n\(try p.requiredLink())",
        ])
        return ("Demande d'accompagnement à orienter manuellement : \(subject)", body)
    }

    /// The facts of a need: subject, company, SIRET, commune and request id.
    private func needFacts(_ p: Parameters, subject: String) throws(DeskTemplateError) -> String {
        TemplateText.facts([
            ("Sujet", subject), ("Entreprise", p.optionalLine("companyName")), ("SIRET", p.optionalLine("siret")),
            ("Commune (code INSEE)", try p.line("communeInsee")),
            ("Référence de la demande", try p.line("applicationId")),
        ])
    }

    /// `desk-match-reminder`: `expertName`, `subjectLabel`, `days`, `link`.
    private func matchReminder(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, subject, days) = (try p.line("expertName"), try p.line("subjectLabel"), try self.days(p))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "La demande d'accompagnement « \(subject) » qui vous a été adressée attend votre réponse depuis \(days).",
            "Indiquez si vous la prenez en charge, ou si elle ne vous concerne pas :\n\(try p.requiredLink())",
            "Sans réponse de votre part, le responsable de votre antenne en sera informé.",
        ])
        return ("Relance : demande d'accompagnement sans réponse depuis \(days)", body)
    }

    /// `desk-match-escalation`: `expertName`, `subjectLabel`, `days`, `link`; `managerName`.
    private func matchEscalation(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (expert, subject, days) = (try p.line("expertName"), try p.line("subjectLabel"), try self.days(p))
        let body = TemplateText.paragraphs([
            Self.greeting(p.optionalLine("managerName")),
            "La demande d'accompagnement « \(subject) » adressée à \(expert) est sans réponse depuis \(days), "
                + "malgré une relance. Vérifiez sa prise en charge, ou orientez-la vers un autre conseiller :\n"
                + (try p.requiredLink()),
        ])
        return ("Demande d'accompagnement sans réponse depuis \(days) : \(expert)", body)
    }

    /// `desk-survey`: `applicantName`, `subjectLabel`, `link`.
    private func survey(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, subject, link) = (try p.line("applicantName"), try p.line("subjectLabel"), try p.requiredLink())
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "Votre demande d'accompagnement « \(subject) » est close. Aidez-nous à améliorer le guichet "
                + "J'entreprends en répondant à trois questions :",
            "- Votre entreprise a-t-elle été contactée par un conseiller ?\n"
                + "- L'échange vous a-t-il été utile ?\n- Souhaitez-vous ajouter un commentaire ?",
            "Pour répondre :\n\(link)",
        ])
        return ("Votre avis sur l'accompagnement de votre demande", body)
    }

    // MARK: - Aid applications

    /// `desk-correction-requested` (mandatory): `applicantName`, `items` (one per line); `respondBy`, `link`.
    private func correctionRequested(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let name = try p.line("applicantName")
        let items = try p.lines("items").map { "- \($0)" }.joined(separator: "\n")
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "L'instruction de votre dossier de demande d'aide nécessite des corrections ou des compléments. Le "
                + "dossier vous est rouvert : vous pouvez à nouveau le modifier.",
            "Éléments à corriger ou à compléter :\n\(items)",
            try p.optionalDate("respondBy").map { "Merci de transmettre votre dossier avant le \(self.time.day($0))." },
            try p.link().map { "Pour compléter votre dossier :\n\($0)" },
            "L'instruction reprendra dès réception de votre dossier complété.",
        ])
        return ("Votre dossier de demande d'aide est à compléter", body)
    }

    /// `desk-decision` (mandatory): `applicantName`, `outcome` (`accepte`, `refuse`, `sansSuite`); `aidForm`,
    /// `amountEuros`, `decisionBody`, `votedAt`, `motivation`.
    private func decision(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let name = try p.line("applicantName")
        let outcome: (subject: String, sentence: String) = try p.choice("outcome", among: [
            "accepte": ("aide accordée", "Nous avons le plaisir de vous informer que l'aide demandée est accordée."),
            "refuse": ("demande refusée", "Nous regrettons de vous informer que votre demande d'aide a été refusée."),
            "sansSuite": ("demande classée sans suite", "Votre demande d'aide a été classée sans suite."),
        ])
        let form = try p.optionalChoice("aidForm", among: [
            "subsidy": "subvention", "zeroRateRepayableAdvance": "avance remboursable à taux zéro",
            "guarantee": "garantie", "loan": "prêt",
        ])
        let facts = TemplateText.facts([
            ("Forme de l'aide", form), ("Montant", try self.euros(p, "amountEuros")),
            ("Instance de décision", p.optionalLine("decisionBody")),
            ("Date de la décision", try p.optionalDate("votedAt").map(self.time.day)),
        ])
        let legality = p.optionalLine("outcome") == "accepte"
            ? "Une aide attribuée par délibération devient exécutoire après sa transmission au contrôle de légalité "
                + "de la préfecture : un nouveau message vous en informera."
            : nil
        let body = TemplateText.paragraphs([
            "Bonjour \(name),", outcome.sentence, facts, p.optionalText("motivation").map { "Motivation :\n\($0)" },
            legality,
        ])
        return ("Décision sur votre demande d'aide : \(outcome.subject)", body)
    }

    /// `desk-decision-enforceable` (mandatory): `applicantName`, `idActe`, `enforceableAt`.
    private func decisionEnforceable(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (name, idActe) = (try p.line("applicantName"), try p.line("idActe"))
        let enforceable = self.time.day(try p.date("enforceableAt"))
        let body = TemplateText.paragraphs([
            "Bonjour \(name),",
            "La préfecture a accusé réception de la délibération qui vous attribue l'aide, au titre du contrôle de "
                + "légalité. La décision est exécutoire depuis le \(enforceable).",
            TemplateText.facts([("Identifiant de l'acte (IDActe)", idActe), ("Exécutoire depuis le", enforceable)]),
        ])
        return ("Votre décision d'aide est exécutoire : acte \(idActe)", body)
    }

    /// `desk-deliberation-rejected` (mandatory, to the instructor): `idActe`, `detail`.
    private func deliberationRejected(_ p: Parameters) throws(DeskTemplateError) -> Text {
        let (idActe, detail) = (try p.line("idActe"), try p.text("detail"))
        let body = TemplateText.paragraphs([
            "La préfecture a signalé une anomalie sur la transmission de la délibération d'attribution d'aide. "
                + "L'acte n'est pas considéré comme transmis : la décision n'est pas exécutoire.",
            TemplateText.facts([("Identifiant de l'acte (IDActe)", idActe)]),
            "Motif indiqué par la préfecture :\n\(detail)",
            "Corrigez la délibération puis transmettez-la à nouveau.",
        ])
        return ("Anomalie sur la délibération d'aide transmise en préfecture : acte \(idActe)", body)
    }

    // MARK: - Values

    /// « Bonjour Claire, », or « Bonjour, » without a name.
    private static func greeting(_ name: String?) -> String { name.map { "Bonjour \($0)," } ?? "Bonjour," }

    /// « mardi 21 avril 2026 » for a day, « mardi 21 avril 2026 à 10 h 00 » for a date-time.
    private func moment(_ p: Parameters, _ name: String) throws(DeskTemplateError) -> String {
        let date = try p.date(name)
        return p.optionalLine(name)?.count == 10 ? self.time.day(date) : self.time.dateTime(date)
    }

    /// `days`, a whole number of days (at least 1): « 7 jours ».
    private func days(_ p: Parameters) throws(DeskTemplateError) -> String {
        guard let days = Int(try p.line("days")), days > 0 else {
            throw p.invalid("days", rule: "a whole number of days, at least 1")
        }
        return days == 1 ? "1 jour" : "\(days) jours"
    }

    /// « 25 000 € », « 1 250,50 € » from `25000`, `1250.5` (a point or a comma before the cents).
    private func euros(_ p: Parameters, _ name: String) throws(DeskTemplateError) -> String? {
        guard let text = p.optionalLine(name) else { return nil }
        let parts = text.replacingOccurrences(of: ",", with: ".")
            .split(separator: ".", omittingEmptySubsequences: false)
        let isDigits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        guard parts.count <= 2, isDigits(parts[0]), parts.count == 1 || (isDigits(parts[1]) && parts[1].count <= 2)
        else { throw p.invalid(name, rule: "an amount in euros, at most 2 decimals") }
        let whole = parts[0].drop { $0 == "0" }
        var rest = whole.isEmpty ? "0" : whole
        var groups: [Substring] = []
        while rest.count > 3 {
            groups.insert(rest.suffix(3), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(rest, at: 0)
        let cents = parts.count == 2 ? parts[1].padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return groups.joined(separator: " ") + (cents == "00" ? "" : ",\(cents)") + " €"
    }
}

/// The variables of a `desk-*` request.
private typealias Parameters = TemplateParameters<DeskTemplateError>
