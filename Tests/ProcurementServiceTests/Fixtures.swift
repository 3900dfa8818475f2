import Foundation
import ProcurementContracts

/// Buyers, companies and commands the tests start from.
enum Fixtures {
    struct Company: Sendable {
        var siret: String
        var name: String
        var contact: String
        var email: String
    }

    static let buyer = "21210231300013"
    static let btp = Company(
        siret: "55208131700018", name: "BTP Bourgogne SARL", contact: "Claire Bernard", email: "claire@btp.example")
    static let routes = Company(
        siret: "73282932000074", name: "Routes de Saône SAS", contact: "Marc Lefèvre", email: "marc@routes.example")

    static func id() -> String {
        UUID().uuidString.lowercased()
    }

    static let day: TimeInterval = 86_400

    /// An adapted procedure (80 000 € of services for a commune, two lots) with its deadline 40 days after
    /// `now`; `.open` with a value over the EU threshold makes it a formalised one.
    static func publish(
        now: Date, dce: [TenderPublish.DceFile], procedure: TenderPublish.Procedure = .adapted,
        valueCents: Int = 8_000_000, deadlineDays: Double = 40
    ) -> TenderPublish {
        TenderPublish(
            tenderId: self.id(), reference: "T-\(UUID().uuidString.prefix(6))", title: "Maintenance des espaces verts",
            buyerSiret: self.buyer, buyerKind: .local, nature: .services, procedure: procedure, mainCpv: "77310000",
            estimatedValueHtCents: valueCents,
            lots: [.init(lotNumber: 1, title: "Parcs"), .init(lotNumber: 2, title: "Cimetières")],
            tenderDeadline: now.addingTimeInterval(deadlineDays * self.day), dceFiles: dce,
            requestedBy: .init(userId: "portal:buyer"))
    }

    static func cancel(_ tender: String, reasonText: String = "Besoin abandonné.") -> TenderCancel {
        TenderCancel(
            tenderId: tender, reason: .noLongerNeeded, reasonText: reasonText,
            requestedBy: .init(userId: "portal:buyer"))
    }

    static func ask(_ tender: String, lot: Int? = nil, id: String = Fixtures.id()) -> QuestionAsk {
        QuestionAsk(
            tenderId: tender, questionId: id, lotNumber: lot, text: "Les plans sont-ils à jour ?",
            asker: .init(email: self.btp.email, contactName: self.btp.contact, company: self.btp.name),
            requestedBy: .init(userId: "portal:bidder", siret: Fixtures.btp.siret))
    }

    static func answer(_ tender: String, question: String, newDeadline: Date? = nil) -> QuestionAnswer {
        QuestionAnswer(
            tenderId: tender, questionId: question, answer: "Oui, version de mars.", newTenderDeadline: newDeadline,
            requestedBy: .init(userId: "portal:buyer"))
    }

    static func open(_ tender: String, role: BidsOpen.RequestedBy.Role = .opener) -> BidsOpen {
        BidsOpen(tenderId: tender, openingId: self.id(), requestedBy: .init(userId: "opener", role: role))
    }

    static func award(
        _ tender: String, lot: Int = 1, awardee: String, rejected: [String]
    ) -> AwardDecide {
        AwardDecide(
            tenderId: tender, lotNumber: lot, awardId: self.id(), awardeeBidId: awardee, amountHtCents: 4_000_000,
            awardReasons: "Meilleur rapport qualité-prix.",
            rejectedBids: rejected.map { .init(bidId: $0, reasons: "Prix plus élevé.") },
            requestedBy: .init(userId: "portal:buyer"))
    }
}
