import Foundation
import Identifiers
import ProcurementDomain
import ServiceRuntime
import Storage

extension TenderRecord {
    /// The tender as the lifecycle state machine sees it, so the service's guards are the machine's.
    /// Lot statuses the machine does not name map to its nearest ones: standstill and contractSigned (the
    /// contract waits for its notification) to awarded, contractNotified to completed.
    func domainTender(lots: [(number: Int, title: String, status: String)]) -> Tender {
        Tender(
            restoringId: self.tenderId, procedure: (try? ProcedureMapping.procedure(self.procedure)) ?? .open,
            conditions: DeadlineConditions(electronicSubmission: true, urgency: self.urgency), mainCPV: try? CPVCode(self.mainCpv),
            thresholds: nil, deadline: self.deadline, publishedAt: self.publishedAt,
            lots: lots.map { Lot(id: String($0.number), title: $0.title, status: Self.lotStatus($0.status)) },
            dceVersion: self.dceVersion, dceContainsRC: true, status: TenderStatus(rawValue: self.status) ?? .published,
            legalChallenge: self.legalChallenge, standstill: nil, signedAt: nil, cancellationReason: nil)
    }

    private static func lotStatus(_ status: String) -> LotStatus {
        switch status {
        case "contractNotified": .completed
        case "contractSigned", "standstill": .awarded
        default: LotStatus(rawValue: status) ?? .open
        }
    }
}

extension TenderRecord {
    /// The tender with its lots, as the state machine sees it.
    static func domainTender(_ record: TenderRecord, in transaction: ServiceTransaction) async throws -> Tender {
        let rows = try await transaction.query(
            "SELECT lot_number, title, status FROM lots WHERE tender_id = \(record.tenderId)::uuid ORDER BY lot_number")
        let lots = try rows.map { (number: try $0.decode(Int.self, at: 0), title: try $0.decode(String.self, at: 1), status: try $0.decode(String.self, at: 2)) }
        return record.domainTender(lots: lots)
    }
}
