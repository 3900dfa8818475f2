import Foundation
import ProcurementDomain

/// A synthetic two-lot works tender and its history (domain §9 fixtures: SIRETs that pass Luhn).
enum OCDSFixtures {
    static let tenderID = "T-2026-001"
    static let buyer = TenderHistoryEntry.Organization(name: "Région Exemple", siret: "21210231300013")
    static let supplier = TenderHistoryEntry.Organization(name: "Bâtiments Martin SA", siret: "55208131700018")

    /// `2026-03-02T09:00:00Z` plus a number of days.
    static func day(_ offset: Int, hour: Int = 9) -> Date {
        Date(timeIntervalSince1970: 1_772_442_000 + Double(offset) * 86_400 + Double(hour - 9) * 3_600)
    }

    static let publication = TenderHistoryEntry.Publication(
        date: day(0), title: "Rénovation du lycée", description: "Travaux de rénovation en deux lots",
        buyer: buyer, procedure: .openCallForTenders, nature: .works, estimatedValueCents: 12_345_678_901,
        mainCPV: .init(code: "45213000-3", label: "Travaux de construction de bâtiments"),
        lots: [
            .init(id: "1", title: "Gros œuvre", estimatedValueCents: 10_000_000_000),
            .init(id: "2", title: "Électricité", estimatedValueCents: 2_345_678_901, cpv: .init(code: "45310000")),
        ],
        deadline: day(35, hour: 12),
        documents: [
            .init(id: "RC", title: "Règlement de la consultation", url: "https://example.fr/dce/RC.pdf"),
            .init(id: "CCTP", title: "CCTP", url: "https://example.fr/dce/CCTP.pdf"),
        ]
    )

    static let amendment = TenderHistoryEntry.Amendment(
        id: "AMD-1", date: day(10), summary: "CCTP lot 2 corrigé", rationale: "Erreur matérielle",
        newDeadline: day(42, hour: 12), dceVersion: 2,
        changedDocuments: [.init(id: "CCTP", title: "CCTP v2", url: "https://example.fr/dce/v2/CCTP.pdf")]
    )

    static let award = TenderHistoryEntry.Award(
        id: "AW-1", date: day(60), lotIDs: ["1", "2"], supplier: supplier, amountCents: 12_345_678_901
    )

    static let contract = TenderHistoryEntry.ContractSignature(
        id: "C-1", awardID: "AW-1", date: day(75), amountCents: 12_345_678_901
    )

    static let fullHistory: [TenderHistoryEntry] = [
        .published(publication), .amended(amendment), .awarded(award), .contractSigned(contract),
    ]

    /// The record's JSON as plain objects, to check field names as a consumer sees them.
    static func jsonObject(_ record: OCDSRecord) throws -> [String: Any] {
        let data = try JSONEncoder().encode(record)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
