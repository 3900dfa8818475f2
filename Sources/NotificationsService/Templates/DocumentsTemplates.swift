import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts

/// Why a `documents-*` notice request cannot be written out (see ``FamilyTemplateError``).
typealias DocumentsTemplateError = FamilyTemplateError<DocumentsTemplates>

/// The French templates of the document-exchange notices (ACTES to the prefecture, PES to the treasury;
/// domain §3, §4, §6.3), asked for by the documents service through `notifications.notice.request.v1`.
/// The facts come from the request's `variables`; `authorityName` and `link` are optional everywhere, the
/// request's `attachments` are listed by name. Dates are `YYYY-MM-DD` (an ISO 8601 date-time
/// is read too) and shown in the service's time zone.
struct DocumentsTemplates: TemplateFamily, Sendable {
    let time: FrenchTime

    /// Template names of this family start with this prefix.
    static let prefix = "documents-"

    static var templateNames: [String] { Template.allCases.map(\.rawValue) }

    enum Template: String, CaseIterable, Sendable {
        case actSubmitted = "documents-act-submitted"
        case actAcknowledged = "documents-act-acknowledged"
        case actRejected = "documents-act-rejected"
        case actCancelled = "documents-act-cancelled"
        case prefectureLetter = "documents-prefecture-letter"
        case actConflict = "documents-act-conflict"
        case pesAcknowledged = "documents-pes-acknowledged"
        case pesInformationAvailable = "documents-pes-information-available"
        case pesRefused = "documents-pes-refused"
        case returnUnattributed = "documents-return-unattributed"

        /// Mandatory whatever the request says (domain §6.3); the others follow the request's `mandatory`.
        var mandatory: Bool {
            switch self {
            case .actAcknowledged, .actRejected, .prefectureLetter, .pesRefused: return true
            default: return false
            }
        }
    }

    /// A subject and a body, before the attachments, the link and the signature.
    private typealias Text = (subject: String, body: String)

    private static let signature = """


        --
        Passerelle, plateforme de télétransmission des actes et des flux comptables.
        Ce message est envoyé automatiquement.
        """

    /// The notice of a `documents-*` request.
    ///
    /// - Throws: ``DocumentsTemplateError`` naming the template, and the parameter that is missing or invalid.
    func render(_ request: NoticeRequest) throws(DocumentsTemplateError) -> RenderedNotice {
        guard let template = Template(rawValue: request.template) else {
            throw DocumentsTemplateError(template: request.template, problem: .unknownTemplate)
        }
        let parameters = Parameters(template: request.template, values: request.variables ?? [:], time: self.time)
        let text: Text
        switch template {
        case .actSubmitted: text = try self.actSubmitted(parameters)
        case .actAcknowledged: text = try self.actAcknowledged(parameters)
        case .actRejected: text = try self.actRejected(parameters)
        case .actCancelled: text = try self.actCancelled(parameters)
        case .prefectureLetter: text = try self.prefectureLetter(parameters)
        case .actConflict: text = try self.actConflict(parameters)
        case .pesAcknowledged: text = try self.pesAcknowledged(parameters)
        case .pesInformationAvailable: text = try self.pesInformation(parameters)
        case .pesRefused: text = try self.pesRefused(parameters)
        case .returnUnattributed: text = try self.returnUnattributed(parameters)
        }
        let attachments = TemplateText.attachments(of: request)
        let link = try parameters.link().map { "\n\nSuivi en ligne : \($0)" } ?? ""
        return RenderedNotice(
            template: template.rawValue, category: request.category, mandatory: template.mandatory || request.mandatory,
            subject: text.subject, body: text.body + attachments + link + Self.signature)
    }

    // MARK: - ACTES

    /// `documents-act-submitted`: `idActe`, `objet`.
    private func actSubmitted(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (idActe, objet) = (try p.line("idActe"), try p.line("objet"))
        let facts = TemplateText.facts([
            ("Identifiant de l'acte (IDActe)", idActe), ("Collectivité", p.optionalLine("authorityName")),
        ])
        let body = """
            L'acte « \(objet) » a été accepté par Passerelle pour être transmis au représentant de l'État \
            au titre du contrôle de légalité.

            \(facts)

            Un nouveau message vous sera adressé à réception de l'accusé de réception de la préfecture, \
            ou si elle signale une anomalie.
            """
        return ("Acte pris en charge pour transmission en préfecture : \(idActe)", body)
    }

    /// `documents-act-acknowledged` (mandatory): `idActe`, `objet`, `receptionDate`; `legalityDeadline` if the
    /// documents service computed it, else reception + 2 months (domain §3.7).
    private func actAcknowledged(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (idActe, objet) = (try p.line("idActe"), try p.line("objet"))
        let received = try p.date("receptionDate")
        let deadline = try p.optionalDate("legalityDeadline") ?? p.calendar.date(byAdding: .month, value: 2, to: received)!
        let facts = TemplateText.facts([
            ("Identifiant de l'acte (IDActe)", idActe), ("Collectivité", p.optionalLine("authorityName")),
            ("Date de réception en préfecture", self.time.day(received)),
            ("Fin du délai de contrôle de légalité", self.time.day(deadline)),
        ])
        let body = """
            La préfecture a accusé réception de l'acte « \(objet) ».

            \(facts)

            L'acte est transmis au représentant de l'État depuis le \(self.time.day(received)). Un acte soumis à \
            transmission est exécutoire dès qu'il a été publié ou notifié et transmis : s'il a déjà été publié ou \
            notifié, il est exécutoire depuis cette date ; sinon, il le sera à sa publication ou à sa notification.

            Le représentant de l'État dispose de deux mois à compter de la réception, soit jusqu'au \
            \(self.time.day(deadline)), pour déférer l'acte au tribunal administratif.
            """
        return ("Accusé de réception de la préfecture : acte \(idActe)", body)
    }

    /// `documents-act-rejected` (mandatory): `idActe`, `objet`, `detail`.
    private func actRejected(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (idActe, objet, detail) = (try p.line("idActe"), try p.line("objet"), try p.text("detail"))
        let facts = TemplateText.facts([
            ("Identifiant de l'acte (IDActe)", idActe), ("Collectivité", p.optionalLine("authorityName")),
        ])
        let body = """
            La préfecture a signalé une anomalie sur la transmission de l'acte « \(objet) ». L'acte n'est pas \
            considéré comme transmis : il n'est pas exécutoire à ce titre.

            \(facts)

            Motif indiqué par la préfecture :
            \(detail)

            Corrigez l'acte puis transmettez-le à nouveau.
            """
        return ("Anomalie sur la transmission de l'acte \(idActe)", body)
    }

    /// `documents-act-cancelled`: `idActe`, `receptionDate` (of the cancellation); `objet` if known.
    private func actCancelled(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let idActe = try p.line("idActe")
        let received = try p.date("receptionDate")
        let act = p.optionalLine("objet").map { "l'acte « \($0) »" } ?? "l'acte \(idActe)"
        let facts = TemplateText.facts([
            ("Identifiant de l'acte (IDActe)", idActe), ("Collectivité", p.optionalLine("authorityName")),
            ("Date de réception de l'annulation", self.time.day(received)),
        ])
        let body = """
            La préfecture a accusé réception de l'annulation de la transmission de \(act). Cette annulation est \
            définitive.

            \(facts)
            """
        return ("Annulation de la transmission de l'acte \(idActe)", body)
    }

    /// `documents-prefecture-letter` (mandatory): `letterType` (2–5), `idActe`, `answerExpected`; `objet` and
    /// `receptionDate` if known.
    private func prefectureLetter(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let kinds = [
            "2": ("Courrier simple", "Vous pouvez y répondre par un courrier simple."),
            "3": (
                "Demande de pièces complémentaires",
                "Répondez en transmettant les pièces demandées, ou en refusant de les transmettre."
            ),
            "4": ("Lettre d'observations", "Répondez aux observations, ou rejetez-les."),
            "5": ("Déféré au tribunal administratif", "Le préfet a saisi le tribunal administratif de cet acte."),
        ]
        let type = try p.line("letterType")
        guard let entry = kinds[type] else { throw p.invalid("letterType", rule: "2, 3, 4 or 5") }
        let (kind, hint) = entry
        let idActe = try p.line("idActe")
        let answer = try p.flag("answerExpected")
            ? "Une réponse de la collectivité est attendue. \(hint)"
            : "Ce courrier n'appelle pas de réponse par Passerelle." + (type == "5" ? " \(hint)" : "")
        let act = p.optionalLine("objet").map { "l'acte « \($0) »" } ?? "l'acte \(idActe)"
        let facts = TemplateText.facts([
            ("Nature du courrier", kind), ("Identifiant de l'acte (IDActe)", idActe),
            ("Collectivité", p.optionalLine("authorityName")),
            ("Date de réception", try p.optionalDate("receptionDate").map(self.time.day)),
        ])
        let body = """
            La préfecture a adressé un courrier (\(kind.lowercased())) concernant \(act).

            \(facts)

            \(answer)
            """
        return ("\(kind) de la préfecture : acte \(idActe)", body)
    }

    /// `documents-act-conflict` (operator alert): `idActe`; `objet`, `detail` if known.
    private func actConflict(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let idActe = try p.line("idActe")
        let facts = TemplateText.facts([
            ("Identifiant de l'acte (IDActe)", idActe), ("Objet", p.optionalLine("objet")),
            ("Collectivité", p.optionalLine("authorityName")), ("Détail", p.optionalText("detail")),
        ])
        let body = """
            Alerte d'exploitation : deux réponses contradictoires de la préfecture (un accusé de réception et une \
            anomalie) ont été reçues pour le même acte. L'erreur est journalisée ; l'état de l'acte doit être \
            vérifié manuellement.

            \(facts)
            """
        return ("[Exploitation] Réponses contradictoires de la préfecture : acte \(idActe)", body)
    }

    // MARK: - HELIOS

    /// The facts of a PES file: `nomFic`, `codCol` (required), `idColl`, `authorityName`, `receptionDate`.
    private func pesFacts(_ p: Parameters) throws(DocumentsTemplateError) -> (nomFic: String, facts: String) {
        let (nomFic, codCol) = (try p.line("nomFic"), try p.line("codCol"))
        let facts = TemplateText.facts([
            ("Fichier (NomFic)", nomFic), ("Code collectivité (CodCol)", codCol),
            ("SIRET du budget (IdColl)", p.optionalLine("idColl")), ("Collectivité", p.optionalLine("authorityName")),
            ("Date de réception", try p.optionalDate("receptionDate").map(self.time.day)),
        ])
        return (nomFic, facts)
    }

    /// `documents-pes-acknowledged`: see ``pesFacts(_:)``.
    private func pesAcknowledged(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (nomFic, facts) = try self.pesFacts(p)
        let body = """
            Le fichier PES \(nomFic) a été accepté par le comptable public (PES_Acquit).

            \(facts)
            """
        return ("Flux PES accepté par le comptable public : \(nomFic)", body)
    }

    /// `documents-pes-information-available`: ``pesFacts(_:)`` and `informations` (one per line).
    private func pesInformation(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (nomFic, facts) = try self.pesFacts(p)
        let lines = try p.lines("informations").map { "- \($0)" }.joined(separator: "\n")
        let body = """
            Le fichier PES \(nomFic) a été accepté par le comptable public, avec des informations à consulter.

            \(facts)

            Informations :
            \(lines)
            """
        return ("Flux PES accepté avec informations : \(nomFic)", body)
    }

    /// `documents-pes-refused` (mandatory): ``pesFacts(_:)`` and `errors` (one per line, `code: message`).
    private func pesRefused(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (nomFic, facts) = try self.pesFacts(p)
        let errors = try p.lines("errors").map(Self.error).joined(separator: "\n")
        let body = """
            Le fichier PES \(nomFic) a été refusé par le comptable public (PES_NonAcquit) : il n'a pas été pris \
            en charge.

            \(facts)

            Erreurs signalées :
            \(errors)

            Corrigez ces erreurs puis transmettez un nouveau fichier.
            """
        return ("Flux PES refusé par le comptable public : \(nomFic)", body)
    }

    /// « - code : message » from `code: message`; a line without a code prefix is shown as it is.
    private static func error(_ line: String) -> String {
        guard let colon = line.range(of: ": ") else { return "- \(line)" }
        let code = line[..<colon.lowerBound].trimmingCharacters(in: .whitespaces)
        let message = line[colon.upperBound...].trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty, !code.contains(" "), !message.isEmpty else { return "- \(line)" }
        return "- \(code) : \(message)"
    }

    /// `documents-return-unattributed` (operator alert): `idColl` or `nomFic` (at least one); `codCol`, `detail`.
    private func returnUnattributed(_ p: Parameters) throws(DocumentsTemplateError) -> Text {
        let (idColl, nomFic) = (p.optionalLine("idColl"), p.optionalLine("nomFic"))
        guard let name = nomFic ?? idColl else { throw p.missing("idColl or nomFic") }
        let facts = TemplateText.facts([
            ("SIRET du budget (IdColl)", idColl), ("Fichier (NomFic)", nomFic),
            ("Code collectivité (CodCol)", p.optionalLine("codCol")), ("Motif", p.optionalText("detail")),
        ])
        let body = """
            Alerte d'exploitation : un retour du comptable public (PES_Retour ou acquittement) n'a pu être rattaché \
            à aucune collectivité ni transmission. Il n'est pas attribué ; rattachez-le manuellement après \
            vérification.

            \(facts)
            """
        return ("[Exploitation] Retour PES non attribué : \(name)", body)
    }
}

/// The variables of a `documents-*` request.
private typealias Parameters = TemplateParameters<DocumentsTemplateError>
