import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.award.decide.v1` refused (domain §2.8): an evaluated tender, a lot of it still open, an
/// opened bid as the winner and a rejection letter for every other opened bid of the lot.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct AwardRefusalTests {
    static let type = AwardDecide.messageType

    @Test func anAwardNeedsAnEvaluatedTender() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let bid = try await bed.deposit(tender, Fixtures.btp, lots: [1], content: "Offre BTP")
            let award = Fixtures.award(tender, awardee: bid, rejected: [])
            expectRefusal(
                try await bed.refused(award, id: award.awardId), "invalidTransition", field: "tenderId",
                rule: "tender lifecycle", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM awards") == 0)
        }
    }

    @Test func anAwardNamesOpenedBidsAndRejectsTheOthers() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let id = tender.tenderId
            let btp = try await bed.deposit(id, Fixtures.btp, lots: [1, 2], content: "Offre BTP")
            let routes = try await bed.deposit(id, Fixtures.routes, lots: [1], content: "Offre Routes")
            try await bed.evaluate(tender)
            let cases: [(code: String, field: String, rule: String, award: AwardDecide)] = [
                (
                    "unknownLot", "lotNumber", "the lot exists",
                    Fixtures.award(id, lot: 9, awardee: btp, rejected: [routes])
                ),
                ("bidNotOpened", "awardeeBidId", "R2152-1", Fixtures.award(id, awardee: Fixtures.id(), rejected: [])),
                ("rejectionMissing", "rejectedBids", "R2181-1", Fixtures.award(id, awardee: btp, rejected: [])),
                (
                    "bidNotOpened", "rejectedBids", "opened bids of the lot",
                    Fixtures.award(id, awardee: btp, rejected: [routes, Fixtures.id()])
                ),
            ]
            for refusal in cases {
                let rejected = try await bed.refused(refusal.award, id: refusal.award.awardId)
                expectRefusal(rejected, refusal.code, field: refusal.field, rule: refusal.rule, of: Self.type)
            }
            #expect(try await bed.count("SELECT count(*) FROM awards") == 0)
            #expect(try await bed.count("SELECT count(*) FROM lots WHERE status = 'open'") == 2)
            let first = Fixtures.award(id, awardee: btp, rejected: [routes])
            try await bed.send(first)
            _ = try await bed.published(AwardDecided.self) { $0.awardId == first.awardId }
            let second = Fixtures.award(id, awardee: routes, rejected: [btp])
            expectRefusal(
                try await bed.refused(second, id: second.awardId), "lotDecided", field: "lotNumber",
                rule: "a lot is awarded once", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM awards") == 1)
            #expect(try await bed.count("SELECT count(*) FROM rejection_letters") == 1)
            #expect(try await bed.refusalAudits(Self.type, tender: id) == cases.count + 1)
        }
    }
}
