import CommonContracts
import ContractMessaging
import DocumentsContracts
import Foundation
import ProcurementContracts
import ProcurementDomain
import ServiceRuntime
import Storage

/// `procurement.contract.sign.v1` (refused during the standstill and while a legal challenge is flagged)
/// and the ACTES returns of signed contracts.
struct ContractHandlers: Sendable {
    let settings: ProcurementSettings

    func sign(_ command: ContractSign, _ transaction: ServiceTransaction) async throws {
        let tender = try await TenderRecord.require(command.tenderId, lock: .update, in: transaction)
        let rows = try await transaction.query(
            """
            SELECT a.lot_number, a.status, a.standstill_required, a.letters_sent_at, a.amount_cents,
                   b.bidder_siret, b.company
            FROM awards a JOIN bids b ON b.bid_id = a.awardee_bid_id
            WHERE a.award_id = \(command.awardId)::uuid AND a.tender_id = \(command.tenderId)::uuid FOR UPDATE OF a
            """)
        guard let row = rows.first else {
            throw ServiceProblem(
                .invalid, code: "awardNotFound", field: "awardId", rule: "a contract signs an award of the tender",
                command.awardId)
        }
        let lot = try row.decode(Int.self, at: 0)
        let status = try row.decode(String.self, at: 1)
        let now = self.settings.clock.now()
        guard !tender.legalChallenge else {
            throw ServiceProblem(
                .invalid, code: "legalChallengePending", field: "tenderId",
                rule: "domain §2.9: signature is frozen while a référé précontractuel is possible",
                "a legal challenge is flagged")
        }
        if try row.decode(Bool.self, at: 2) {
            guard let sent = try row.decode(Date?.self, at: 3) else {
                throw ServiceProblem(
                    .invalid, code: "standstillNotStarted", field: "awardId",
                    rule: "R2182-1: the standstill runs from the sending of the rejection letters",
                    "the rejection letters have not all been sent yet")
            }
            do {
                try StandstillPeriod(lettersSentAt: sent, electronic: true, rules: self.settings.rules).validateSignature(at: now)
            } catch {
                throw ServiceProblem.domain(error, field: "awardId")
            }
        }
        guard status == "awarded" || status == "standstill" else {
            throw ServiceProblem(
                .invalid, code: "alreadySigned", field: "awardId", rule: "an award is signed once",
                "award is \(status)")
        }
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots)
        var pieces: [ContractSigned.Piece] = []
        for (index, piece) in command.pieces.enumerated() {
            let file = piece.file
            let data = try reader.read(uri: file.uri, sha256: file.sha256, sizeBytes: file.sizeBytes, field: "pieces[\(index)].file.uri")
            pieces.append(.init(kind: try ContractEnum.converted(piece.kind, field: "pieces[\(index)].kind"), file: .init(
                uri: file.uri, fileName: file.fileName, sha256: file.sha256.lowercased(), sizeBytes: data.count,
                mediaType: file.mediaType)))
        }
        let amount = try row.decode(Int.self, at: 4)
        let signatureDate = CalendarDate(now)
        let actes = tender.actesRequired && tender.buyerKind == .local
        try await transaction.execute(
            """
            INSERT INTO contracts (contract_id, tender_id, award_id, reference, signed_at, amount_cents, duration_months, actes_required)
            VALUES (\(command.contractId)::uuid, \(command.tenderId)::uuid, \(command.awardId)::uuid, \(command.reference),
                    \(now), \(amount), \(command.durationMonths), \(actes))
            """)
        try await transaction.execute("UPDATE awards SET status = 'contractSigned' WHERE award_id = \(command.awardId)::uuid")
        try await transaction.execute(
            "UPDATE lots SET status = 'contractSigned' WHERE tender_id = \(command.tenderId)::uuid AND lot_number = \(lot)")
        try await TenderRecord.setStatus(command.tenderId, "contractSigned", in: transaction)
        let event = ContractSigned(
            contractId: command.contractId, tenderId: command.tenderId, lotNumbers: [lot], reference: command.reference,
            signedAt: now, signatureDate: signatureDate,
            buyer: .init(
                siret: tender.buyerSiret, name: tender.buyerName,
                kind: try ContractEnum.converted(tender.buyerKind, field: "buyerKind"), departement: tender.departement),
            holder: .init(siret: try row.decode(String.self, at: 5), name: try row.decode(String.self, at: 6)),
            object: "\(tender.title) — lot \(lot)", cpv: tender.mainCpv, amountHtCents: amount,
            durationMonths: command.durationMonths, actesRequired: actes,
            actesDueBy: actes ? signatureDate.adding(days: 15) : nil, pieces: pieces)
        try await transaction.publish(event, aggregate: command.tenderId)
        try await Journal.record(command.tenderId, "contractSigned", at: now, SignedEntry(event: event, awardId: command.awardId), in: transaction)
        // Without ACTES the contract is notified at once (domain §2.3 contractSigned → notified); with ACTES
        // it waits for the prefecture's acknowledgement (§2.10), and its lot is not closed before.
        if !actes {
            try await ContractNotification(settings: self.settings).notify(
                command.contractId, of: tender, acknowledgement: nil, in: transaction)
        }
    }

    /// The prefecture acknowledged the contract (domain §2.10, §8 flow 5): the notification to the holder is
    /// unblocked, enforceable from the acknowledgement's reception date. A repeated acknowledgement changes
    /// nothing.
    func acknowledged(_ event: ActAcknowledged, _ transaction: ServiceTransaction) async throws {
        guard event.origin.service == .procurement, UUID(uuidString: event.origin.reference) != nil else { return }
        // The tender first, as every other step locks it, then the contract.
        let owner = try await transaction.query(
            "SELECT tender_id::text FROM contracts WHERE contract_id = \(event.origin.reference)::uuid")
        guard let tenderId = try owner.first?.decode(String.self, at: 0),
            let tender = try await TenderRecord.load(tenderId, lock: .update, in: transaction)
        else { return }
        try await self.actes(event.origin, status: "acknowledged", at: event.acknowledgedAt, transaction)
        try await ContractNotification(settings: self.settings).notify(
            event.origin.reference, of: tender,
            acknowledgement: .init(idActe: event.idActe, receptionDate: event.receptionDate), in: transaction)
    }

    func rejected(_ event: ActRejected, _ transaction: ServiceTransaction) async throws {
        try await self.actes(event.origin, status: "rejected", at: event.rejectedAt, transaction)
    }

    func cancelled(_ event: ActCancelled, _ transaction: ServiceTransaction) async throws {
        try await self.actes(event.origin, status: "cancelled", at: event.cancelledAt, transaction)
    }

    private func actes(_ origin: DocumentsContracts.Origin, status: String, at: Date, _ transaction: ServiceTransaction) async throws {
        guard origin.service == .procurement, UUID(uuidString: origin.reference) != nil else { return }
        try await transaction.execute(
            """
            UPDATE contracts SET actes_status = \(status),
                acknowledged_at = CASE WHEN \(status) = 'acknowledged' THEN \(at) ELSE acknowledged_at END
            WHERE contract_id = \(origin.reference)::uuid
            """)
    }
}

/// The history entry of a signature: the event plus the award it signs (the OCDS contract's `awardID`).
struct SignedEntry: Encodable, Sendable {
    let event: ContractSigned
    let awardId: String

    private enum Keys: String, CodingKey { case awardId }

    func encode(to encoder: any Encoder) throws {
        try self.event.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(self.awardId, forKey: .awardId)
    }
}
