import CommonContracts
import Foundation
import NotificationsContracts
import ProcurementContracts
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// `procurement.contract.sign.v1` refused (domain §2.9, R2182-1): an award of the tender, the rejection
/// letters sent and the standstill over, no legal challenge, one signature per award.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ContractRefusalTests {
    static let type = ContractSign.messageType

    func sign(_ bed: ProcurementBed, _ tender: String, award: String) throws -> ContractSign {
        ContractSign(
            tenderId: tender, contractId: Fixtures.id(), awardId: award, reference: "M2026TEST", durationMonths: 24,
            pieces: [.init(kind: .acteEngagement, file: try bed.claims.file("AE-\(Fixtures.id()).pdf", "AE signé"))],
            requestedBy: .init(userId: "portal:buyer"))
    }

    /// The letter's send report from notifications: the standstill starts.
    func letterSent(_ bed: ProcurementBed, award: String) async throws {
        let rows = try await bed.bed.host.withTransaction { transaction in
            try await transaction.query("SELECT letter_id::text FROM rejection_letters").decode(String.self)
        }
        let letter = try #require(rows.first)
        try await bed.send(
            NoticeSent(
                noticeId: Fixtures.id(), template: "award-rejection", category: .procurementNotices, mandatory: true,
                channel: .email,
                relatedTo: .init(service: .procurement, aggregateType: "award", aggregateId: award, reference: letter),
                recipientRef: "user:routes", sentAt: Date()))
        try await bed.waitFor("SELECT count(*) FROM awards WHERE letters_sent_at IS NOT NULL")
    }

    @Test func aSignatureWaitsForTheStandstillAndHappensOnce() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishFormalisedTender()
            let id = tender.tenderId
            let btp = try await bed.deposit(id, Fixtures.btp, lots: [1], content: "Offre BTP")
            let routes = try await bed.deposit(id, Fixtures.routes, lots: [1], content: "Offre Routes")
            try await bed.evaluate(tender)
            let award = Fixtures.award(id, awardee: btp, rejected: [routes])
            try await bed.send(award)
            _ = try await bed.published(AwardDecided.self) { $0.awardId == award.awardId && $0.standstillRequired }

            let unknown = try self.sign(bed, id, award: Fixtures.id())
            expectRefusal(
                try await bed.refused(unknown, id: unknown.contractId), "awardNotFound", field: "awardId",
                rule: "an award of the tender", of: Self.type)
            let unsent = try self.sign(bed, id, award: award.awardId)
            expectRefusal(
                try await bed.refused(unsent, id: unsent.contractId), "standstillNotStarted", field: "awardId",
                rule: "R2182-1", of: Self.type)
            try await self.letterSent(bed, award: award.awardId)
            let early = try self.sign(bed, id, award: award.awardId)
            expectRefusal(
                try await bed.refused(early, id: early.contractId), "standstillNotOver", field: "awardId",
                rule: "R2182-1",
                of: Self.type)
            bed.clock.advance(by: 12 * Fixtures.day)
            _ = try await bed.bed.host.withTransaction {
                try await $0.execute("UPDATE tenders SET legal_challenge = true")
            }
            let challenged = try self.sign(bed, id, award: award.awardId)
            expectRefusal(
                try await bed.refused(challenged, id: challenged.contractId), "legalChallengePending",
                field: "tenderId",
                rule: "domain §2.9", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM contracts") == 0)

            _ = try await bed.bed.host.withTransaction {
                try await $0.execute("UPDATE tenders SET legal_challenge = false")
            }
            let signed = try self.sign(bed, id, award: award.awardId)
            try await bed.send(signed)
            _ = try await bed.published(ContractSigned.self) { $0.contractId == signed.contractId }
            let twice = try self.sign(bed, id, award: award.awardId)
            expectRefusal(
                try await bed.refused(twice, id: twice.contractId), "alreadySigned", field: "awardId",
                rule: "an award is signed once", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM contracts") == 1)
            #expect(try await bed.refusalAudits(Self.type, tender: id) == 5)
        }
    }
}
