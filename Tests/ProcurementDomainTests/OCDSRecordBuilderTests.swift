import Foundation
import ProcurementDomain
import Testing

@Suite struct OCDSRecordBuilderTests {
    let builder = OCDSRecordBuilder()

    @Test func fullHistoryGivesFourReleasesWithTheirTags() throws {
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        #expect(record.ocid == "ocds-passerelle-T-2026-001")
        #expect(record.releases.map(\.tag) == [[.tender], [.tenderAmendment], [.award], [.contract]])
        #expect(record.releases.map(\.id) == [
            "ocds-passerelle-T-2026-001-1-tender", "ocds-passerelle-T-2026-001-2-tenderAmendment",
            "ocds-passerelle-T-2026-001-3-award", "ocds-passerelle-T-2026-001-4-contract",
        ])
        #expect(record.releases.allSatisfy { $0.ocid == record.ocid && $0.initiationType == .tender })
        #expect(record.releases.map(\.date.description) == [
            "2026-03-02T09:00:00Z", "2026-03-12T09:00:00Z", "2026-05-01T09:00:00Z", "2026-05-16T09:00:00Z",
        ])
    }

    @Test func everyReleaseHasTheRequiredFieldsInJSON() throws {
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        let json = try OCDSFixtures.jsonObject(record)
        #expect(json["ocid"] as? String == "ocds-passerelle-T-2026-001")
        let releases = try #require(json["releases"] as? [[String: Any]])
        let compiled = try #require(json["compiledRelease"] as? [String: Any])
        #expect(releases.count == 4)
        let dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/
        for release in releases + [compiled] {
            #expect((release["ocid"] as? String)?.isEmpty == false)
            #expect((release["id"] as? String)?.contains("#") == false)
            #expect((release["date"] as? String).map { $0.wholeMatch(of: dateTime) != nil } == true)
            #expect((release["tag"] as? [String])?.isEmpty == false)
            #expect(release["initiationType"] as? String == "tender")
            let tender = try #require(release["tender"] as? [String: Any])
            #expect(tender["id"] as? String == OCDSFixtures.tenderID)
        }
    }

    @Test func publicationReleaseCarriesTheWholeTender() throws {
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        let release = record.releases[0]
        let tender = try #require(release.tender)
        #expect(tender.status == .active)
        #expect(tender.procurementMethod == .open)
        #expect(tender.procurementMethodDetails == "Appel d'offres ouvert")
        #expect(tender.mainProcurementCategory == .works)
        #expect(tender.value == OCDSValue(cents: 12_345_678_901))
        #expect(tender.tenderPeriod?.endDate?.description == "2026-04-06T12:00:00Z")
        #expect(tender.lots?.map(\.id) == ["1", "2"])
        #expect(tender.lots?.allSatisfy { $0.status == .active } == true)
        #expect(tender.items?.map(\.classification?.id) == ["45213000-3", "45310000"])
        #expect(tender.items?.map(\.classification?.scheme) == ["CPV", "CPV"])
        #expect(tender.items?.map(\.relatedLot) == ["1", "2"])
        #expect(tender.documents?.map(\.id) == ["RC", "CCTP"])
        #expect(tender.documents?.first?.documentType == "biddingDocuments")
        #expect(release.buyer == OCDSOrganizationReference(id: "FR-SIRET-21210231300013", name: "Région Exemple"))
        #expect(release.parties?.first?.identifier == OCDSIdentifier(
            scheme: "FR-SIRET", id: "21210231300013", legalName: "Région Exemple"
        ))
        #expect(release.parties?.first?.roles == ["buyer"])
    }

    @Test func compiledReleaseHasTheAmendmentTheAwardAndTheContract() throws {
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: OCDSFixtures.fullHistory)
        let compiled = record.compiledRelease
        #expect(compiled.tag == [.compiled])
        #expect(compiled.id == "ocds-passerelle-T-2026-001-2026-05-16T09:00:00Z")
        #expect(compiled.date == record.releases[3].date)
        let tender = try #require(compiled.tender)
        #expect(tender.amendments == [
            OCDSAmendment(
                id: "AMD-1", date: OCDSDateTime(OCDSFixtures.day(10)), description: "CCTP lot 2 corrigé",
                rationale: "Erreur matérielle"
            )
        ])
        // The amendment's deadline wins; the start of the period is kept.
        #expect(tender.tenderPeriod?.startDate == OCDSDateTime(OCDSFixtures.day(0)))
        #expect(tender.tenderPeriod?.endDate == OCDSDateTime(OCDSFixtures.day(42, hour: 12)))
        // The replaced file keeps its first publication date and gains a modification date.
        let cctp = try #require(tender.documents?.first { $0.id == "CCTP" })
        #expect(cctp.title == "CCTP v2")
        #expect(cctp.description == "DCE version 2")
        #expect(cctp.datePublished == OCDSDateTime(OCDSFixtures.day(0)))
        #expect(cctp.dateModified == OCDSDateTime(OCDSFixtures.day(10)))
        #expect(tender.documents?.count == 2)
        // Published fields survive the later, partial releases.
        #expect(tender.title == "Rénovation du lycée")
        #expect(tender.lots?.map(\.title) == ["Gros œuvre", "Électricité"])
        #expect(tender.lots?.map(\.status) == [.complete, .complete])
        #expect(tender.status == .complete)

        #expect(compiled.awards?.map(\.id) == ["AW-1"])
        #expect(compiled.awards?.first?.relatedLots == ["1", "2"])
        #expect(compiled.awards?.first?.suppliers == [
            OCDSOrganizationReference(id: "FR-SIRET-55208131700018", name: "Bâtiments Martin SA")
        ])
        #expect(compiled.contracts == [
            OCDSContract(
                id: "C-1", awardID: "AW-1", status: .active, dateSigned: OCDSDateTime(OCDSFixtures.day(75)),
                value: OCDSValue(cents: 12_345_678_901)
            )
        ])
        #expect(compiled.parties?.map(\.id) == ["FR-SIRET-21210231300013", "FR-SIRET-55208131700018"])
        #expect(compiled.parties?.map(\.roles) == [["buyer"], ["supplier"]])
    }

    @Test func cancellationReleaseCancelsTheTenderAndItsOpenLots() throws {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication),
            .cancelled(.init(date: OCDSFixtures.day(20), reason: "Besoin redéfini")),
        ]
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: history)
        #expect(record.releases.map(\.tag) == [[.tender], [.tenderCancellation]])
        #expect(record.releases[1].id == "ocds-passerelle-T-2026-001-2-tenderCancellation")
        let tender = try #require(record.compiledRelease.tender)
        #expect(tender.status == .cancelled)
        #expect(tender.statusDetails == "Besoin redéfini")
        #expect(tender.lots?.map(\.status) == [.cancelled, .cancelled])
        #expect(record.compiledRelease.awards == nil)
    }

    @Test func deadlineChangeIsATenderAmendmentWithTheNewEndDate() throws {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication),
            .deadlineChanged(.init(date: OCDSFixtures.day(5), newDeadline: OCDSFixtures.day(40, hour: 12))),
        ]
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: history)
        #expect(record.releases[1].tag == [.tenderAmendment])
        let tender = try #require(record.compiledRelease.tender)
        #expect(tender.tenderPeriod?.endDate?.description == "2026-04-11T12:00:00Z")
        #expect(tender.amendments?.map(\.id) == ["deadline-1"])
        #expect(tender.amendments?.first?.description?.contains("2026-04-11T12:00:00Z") == true)
    }

    @Test func lotsEndSeparatelyAndTheTenderCompletesWhenEveryLotIsTerminal() throws {
        let lotOneAward = TenderHistoryEntry.Award(
            id: "AW-1", date: OCDSFixtures.day(60), lotIDs: ["1"], supplier: OCDSFixtures.supplier,
            amountCents: 9_900_000_000, status: .pending
        )
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication),
            .lotUnsuccessful(.init(date: OCDSFixtures.day(50), lotID: "2", reason: "Aucune offre")),
            .awarded(lotOneAward),
            .contractSigned(.init(id: "C-1", awardID: "AW-1", date: OCDSFixtures.day(75), amountCents: 9_900_000_000)),
        ]
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: history)
        #expect(record.releases.map(\.tag) == [[.tender], [.tender], [.award], [.contract]])
        #expect(record.releases[1].tender?.status == .active)
        #expect(record.releases[1].tender?.lots == [OCDSLot(id: "2", status: .unsuccessful)])
        let compiled = try #require(record.compiledRelease.tender)
        #expect(compiled.lots?.map(\.status) == [.complete, .unsuccessful])
        #expect(compiled.status == .complete)
        #expect(record.compiledRelease.awards?.first?.status == .pending)
    }

    @Test func tenderWithNoContractedLotIsUnsuccessful() throws {
        let history: [TenderHistoryEntry] = [
            .published(OCDSFixtures.publication),
            .lotUnsuccessful(.init(date: OCDSFixtures.day(50), lotID: nil, reason: "Offres inacceptables")),
        ]
        let record = try self.builder.record(tenderID: OCDSFixtures.tenderID, history: history)
        #expect(record.compiledRelease.tender?.status == .unsuccessful)
        #expect(record.compiledRelease.tender?.statusDetails == "Offres inacceptables")
        #expect(record.compiledRelease.tender?.lots?.map(\.status) == [.unsuccessful, .unsuccessful])
    }
}
