import ContractMessaging
import Foundation
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.timer.fired.v1`: closes a tender at its deadline (never a user action) or ends a standstill.
struct TimerHandler: Sendable {
    let settings: ProcurementSettings

    func handle(_ timer: TimerFired, _ transaction: ServiceTransaction) async throws {
        if self.settings.clock.now() < timer.dueAt {
            // Delivered early (clock skew): try again through the retry ladder.
            throw TransientError("timer \(timer.timerId) is due at \(ContractCoding.format(timer.dueAt))")
        }
        guard try await Timers.claim(timer.timerId, in: transaction) else { return }
        switch timer.kind {
        case .tenderDeadline:
            try await self.close(timer.tenderId, timerId: timer.timerId, transaction)
        case .standstillEnd:
            try await self.endStandstill(timer.tenderId, lot: timer.lotNumber, transaction)
        }
    }

    private func close(_ tenderId: String, timerId: String, _ transaction: ServiceTransaction) async throws {
        // Only the tender's current closing timer closes it (a moved deadline left the older ones stale).
        guard let tender = try await TenderRecord.load(tenderId, lock: .update, in: transaction),
            tender.status == "published", tender.deadlineTimer?.uuidString.lowercased() == timerId.lowercased()
        else { return }
        let now = self.settings.clock.now()
        // The lifecycle's guard (published, clock at or past the deadline); the timer is due, so it holds.
        let current = try await TenderRecord.domainTender(tender, in: transaction)
        do {
            _ = try TenderStateMachine(rules: self.settings.rules).close(current, at: now)
        } catch {
            throw TransientError("tender \(tenderId) cannot close yet: \(error)")
        }
        try await TenderRecord.setStatus(tenderId, "closed", in: transaction)
        let rows = try await transaction.query(
            """
            SELECT lot, count(*) FILTER (WHERE NOT late)::int8, count(*) FILTER (WHERE late)::int8 FROM (
                SELECT DISTINCT ON (bidder_siret, late) bidder_siret, late, lot_numbers FROM bids
                WHERE tender_id = \(tenderId)::uuid ORDER BY bidder_siret, late, received_at DESC
            ) AS deciding, unnest(lot_numbers) AS lot GROUP BY lot ORDER BY lot
            """)
        var perLot: [Int: Int] = [:]
        for row in rows { perLot[try row.decode(Int.self, at: 0)] = Int(try row.decode(Int64.self, at: 1)) }
        let totals = try await transaction.query(
            """
            SELECT count(DISTINCT bidder_siret) FILTER (WHERE NOT late)::int8, count(*) FILTER (WHERE late)::int8
            FROM bids WHERE tender_id = \(tenderId)::uuid
            """)
        let lots = try await transaction.query("SELECT lot_number FROM lots WHERE tender_id = \(tenderId)::uuid ORDER BY lot_number")
        let event = TenderClosed(
            tenderId: tenderId, closedAt: now, tenderDeadline: tender.deadline,
            bidsInTime: Int(try totals[0].decode(Int64.self, at: 0)), lateBids: Int(try totals[0].decode(Int64.self, at: 1)),
            lots: try lots.decode(Int.self).map { .init(lotNumber: $0, bidsInTime: perLot[$0] ?? 0) })
        try await transaction.publish(event, aggregate: tenderId)
        try await Journal.record(tenderId, "closed", at: now, event, in: transaction)
    }

    private func endStandstill(_ tenderId: String, lot: Int?, _ transaction: ServiceTransaction) async throws {
        guard let lot else { return }
        let updated = try await transaction.execute(
            """
            UPDATE awards SET status = 'awarded'
            WHERE tender_id = \(tenderId)::uuid AND lot_number = \(lot) AND status = 'standstill'
            """)
        if updated == 1 {
            try await transaction.execute(
                "UPDATE lots SET status = 'awarded' WHERE tender_id = \(tenderId)::uuid AND lot_number = \(lot)")
            try await Journal.record(tenderId, "standstillEnded", at: self.settings.clock.now(), ["lotNumber": lot], in: transaction)
        }
    }
}
