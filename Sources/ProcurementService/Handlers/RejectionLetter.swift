import Foundation

/// The text of a rejection letter (R2181-1, R2181-3): the reasons, the awardee and why, the earliest
/// signature date.
enum RejectionLetter {
    static func text(
        tender: TenderRecord, lot: Int, bidder: String, reasons: String, awardee: String, awardReasons: String,
        standstill: Bool, standstillDays: Int
    ) -> String {
        """
        \(tender.buyerName)
        Consultation \(tender.reference) — \(tender.title), lot \(lot)

        À l'attention de \(bidder)

        Nous avons le regret de vous informer que votre offre n'a pas été retenue.
        Motifs du rejet : \(reasons)

        Attributaire : \(awardee)
        Motifs du choix de l'offre retenue : \(awardReasons)
        \(standstill ? "Le marché ne sera pas signé avant un délai de \(standstillDays) jours à compter de l'envoi de la présente lettre (article R2182-1 du code de la commande publique)." : "")
        """
    }
}
