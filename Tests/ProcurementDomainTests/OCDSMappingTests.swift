import Foundation
import ProcurementDomain
import Testing

@Suite struct OCDSMappingTests {
    @Test func hubStatesMapToTenderStatusAndTagAsInDomainSection2_3() {
        let expected: [String: (OCDSTenderStatus, [OCDSReleaseTag])] = [
            "draft": (.planning, [.planning]),
            "published": (.active, [.tender, .tenderAmendment]),
            "closed": (.active, [.award]),
            "opening": (.active, [.award]),
            "evaluation": (.active, [.award]),
            "standstill": (.active, [.award]),
            "complete": (.complete, [.contract]),
            "cancelled": (.cancelled, [.tenderCancellation]),
            "unsuccessful": (.unsuccessful, [.tender]),
        ]
        for (state, (status, tags)) in expected {
            #expect(OCDSStatusMapping.forHubState(state) == OCDSStatusMapping(tenderStatus: status, tags: tags))
        }
        #expect(OCDSStatusMapping.forHubState("contractSigned")?.tags == [.contract])
        #expect(OCDSStatusMapping.forHubState("archived") == nil)
    }

    @Test func proceduresMapToOCDSMethods() {
        typealias Procedure = TenderHistoryEntry.Procedure
        #expect(Procedure.openCallForTenders.procurementMethod == .open)
        #expect(Procedure.adaptedOpen.procurementMethod == .open)
        #expect(Procedure.restrictedCallForTenders.procurementMethod == .selective)
        #expect(Procedure.competitiveWithNegotiation.procurementMethod == .selective)
        #expect(Procedure.competitiveDialogue.procurementMethod == .selective)
        #expect(Procedure.negotiatedWithoutNotice.procurementMethod == .limited)
        #expect(Procedure.directAward.procurementMethod == .direct)
        #expect(TenderHistoryEntry.Nature.supplies.procurementCategory == .goods)
        #expect(TenderHistoryEntry.Nature.works.procurementCategory == .works)
        #expect(TenderHistoryEntry.Nature.services.procurementCategory == .services)
    }

    @Test func toConfirmDefaultsArePinned() {
        #expect(OCDSRecordBuilder.defaultPrefix == "ocds-passerelle")
        #expect(OCDSRecordBuilder.defaultOrganizationScheme == "FR-SIRET")
        #expect(OCDSRecordBuilder().ocid(tenderID: "T-1") == "ocds-passerelle-T-1")
    }

    @Test func prefixAndOrganizationSchemeAreParameters() throws {
        let builder = OCDSRecordBuilder(prefix: "ocds-abc123", organizationScheme: "FR-RCS")
        let record = try builder.record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        #expect(record.ocid == "ocds-abc123-T-2026-001")
        #expect(record.compiledRelease.parties?.map(\.id) == ["FR-RCS-21210231300013", "FR-RCS-55208131700018"])
        #expect(record.compiledRelease.parties?.map(\.identifier?.scheme) == ["FR-RCS", "FR-RCS"])
    }

    @Test func undividedTenderHasOneItemAndNoLots() throws {
        var publication = OCDSFixtures.publication
        publication.lots = []
        let award = TenderHistoryEntry.Award(
            id: "AW", date: OCDSFixtures.day(60), lotIDs: [], supplier: OCDSFixtures.supplier, amountCents: 100
        )
        let history: [TenderHistoryEntry] = [
            .published(publication), .awarded(award),
            .contractSigned(.init(id: "C", awardID: "AW", date: OCDSFixtures.day(70), amountCents: 100)),
        ]
        let record = try OCDSRecordBuilder().record(tenderID: "T-9", history: history)
        let tender = try #require(record.compiledRelease.tender)
        #expect(tender.lots == nil)
        #expect(tender.items?.map(\.id) == ["1"])
        #expect(tender.status == .complete)
        #expect(record.compiledRelease.awards?.first?.relatedLots == nil)
    }
}
