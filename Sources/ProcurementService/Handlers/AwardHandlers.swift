import CommonContracts
import Foundation
import NotificationsContracts
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.award.decide.v1`, the send receipts of the rejection letters, and
/// `procurement.contract.sign.v1` (domain §2.8, §2.9).
struct AwardHandlers: Sendable {
    let settings: ProcurementSettings

    private struct OpenedBid {
        var bidId: String
        var siret: String
        var company: String
        var email: String
        var lots: [Int]
    }

    func decide(_ command: AwardDecide, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        guard ["evaluation", "standstill", "awarded"].contains(tender.status) else {
            throw ServiceProblem.invalidTransition(tender.status, expected: ["evaluation"], action: "award")
        }
        let lotRows = try await transaction.query(
            "SELECT status FROM lots WHERE tender_id = \(command.tenderId)::uuid AND lot_number = \(command.lotNumber)")
        guard let lotStatus = try lotRows.first?.decode(String.self, at: 0) else {
            throw ServiceProblem(
                .invalid, code: "unknownLot", field: "lotNumber", rule: "the lot exists", "no lot \(command.lotNumber)")
        }
        guard lotStatus == "open" else {
            throw ServiceProblem(
                .invalid, code: "lotDecided", field: "lotNumber", rule: "a lot is awarded once",
                "lot \(command.lotNumber) is \(lotStatus)")
        }
        let rows = try await transaction.query(
            """
            SELECT bid_id::text, bidder_siret, company, email, lot_numbers FROM bids
            WHERE tender_id = \(command.tenderId)::uuid AND status = 'opened' AND \(command.lotNumber) = ANY(lot_numbers)
            """)
        let opened = try rows.map { row in
            OpenedBid(
                bidId: try row.decode(String.self, at: 0), siret: try row.decode(String.self, at: 1),
                company: try row.decode(String.self, at: 2), email: try row.decode(String.self, at: 3),
                lots: try row.decode([Int].self, at: 4))
        }
        guard let awardee = opened.first(where: { $0.bidId == command.awardeeBidId }) else {
            throw ServiceProblem(
                .invalid, code: "bidNotOpened", field: "awardeeBidId",
                rule: "only an opened bid of the lot can win (R2152-1)",
                "bid \(command.awardeeBidId) is not an opened bid of lot \(command.lotNumber)")
        }
        let others = opened.filter { $0.bidId != awardee.bidId }
        let rejected = Set(command.rejectedBids.map(\.bidId))
        if let missing = others.first(where: { !rejected.contains($0.bidId) }) {
            throw ServiceProblem(
                .invalid, code: "rejectionMissing", field: "rejectedBids",
                rule: "R2181-1: every unsuccessful bidder receives a rejection letter with the reasons",
                "bid \(missing.bidId) has no rejection reasons")
        }
        if let stranger = command.rejectedBids.first(where: { r in !others.contains(where: { $0.bidId == r.bidId }) }) {
            throw ServiceProblem(
                .invalid, code: "bidNotOpened", field: "rejectedBids",
                rule: "rejections concern opened bids of the lot", stranger.bidId)
        }
        let standstill = Standstill.applies(family: ProcedureMapping.family(tender.procedureFamily), bidCount: opened.count)
        let now = self.settings.clock.now()
        try await transaction.execute(
            """
            INSERT INTO awards (award_id, tender_id, lot_number, awardee_bid_id, amount_cents, reasons, decided_at,
                                standstill_required, status)
            VALUES (\(command.awardId)::uuid, \(command.tenderId)::uuid, \(command.lotNumber), \(awardee.bidId)::uuid,
                    \(command.amountHtCents), \(command.awardReasons), \(now), \(standstill),
                    \(standstill ? "standstill" : "awarded"))
            """)
        try await transaction.execute(
            """
            UPDATE lots SET status = \(standstill ? "standstill" : "awarded")
            WHERE tender_id = \(command.tenderId)::uuid AND lot_number = \(command.lotNumber)
            """)
        try await TenderRecord.setStatus(command.tenderId, standstill ? "standstill" : "awarded", in: transaction)
        let decided = AwardDecided(
            tenderId: command.tenderId, lotNumber: command.lotNumber, awardId: command.awardId,
            decidedAt: now, awardee: .init(bidId: awardee.bidId, siret: awardee.siret, name: awardee.company),
            amountHtCents: command.amountHtCents,
            procedureFamily: try ContractEnum.converted(tender.procedureFamily, field: "procedureFamily"),
            standstillRequired: standstill, bidsConsidered: opened.count)
        try await transaction.publish(decided, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "awarded", at: now, decided, in: transaction)
        guard !others.isEmpty else { return }
        var letters: [AwardRejectionsIssued.Letter] = []
        for bid in others {
            let reasons = command.rejectedBids.first { $0.bidId == bid.bidId }?.reasons ?? ""
            let letterId = UUID().uuidString.lowercased()
            let text = RejectionLetter.text(
                tender: tender, lot: command.lotNumber, bidder: bid.company, reasons: reasons, awardee: awardee.company,
                awardReasons: command.awardReasons, standstill: standstill, standstillDays: self.settings.rules.standstillDaysElectronic)
            let data = Data(text.utf8)
            let sha = ContentDigest.sha256Hex(data)
            try await transaction.execute(
                """
                INSERT INTO rejection_letters (letter_id, award_id, bid_id, email, text, sha256)
                VALUES (\(letterId)::uuid, \(command.awardId)::uuid, \(bid.bidId)::uuid, \(bid.email), \(text), \(sha))
                """)
            letters.append(.init(
                letterId: letterId, bidId: bid.bidId, bidder: .init(siret: bid.siret, name: bid.company),
                recipientEmail: bid.email,
                letter: .init(
                    uri: "\(self.settings.publicURL)/tenders/\(command.tenderId)/letters/\(letterId)",
                    fileName: "rejet-lot\(command.lotNumber)-\(bid.siret).txt", sha256: sha, sizeBytes: data.count,
                    mediaType: "text/plain")))
        }
        let days = self.settings.rules.standstillDaysElectronic
        guard let standstillDays = AwardRejectionsIssued.StandstillDays(rawValue: days) else {
            throw PermanentError("standstillDaysElectronic is \(days); the contract allows 11 or 16")
        }
        let issued = AwardRejectionsIssued(
            tenderId: command.tenderId, lotNumber: command.lotNumber, awardId: command.awardId, issuedAt: now,
            awardeeName: awardee.company, standstillDays: standstillDays, letters: letters)
        try await transaction.publish(issued, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "rejectionsIssued", at: now, issued, in: transaction)
    }

    /// `notifications.notice.sent.v1` for a rejection letter: once every letter of an award is sent, the
    /// standstill runs from the last send time, and a timer ends it.
    func noticeSent(_ receipt: NoticeSent, _ transaction: ServiceTransaction) async throws {
        guard receipt.relatedTo.service == .procurement, let letterId = receipt.relatedTo.reference,
            UUID(uuidString: letterId) != nil
        else { return }
        let sentAt = self.settings.clock.procurementInstant(forReal: receipt.sentAt)
        let rows = try await transaction.query(
            """
            UPDATE rejection_letters SET sent_at = \(sentAt) WHERE letter_id = \(letterId)::uuid AND sent_at IS NULL
            RETURNING award_id::text
            """)
        guard let awardId = try rows.first?.decode(String.self, at: 0) else { return }
        let pending = try await transaction.query(
            """
            SELECT count(*) FILTER (WHERE sent_at IS NULL)::int8, max(sent_at) FROM rejection_letters
            WHERE award_id = \(awardId)::uuid
            """)
        guard try pending[0].decode(Int64.self, at: 0) == 0, let last = try pending[0].decode(Date?.self, at: 1) else { return }
        let period = StandstillPeriod(lettersSentAt: last, electronic: true, rules: self.settings.rules)
        let award = try await transaction.query(
            """
            UPDATE awards SET letters_sent_at = \(last), standstill_ends_at = \(period.earliestSignature)
            WHERE award_id = \(awardId)::uuid RETURNING tender_id::text, lot_number, standstill_required
            """)
        guard let row = award.first else { return }
        let tenderId = try row.decode(String.self, at: 0)
        if try row.decode(Bool.self, at: 2) {
            try await Timers.schedule(
                .standstillEnd, tenderId: tenderId, lot: try row.decode(Int.self, at: 1), dueAt: period.earliestSignature,
                settings: self.settings, in: transaction)
        }
        try await Journal.record(
            tenderId, "lettersSent", at: last, ["awardId": awardId, "earliestSignature": period.earliestSignatureDate.description],
            in: transaction)
    }

    func noticeBounced(_ receipt: NoticeBounced, _ transaction: ServiceTransaction) async throws {
        guard receipt.relatedTo.service == .procurement, let letterId = receipt.relatedTo.reference,
            UUID(uuidString: letterId) != nil, receipt.bounceType == .hard
        else { return }
        try await transaction.execute("UPDATE rejection_letters SET bounced = true WHERE letter_id = \(letterId)::uuid")
    }
}
