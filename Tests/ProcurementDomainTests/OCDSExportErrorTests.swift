import Foundation
import ProcurementDomain
import Testing

@Suite struct OCDSExportErrorTests {
    func code(_ history: [TenderHistoryEntry], builder: OCDSRecordBuilder = OCDSRecordBuilder())
        -> (OCDSExportError.Code, Int?)?
    {
        do {
            _ = try builder.record(tenderID: OCDSFixtures.tenderID, history: history)
            return nil
        } catch {
            return (error.code, error.entryIndex)
        }
    }

    @Test func historyMustStartWithThePublication() {
        #expect(self.code([])! == (.notPublished, nil))
        #expect(self.code([.awarded(OCDSFixtures.award)])! == (.notPublished, 0))
        #expect(self.code([.published(OCDSFixtures.publication), .published(OCDSFixtures.publication)])!
            == (.publishedTwice, 1))
    }

    @Test func contractMustNameARecordedAward() {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication), .contractSigned(OCDSFixtures.contract),
        ]
        #expect(self.code(history)! == (.unknownAward, 1))
    }

    @Test func awardMustNameLotsOfTheTender() {
        var award = OCDSFixtures.award
        award.lotIDs = ["3"]
        #expect(self.code([.published(OCDSFixtures.publication), .awarded(award)])! == (.unknownLot, 1))
        award.lotIDs = []
        #expect(self.code([.published(OCDSFixtures.publication), .awarded(award)])! == (.unknownLot, 1))
    }

    @Test func nothingFollowsACancellation() {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication),
            .cancelled(.init(date: OCDSFixtures.day(20), reason: "Besoin redéfini")),
            .awarded(OCDSFixtures.award),
        ]
        #expect(self.code(history)! == (.afterCancellation, 2))
    }

    @Test func entriesMustNotGoBackInTime() {
        var amendment = OCDSFixtures.amendment
        amendment.date = OCDSFixtures.day(-1)
        #expect(self.code([.published(OCDSFixtures.publication), .amended(amendment)])! == (.outOfOrder, 1))
    }

    @Test func idsAreNotReused() {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication), .amended(OCDSFixtures.amendment), .amended(OCDSFixtures.amendment),
        ]
        #expect(self.code(history)! == (.duplicateID, 2))
    }

    @Test func prefixMustBeUsable() {
        #expect(self.code(OCDSFixtures.fullHistory, builder: OCDSRecordBuilder(prefix: ""))! == (.invalidPrefix, nil))
        let error = OCDSExportError(.unknownLot, entryIndex: 3, message: "lot 9 is not a lot of the tender")
        #expect(error.description == "OCDSExportError(unknownLot) at entry 3: lot 9 is not a lot of the tender")
    }
}
