import CommonContracts
import ContractTypes
import Foundation
import NotificationsContracts
import ProcurementContracts

/// The French templates of the procurement notices, one per notice kind. Times are shown in Europe/Paris.
struct ProcurementTemplates: Sendable {
    let time: FrenchTime

    private static let signature = "\n\n--\nPasserelle, plateforme de dématérialisation des marchés publics.\nCe message est envoyé automatiquement."

    private func about(_ tender: TenderLabel?, id: String) -> String {
        tender.map { "la consultation \($0.phrase)" } ?? "la consultation \(id)"
    }

    private func link(_ tender: TenderLabel?) -> String {
        tender.map { "\n\nConsultation en ligne : \($0.pageURL)" } ?? ""
    }

    /// `tender-alert` (optional): a published tender matched a subscription.
    func tenderAlert(_ tender: TenderPublished) -> RenderedNotice {
        let body = """
            Une nouvelle consultation correspond à votre alerte.

            \(tender.title)
            Acheteur : \(tender.buyer.name)
            Référence : \(tender.reference)
            Date limite de remise des offres : \(self.time.dateTime(tender.tenderDeadline)) (heure de Paris)

            Consultation en ligne : \(tender.buyerProfileUrl)
            """
        return RenderedNotice(
            template: "tender-alert", category: .tenderAlerts, mandatory: false,
            subject: "Nouvelle consultation : \(tender.title)", body: body + Self.signature)
    }

    /// One line of a digest for a published tender.
    func digestLine(_ tender: TenderPublished) -> String {
        "- \(tender.title) (\(tender.buyer.name), réf. \(tender.reference)) — remise des offres avant le "
            + "\(self.time.dateTime(tender.tenderDeadline)) : \(tender.buyerProfileUrl)"
    }

    /// `tender-digest` (optional): the day's alerts in one mail.
    func digest(lines: [String], day: Date) -> RenderedNotice {
        let count = lines.count == 1 ? "1 nouvelle consultation" : "\(lines.count) nouvelles consultations"
        let body = "Vos alertes du \(self.time.day(day)) : \(count).\n\n" + lines.joined(separator: "\n")
        return RenderedNotice(
            template: "tender-digest", category: .tenderAlerts, mandatory: false,
            subject: "Vos alertes marchés publics : \(count)", body: body + Self.signature)
    }

    /// `bid-receipt` (mandatory): the acknowledgement of a deposit, with the time of receipt and the SHA-256
    /// of the sealed deposit, never anything of its content.
    func bidReceipt(_ bid: BidReceived, tender: TenderLabel?) -> RenderedNotice {
        let lots = bid.lotNumbers.map(String.init).joined(separator: ", ")
        let late = bid.late
            ? "\n\nCe pli est parvenu après la date limite de remise des offres : il est conservé mais ne sera pas ouvert."
            : ""
        let body = """
            Bonjour \(bid.depositor.contactName),

            Nous accusons réception de votre pli pour \(self.about(tender, id: bid.tenderId)).

            Date et heure de réception : \(self.time.preciseDateTime(bid.receivedAt)) (heure de Paris)
            Identifiant du dépôt : \(bid.bidId)
            Lot(s) : \(lots)
            Empreinte SHA-256 du pli scellé : \(bid.contentSha256)
            """
        return RenderedNotice(
            template: "bid-receipt", category: .procurementNotices, mandatory: true,
            subject: "Accusé de réception de votre pli", body: body + late + Self.signature)
    }

    /// `tender-amended` (mandatory): the consultation documents changed.
    func amended(_ event: TenderAmended, tender: TenderLabel?) -> RenderedNotice {
        let labels = ["added": "ajouté", "replaced": "remplacé", "removed": "supprimé"]
        let files = event.changedFiles.map { "- \($0.fileName) (\(labels[$0.change.rawValue] ?? $0.change.rawValue))" }.joined(separator: "\n")
        let deadline = event.deadlineExtended ? " (reportée)" : ""
        let body = """
            Le dossier de consultation de \(self.about(tender, id: event.tenderId)) a été modifié le \
            \(self.time.dateTime(event.amendedAt)) (version \(event.dceVersion)).

            \(event.summary)

            Fichiers modifiés :
            \(files)

            Date limite de remise des offres\(deadline) : \(self.time.dateTime(event.tenderDeadline)) (heure de Paris)
            """
        return RenderedNotice(
            template: "tender-amended", category: .procurementNotices, mandatory: true,
            subject: "Modification du dossier de consultation", body: body + self.link(tender) + Self.signature)
    }

    /// `question-answered` (mandatory): an answer was published; the asker is never named.
    func answered(_ event: QuestionAnswered, tender: TenderLabel?) -> RenderedNotice {
        let lot = event.lotNumber.map { " (lot \($0))" } ?? ""
        let body = """
            Une réponse a été publiée le \(self.time.dateTime(event.answeredAt)) pour \
            \(self.about(tender, id: event.tenderId))\(lot).

            Question :
            \(event.question)

            Réponse :
            \(event.answer)
            """
        return RenderedNotice(
            template: "question-answered", category: .procurementNotices, mandatory: true,
            subject: "Réponse à une question sur la consultation", body: body + self.link(tender) + Self.signature)
    }

    /// `tender-deadline-changed` (mandatory).
    func deadlineChanged(_ event: TenderDeadlineChanged, tender: TenderLabel?) -> RenderedNotice {
        let body = """
            La date limite de remise des offres de \(self.about(tender, id: event.tenderId)) a été reportée.

            Ancienne date limite : \(self.time.dateTime(event.previousDeadline)) (heure de Paris)
            Nouvelle date limite : \(self.time.dateTime(event.newDeadline)) (heure de Paris)
            """
        return RenderedNotice(
            template: "tender-deadline-changed", category: .procurementNotices, mandatory: true,
            subject: "Report de la date limite de remise des offres", body: body + self.link(tender) + Self.signature)
    }

    /// `tender-cancelled` (mandatory): déclaration sans suite.
    func cancelled(_ event: TenderCancelled, tender: TenderLabel?) -> RenderedNotice {
        let body = """
            L'acheteur a déclaré sans suite \(self.about(tender, id: event.tenderId)) le \
            \(self.time.dateTime(event.cancelledAt)).

            Motif : \(event.reasonText)
            """
        return RenderedNotice(
            template: "tender-cancelled", category: .procurementNotices, mandatory: true,
            subject: "Consultation déclarée sans suite", body: body + Self.signature)
    }

    /// `award-rejection-letter` (mandatory, R2181-1 and R2181-3): the letter is a stored file.
    func rejection(
        _ letter: AwardRejectionsIssued.Letter, event: AwardRejectionsIssued, tender: TenderLabel?
    ) -> RenderedNotice {
        let body = """
            Madame, Monsieur,

            Nous avons le regret de vous informer que l'offre de \(letter.bidder.name) pour le lot \(event.lotNumber) \
            de \(self.about(tender, id: event.tenderId)) n'a pas été retenue.

            Attributaire : \(event.awardeeName)
            Délai de suspension avant la signature du marché : \(event.standstillDays) jours à compter de l'envoi de ce message.

            La lettre de rejet, qui expose les motifs, est disponible ici : \(letter.letter.uri)
            Fichier : \(letter.letter.fileName) (SHA-256 \(letter.letter.sha256))
            """
        return RenderedNotice(
            template: "award-rejection-letter", category: .procurementNotices, mandatory: true,
            subject: "Rejet de votre offre — lot \(event.lotNumber)", body: body + Self.signature)
    }

    /// `award-decided` (mandatory): the awardee learns the decision.
    func awarded(_ event: AwardDecided, tender: TenderLabel?) -> RenderedNotice {
        let standstill = event.standstillRequired
            ? "\n\nLe marché ne pourra être signé qu'à l'issue du délai de suspension."
            : ""
        let body = """
            Madame, Monsieur,

            Nous avons le plaisir de vous informer que l'offre de \(event.awardee.name) a été retenue le \
            \(self.time.dateTime(event.decidedAt)) pour le lot \(event.lotNumber) de \
            \(self.about(tender, id: event.tenderId)).
            """
        return RenderedNotice(
            template: "award-decided", category: .procurementNotices, mandatory: true,
            subject: "Attribution du lot \(event.lotNumber)", body: body + standstill + Self.signature)
    }

    /// `contract-notified` (mandatory, domain §2.3, §2.10): the holder learns that its contract is notified and
    /// from when it is enforceable (after the prefecture's acknowledgement when the contract went to ACTES).
    func contractNotified(_ event: ContractNotified, tender: TenderLabel?) -> RenderedNotice {
        let lots = event.lotNumbers.map(String.init).joined(separator: ", ")
        let lotLabel = event.lotNumbers.count == 1 ? "lot" : "lots"
        let actes = event.actes.map {
            """


            Le marché a été transmis au représentant de l'État au titre du contrôle de légalité ; la préfecture en a \
            accusé réception le \(self.time.day($0.receptionDate)) (acte \($0.idActe)).
            """
        } ?? ""
        let body = """
            Madame, Monsieur,

            Nous vous informons que votre marché est notifié.

            Marché : \(event.reference), \(lotLabel) \(lots) de \(self.about(tender, id: event.tenderId))
            Acheteur : \(event.buyer.name)
            Titulaire : \(event.holder.name) (SIRET \(event.holder.siret))
            Date de notification : \(self.time.dateTime(event.notifiedAt)) (heure de Paris)
            Le marché est exécutoire à compter du \(self.time.day(event.enforceableOn)).
            """
        return RenderedNotice(
            template: "contract-notified", category: .procurementNotices, mandatory: true,
            subject: "Votre marché est notifié — réf. \(event.reference)", body: body + actes + Self.signature)
    }

    /// A notice requested by another service: subject and body from the variables `subject` and `body`, else
    /// the template name and every variable.
    func requested(_ request: NoticeRequest) -> RenderedNotice {
        let variables = request.variables ?? [:]
        let subject = variables["subject"]?.templateText ?? "Notification Passerelle (\(request.template))"
        let body = variables["body"]?.templateText
            ?? variables.keys.sorted().filter { $0 != "subject" }.map { "\($0) : \(variables[$0]!.templateText)" }.joined(separator: "\n")
        return RenderedNotice(
            template: request.template, category: request.category, mandatory: request.mandatory,
            subject: subject, body: body + Self.signature)
    }
}

extension ContractScalar {
    /// The value as a notice shows it: `oui`/`non` for booleans.
    fileprivate var templateText: String {
        if case .bool(let value) = self { return value ? "oui" : "non" }
        return self.text
    }
}
