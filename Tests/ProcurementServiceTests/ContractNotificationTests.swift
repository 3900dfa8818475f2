import CommonContracts
import ContractTypes
import DocumentsContracts
import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// The notification of a signed contract to its holder (domain §2.3 contractSigned → notified → complete,
/// §2.10, §8 flows 5 and 6): after the prefecture's acknowledgement when ACTES applies, at signature otherwise;
/// the tender completes once every lot has a notified contract or ended unsuccessful.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ContractNotificationTests {
    /// A contract whose ACTES transmission the prefecture acknowledged: notified once, enforceable from the
    /// reception date; the tender (lot 2 without bids) completes once. A second acknowledgement changes nothing.
    @Test func anAcknowledgedContractIsNotifiedOnceAndCompletesTheTender() async throws {
        try await ProcurementBed.run { bed in
            let (tender, signed) = try await bed.signSoleContract(formalised: true)
            let id = tender.tenderId
            #expect(signed.actesRequired)
            // Signed, not notified: the notification waits for the prefecture.
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'contractSigned'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM lots WHERE lot_number = 1 AND status = 'contractSigned'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM contracts WHERE notified_at IS NULL") == 1)

            let received = try #require(CalendarDate("2026-05-06"))
            let acknowledgement = bed.acknowledgement(of: signed, received: received)
            try await bed.send(acknowledgement)
            let notified = try await bed.published(ContractNotified.self) { $0.contractId == signed.contractId }
            #expect(notified.tenderId == id)
            #expect(notified.reference == signed.reference)
            #expect(notified.lotNumbers == [1])
            #expect(notified.holder.siret == Fixtures.btp.siret)
            #expect(notified.holder.name == Fixtures.btp.name)
            #expect(notified.buyer.siret == Fixtures.buyer)
            #expect(notified.enforceableOn == received)
            #expect(notified.actes == .init(idActe: acknowledgement.idActe, receptionDate: received))
            let completed = try await bed.published(TenderCompleted.self) { $0.tenderId == id }
            #expect(completed.reference == tender.reference)
            #expect(completed.contracts == [.init(contractId: signed.contractId, lotNumbers: [1])])
            #expect(completed.unsuccessfulLots == [2])

            // The same acknowledgement again (documents sent it twice): nothing new.
            try await bed.send(bed.acknowledgement(of: signed, received: received))
            try await bed.waitFor("SELECT count(*) FROM inbox WHERE message_type = 'documents.act.acknowledged.v1'", toBe: 2)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await bed.published(ContractNotified.self, count: 1) { _ in true }.count == 1)
            #expect(try await bed.published(TenderCompleted.self, count: 1) { _ in true }.count == 1)
            #expect(try await bed.count("SELECT count(*) FROM history WHERE kind = 'contractNotified'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM history WHERE kind = 'tenderCompleted'") == 1)

            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'complete'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM lots WHERE lot_number = 1 AND status = 'contractNotified'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM awards WHERE status = 'contractNotified'") == 1)
            #expect(
                try await bed.count(
                    """
                    SELECT count(*) FROM contracts WHERE notified_at IS NOT NULL AND enforceable_on = '2026-05-06'
                    AND actes_status = 'acknowledged' AND id_acte = '\(acknowledgement.idActe)'
                    """) == 1)
        }
    }

    /// An ACTES anomaly: the contract stays signed and unnotified and the tender stays open; once the buyer
    /// has sent it again and the prefecture acknowledged it, it is notified.
    @Test func anAnomalyLeavesTheContractUnnotified() async throws {
        try await ProcurementBed.run { bed in
            let (tender, signed) = try await bed.signSoleContract(formalised: true)
            try await bed.send(
                ActRejected(
                    actId: Fixtures.id(), idActe: bed.idActe(of: signed), origin: .init(service: .procurement, reference: signed.contractId),
                    authoritySiren: String(Fixtures.buyer.prefix(9)), rejectedAt: Date(),
                    detail: "La délibération autorisant la signature est absente."))
            try await bed.waitFor("SELECT count(*) FROM contracts WHERE actes_status = 'rejected'")
            try await bed.waitFor("SELECT count(*) FROM inbox WHERE message_type = 'documents.act.rejected.v1'")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await bed.bed.published(ContractNotified.self, count: 0).isEmpty)
            #expect(try await bed.bed.published(TenderCompleted.self, count: 0).isEmpty)
            #expect(try await bed.count("SELECT count(*) FROM contracts WHERE notified_at IS NULL") == 1)
            #expect(try await bed.count("SELECT count(*) FROM lots WHERE lot_number = 1 AND status = 'contractSigned'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM awards WHERE status = 'contractSigned'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'contractSigned'") == 1)

            // Corrected and sent again: the new act's acknowledgement unblocks the notification.
            try await bed.send(bed.acknowledgement(of: signed, received: try #require(CalendarDate("2026-05-12"))))
            let notified = try await bed.published(ContractNotified.self) { $0.contractId == signed.contractId }
            #expect(notified.enforceableOn.description == "2026-05-12")
            _ = try await bed.published(TenderCompleted.self) { $0.tenderId == tender.tenderId }
        }
    }

    /// Without ACTES (an adapted procedure of 80 000 €) the contract is notified at signature, enforceable from
    /// the notification date, and the tender completes at once.
    @Test func aContractWithoutActesIsNotifiedAtSignature() async throws {
        try await ProcurementBed.run { bed in
            let (tender, signed) = try await bed.signSoleContract(formalised: false)
            #expect(!signed.actesRequired)
            let notified = try await bed.published(ContractNotified.self) { $0.contractId == signed.contractId }
            #expect(notified.actes == nil)
            #expect(notified.enforceableOn == signed.signatureDate)
            #expect(notified.holder.siret == Fixtures.btp.siret)
            let completed = try await bed.published(TenderCompleted.self) { $0.tenderId == tender.tenderId }
            #expect(completed.contracts.map(\.contractId) == [signed.contractId])
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'complete'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM lots WHERE lot_number = 1 AND status = 'contractNotified'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM contracts WHERE notified_at IS NOT NULL AND id_acte IS NULL") == 1)
        }
    }

    /// Two lots with a contract each: the tender completes with the second notification only.
    @Test func theTenderCompletesWhenItsLastLotIsNotified() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishFormalisedTender()
            let id = tender.tenderId
            let first = try await bed.deposit(id, Fixtures.btp, lots: [1], content: "Offre BTP lot 1")
            let second = try await bed.deposit(id, Fixtures.routes, lots: [2], content: "Offre Routes lot 2")
            try await bed.evaluate(tender)
            // Both lots awarded before either is signed (an award needs the tender in evaluation or awarded).
            let awardOne = try await bed.award(id, lot: 1, bid: first)
            let awardTwo = try await bed.award(id, lot: 2, bid: second)
            let one = try await bed.sign(id, award: awardOne, lot: 1)
            let two = try await bed.sign(id, award: awardTwo, lot: 2)
            #expect(one.actesRequired && two.actesRequired)

            let received = try #require(CalendarDate("2026-05-06"))
            try await bed.send(bed.acknowledgement(of: one, received: received))
            _ = try await bed.published(ContractNotified.self) { $0.contractId == one.contractId }
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await bed.bed.published(TenderCompleted.self, count: 0).isEmpty)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'notified'") == 1)

            try await bed.send(bed.acknowledgement(of: two, received: received))
            let completed = try await bed.published(TenderCompleted.self) { $0.tenderId == id }
            #expect(Set(completed.contracts.map(\.contractId)) == [one.contractId, two.contractId])
            #expect((completed.unsuccessfulLots ?? []).isEmpty)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'complete'") == 1)
        }
    }
}

extension ProcurementBed {
    /// A tender with one bid, on lot 1 only (lot 2 ends unsuccessful at the opening), awarded and signed: the
    /// tender's only contract. Formalised (open, 300 000 € for a commune): ACTES applies; adapted (80 000 €): not.
    func signSoleContract(formalised: Bool) async throws -> (TenderPublish, ContractSigned) {
        let tender = formalised ? try await self.publishFormalisedTender() : try await self.publishTender()
        let bid = try await self.deposit(tender.tenderId, Fixtures.btp, lots: [1], content: "Offre BTP")
        try await self.evaluate(tender)
        return (tender, try await self.awardAndSign(tender.tenderId, lot: 1, bid: bid))
    }

    /// Awards a lot to its only bid (no standstill) and signs its contract.
    func awardAndSign(_ tender: String, lot: Int, bid: String) async throws -> ContractSigned {
        try await self.sign(tender, award: try await self.award(tender, lot: lot, bid: bid), lot: lot)
    }

    /// Awards a lot to its only bid (no standstill); returns the award id.
    func award(_ tender: String, lot: Int, bid: String) async throws -> String {
        let award = Fixtures.award(tender, lot: lot, awardee: bid, rejected: [])
        try await self.send(award)
        _ = try await self.published(AwardDecided.self) { $0.awardId == award.awardId }
        return award.awardId
    }

    /// Signs the contract of an award.
    func sign(_ tender: String, award: String, lot: Int) async throws -> ContractSigned {
        let sign = ContractSign(
            tenderId: tender, contractId: Fixtures.id(), awardId: award, reference: "M2026L\(lot)", durationMonths: 24,
            pieces: [.init(kind: .acteEngagement, file: try self.claims.file("AE-\(Fixtures.id()).pdf", "AE signé"))],
            requestedBy: .init(userId: "portal:buyer"))
        try await self.send(sign)
        return try await self.published(ContractSigned.self) { $0.contractId == sign.contractId }
    }

    func idActe(of contract: ContractSigned) -> String {
        "021-\(Fixtures.buyer.prefix(9))-\(contract.signatureDate.description.filter(\.isNumber))-\(contract.reference)-CC"
    }

    /// documents' `documents.act.acknowledged.v1` for a contract (a new event id each time).
    func acknowledgement(of contract: ContractSigned, received: CalendarDate) -> ActAcknowledged {
        ActAcknowledged(
            actId: Fixtures.id(), idActe: self.idActe(of: contract),
            origin: .init(service: .procurement, reference: contract.contractId), authoritySiren: String(Fixtures.buyer.prefix(9)),
            receptionDate: received, acknowledgedAt: Date(), legalityDeadline: received.adding(days: 61))
    }
}
