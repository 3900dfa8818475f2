import Foundation
import Identifiers
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.bids.open.v1` (domain §2.3, §2.7): only an opener, only after the deadline, every attempt
/// audited. The last deposit received in time from each bidder is decrypted and checked against its
/// receipt hash; earlier deposits are superseded and late ones stay sealed. A lot without any opened bid
/// becomes unsuccessful.
struct OpeningHandler: Sendable {
    let settings: ProcurementSettings
    let keys: TenderKeyCache

    func handle(_ command: BidsOpen, _ transaction: ServiceTransaction) async throws {
        let actor = command.requestedBy.userId
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        let now = self.settings.clock.now()
        // The lifecycle's guards: never before the deadline, only an opener, only a closed tender. A refusal is
        // audited by the command wrapper (after rolling back to its savepoint).
        let machine = TenderStateMachine(rules: self.settings.rules)
        let current = try await TenderRecord.domainTender(tender, in: transaction)
        do {
            let role = ProcedureMapping.role(command.requestedBy.role)
            let opening = try machine.open(current, by: TenderCaller(id: actor, roles: [role]), at: now)
            _ = try machine.recordAdmissibility(opening.tender, at: now)
        } catch {
            throw ServiceProblem.domain(error, field: error.code == .notAuthorised ? "requestedBy.role" : "tenderId")
        }
        let rows = try await transaction.query(
            """
            SELECT bid_id::text, bidder_siret, lot_numbers, received_at, late, content_sha256, sealed, size_bytes FROM bids
            WHERE tender_id = \(command.tenderId)::uuid ORDER BY received_at
            """)
        struct Row {
            var bidId: String
            var siret: String
            var lots: [Int]
            var receivedAt: Date
            var late: Bool
            var sha: String
            var sealed: Data
            var size: Int64
        }
        let bids = try rows.map { row in
            Row(
                bidId: try row.decode(String.self, at: 0), siret: try row.decode(String.self, at: 1),
                lots: try row.decode([Int].self, at: 2), receivedAt: try row.decode(Date.self, at: 3),
                late: try row.decode(Bool.self, at: 4), sha: try row.decode(String.self, at: 5),
                sealed: try row.decode(Data.self, at: 6), size: try row.decode(Int64.self, at: 7))
        }
        let register = BidRegister(
            deposits: try bids.map { BidDeposit(id: $0.bidId, bidder: try SIRET($0.siret), receivedAt: $0.receivedAt) },
            deadline: tender.deadline)
        let key = try self.keys.key(for: tender)
        var opened: [BidsOpened.Bid] = []
        var superseded = 0
        var late = 0
        for bid in bids {
            switch register.disposition(of: bid.bidId) ?? .late {
            case .toOpen:
                // The sealer checks the decrypted content against the receipt's SHA-256 and size.
                _ = try BidSealer().open(
                    sealed: SealedBid(combined: bid.sealed, contentSHA256: bid.sha, sizeBytes: Int(bid.size)), tenderKey: key,
                    bidID: bid.bidId, tenderID: command.tenderId)
                try await transaction.execute("UPDATE bids SET status = 'opened' WHERE bid_id = \(bid.bidId)::uuid")
                opened.append(.init(bidId: bid.bidId, bidderSiret: bid.siret, lotNumbers: bid.lots, contentSha256: bid.sha, receivedAt: bid.receivedAt))
            case .superseded:
                superseded += 1
                try await transaction.execute("UPDATE bids SET status = 'superseded' WHERE bid_id = \(bid.bidId)::uuid")
            case .late:
                late += 1
            }
        }
        try await transaction.execute(
            """
            INSERT INTO openings (opening_id, tender_id, opened_at, opened_by)
            VALUES (\(command.openingId)::uuid, \(command.tenderId)::uuid, \(now), \(actor))
            """)
        try await TenderRecord.setStatus(command.tenderId, "evaluation", in: transaction)
        try await Journal.audit(command.tenderId, actor: actor, action: "openBids", outcome: "opened", detail: "\(opened.count) bids", in: transaction)
        let event = BidsOpened(
            tenderId: command.tenderId, openingId: command.openingId, openedAt: now, openedBy: actor,
            bids: opened, lateBidsKept: late, supersededBids: superseded)
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "bidsOpened", at: now, event, in: transaction)
        let lots = try await transaction.query("SELECT lot_number FROM lots WHERE tender_id = \(command.tenderId)::uuid ORDER BY lot_number")
        for lot in try lots.decode(Int.self) where !opened.contains(where: { $0.lotNumbers.contains(lot) }) {
            try await transaction.execute(
                "UPDATE lots SET status = 'unsuccessful' WHERE tender_id = \(command.tenderId)::uuid AND lot_number = \(lot)")
            let unsuccessful = LotUnsuccessful(tenderId: command.tenderId, lotNumber: lot, declaredAt: now, reason: .noBids)
            try await transaction.publish(unsuccessful, aggregate: command.tenderId)
            try await Journal.record(command.tenderId, "lotUnsuccessful", at: now, unsuccessful, in: transaction)
        }
        try await LotProgress.settle(command.tenderId, at: now, in: transaction)
    }
}

/// The tender's status from its lots: complete once every lot is terminal (a notified contract, unsuccessful,
/// cancelled) and at least one contract was notified, unsuccessful when no lot was contracted. The completion is
/// published once (`procurement.tender.completed.v1`, domain §2.3).
enum LotProgress {
    /// Lot statuses that close a lot. A signed contract does not: it waits for its notification.
    static let terminal: Set = ["unsuccessful", "contractNotified", "cancelled"]

    static func settle(_ tenderId: String, at now: Date, in transaction: ServiceTransaction) async throws {
        let rows = try await transaction.query(
            "SELECT lot_number, status FROM lots WHERE tender_id = \(tenderId)::uuid ORDER BY lot_number")
        let lots = try rows.map { (number: try $0.decode(Int.self, at: 0), status: try $0.decode(String.self, at: 1)) }
        guard !lots.isEmpty, lots.allSatisfy({ Self.terminal.contains($0.status) }),
            let tender = try await TenderRecord.load(tenderId, lock: .none, in: transaction),
            !["complete", "unsuccessful", "cancelled"].contains(tender.status)
        else { return }
        guard lots.contains(where: { $0.status == "contractNotified" }) else {
            try await TenderRecord.setStatus(tenderId, "unsuccessful", in: transaction)
            return
        }
        try await TenderRecord.setStatus(tenderId, "complete", in: transaction)
        let contracts = try await transaction.query(
            """
            SELECT c.contract_id::text, a.lot_number FROM contracts c JOIN awards a ON a.award_id = c.award_id
            WHERE c.tender_id = \(tenderId)::uuid AND c.notified_at IS NOT NULL ORDER BY c.signed_at, c.contract_id
            """)
        let event = TenderCompleted(
            tenderId: tenderId, reference: tender.reference, buyer: tender.buyer, completedAt: now,
            contracts: try contracts.map { .init(contractId: try $0.decode(String.self, at: 0), lotNumbers: [try $0.decode(Int.self, at: 1)]) },
            unsuccessfulLots: lots.filter { $0.status == "unsuccessful" }.map(\.number))
        try await transaction.publish(event, aggregate: tenderId)
        try await Journal.record(tenderId, "tenderCompleted", at: now, event, in: transaction)
    }
}
