import ContractTypes
import Foundation
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// The notification of a signed contract to its holder (domain §2.3 contractSigned → notified, §2.10): at
/// signature when ACTES does not apply, else once the prefecture has acknowledged the contract, which is then
/// enforceable from the acknowledgement's reception date. The contract, its award and its lot become
/// `contractNotified`; `procurement.contract.notified.v1` is published once, and the tender completes when it
/// was the last open lot.
struct ContractNotification: Sendable {
    let settings: ProcurementSettings

    /// Notifies the contract unless it already was, or is still waiting for the prefecture. The caller holds
    /// the tender's lock.
    ///
    /// - Returns: Whether the contract was notified now.
    @discardableResult
    func notify(
        _ contractId: String, of tender: TenderRecord, acknowledgement: ContractNotified.Actes?,
        in transaction: ServiceTransaction
    ) async throws -> Bool {
        // Déclaré sans suite (or every lot closed otherwise): nothing is notified any more.
        guard tender.status != "cancelled" else { return false }
        let rows = try await transaction.query(
            """
            SELECT c.award_id::text, c.reference, c.actes_required, a.lot_number, b.bid_id::text, b.bidder_siret, b.company,
                   c.contract_id::text
            FROM contracts c JOIN awards a ON a.award_id = c.award_id JOIN bids b ON b.bid_id = a.awardee_bid_id
            WHERE c.contract_id = \(contractId)::uuid AND c.tender_id = \(tender.tenderId)::uuid AND c.notified_at IS NULL
            FOR UPDATE OF c
            """)
        guard let row = rows.first else { return false }  // unknown, or notified already
        let actesRequired = try row.decode(Bool.self, at: 2)
        // CGCT L2131-1: a contract transmitted to the prefecture is notified after its acknowledgement only.
        if actesRequired, acknowledgement == nil { return false }
        let acknowledgement = actesRequired ? acknowledgement : nil
        let now = self.settings.clock.now()
        let enforceable = acknowledgement?.receptionDate ?? CalendarDate(now)
        let awardId = try row.decode(String.self, at: 0)
        let contractId = try row.decode(String.self, at: 7)
        let lot = try row.decode(Int.self, at: 3)
        try await transaction.execute(
            """
            UPDATE contracts SET notified_at = \(now), enforceable_on = \(enforceable.description)::date,
                id_acte = \(acknowledgement?.idActe)
            WHERE contract_id = \(contractId)::uuid
            """)
        try await transaction.execute("UPDATE awards SET status = 'contractNotified' WHERE award_id = \(awardId)::uuid")
        try await transaction.execute(
            "UPDATE lots SET status = 'contractNotified' WHERE tender_id = \(tender.tenderId)::uuid AND lot_number = \(lot)")
        try await TenderRecord.setStatus(tender.tenderId, "notified", in: transaction)
        let event = ContractNotified(
            contractId: contractId, tenderId: tender.tenderId, awardId: awardId, reference: try row.decode(String.self, at: 1),
            lotNumbers: [lot],
            holder: .init(bidId: try row.decode(String.self, at: 4), siret: try row.decode(String.self, at: 5), name: try row.decode(String.self, at: 6)),
            buyer: tender.buyer, notifiedAt: now, enforceableOn: enforceable, actes: acknowledgement)
        try await transaction.publish(event, aggregate: tender.tenderId)
        try await Journal.record(tender.tenderId, "contractNotified", at: now, event, in: transaction)
        try await LotProgress.settle(tender.tenderId, at: now, in: transaction)
        return true
    }
}

extension TenderRecord {
    /// The buyer as the events name it.
    var buyer: ProcurementContracts.Buyer {
        ProcurementContracts.Buyer(siret: self.buyerSiret, name: self.buyerName, kind: self.buyerKind, departement: self.departement)
    }
}
