import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.tender.amend.v1` refused: the DCE version it edits, its file changes (after the new version
/// was begun: the refusal rolls it back) and the amendment deadline rule of domain §2.5.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct AmendRefusalTests {
    static let type = TenderAmend.messageType

    func amend(
        _ tender: String, version: Int = 1, _ changes: [TenderAmend.FileChange], newDeadline: Date? = nil
    ) -> TenderAmend {
        TenderAmend(
            tenderId: tender, amendmentId: Fixtures.id(), basedOnDceVersion: version, summary: "Mise à jour du DCE",
            fileChanges: changes, newTenderDeadline: newDeadline, requestedBy: .init(userId: "portal:buyer"))
    }

    func replace(
        _ name: String, _ bed: ProcurementBed, change: TenderAmend.FileChange.AddedOrReplaced.Change = .replaced
    )
        throws -> TenderAmend.FileChange
    {
        let claim = try bed.claims.file("amend-\(Fixtures.id())-\(name)", "\(name), version 2\n")
        return .addedOrReplaced(
            .init(
                change: change, kind: .cctp, fileName: name, uri: claim.uri, sha256: claim.sha256,
                sizeBytes: claim.sizeBytes))
    }

    @Test func fileChangesAreCheckedAndTheNewVersionRolledBack() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let cases: [(code: String, field: String, rule: String, amend: TenderAmend)] = [
                (
                    "staleDceVersion", "basedOnDceVersion", "current DCE version",
                    self.amend(tender, version: 3, [try self.replace("CCTP.pdf", bed)])
                ),
                (
                    "fileNotFound", "fileChanges[0].fileName", "a removed file exists",
                    self.amend(tender, [.removed(.init(fileName: "absent.pdf"))])
                ),
                (
                    "missingRc", "fileChanges[1]", "keeps its RC",
                    self.amend(tender, [try self.replace("CCTP.pdf", bed), .removed(.init(fileName: "RC.pdf"))])
                ),
                (
                    "fileNotFound", "fileChanges[0].fileName", "a replaced file exists",
                    self.amend(tender, [try self.replace("absent.pdf", bed)])
                ),
                (
                    "fileExists", "fileChanges[0].fileName", "an added file is new",
                    self.amend(tender, [try self.replace("CCTP.pdf", bed, change: .added)])
                ),
            ]
            for refusal in cases {
                let rejected = try await bed.refused(refusal.amend, id: refusal.amend.amendmentId)
                expectRefusal(rejected, refusal.code, field: refusal.field, rule: refusal.rule, of: Self.type)
                #expect(rejected.tenderId == tender)
            }
            // Version 2 was begun (files copied, one replaced) before each refusal, and rolled back.
            #expect(try await bed.count("SELECT count(*) FROM dce_files WHERE version > 1") == 0)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE dce_version = 1") == 1)
            #expect(try await bed.count("SELECT count(*) FROM amendments") == 0)
            #expect(try await bed.refusalAudits(Self.type, tender: tender) == cases.count)
        }
    }

    @Test func anAmendmentLeavesSevenDaysBeforeTheDeadline() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let changes = [try self.replace("CCTP.pdf", bed)]
            bed.clock.advance(by: tender.tenderDeadline.timeIntervalSince(bed.clock.now()) - 3 * Fixtures.day)
            let tooLate = self.amend(tender.tenderId, changes)
            expectRefusal(
                try await bed.refused(tooLate, id: tooLate.amendmentId), "amendmentNeedsExtension",
                field: "newTenderDeadline",
                rule: "amendment leaves 7 days", of: Self.type)
            let earlier = self.amend(
                tender.tenderId, changes, newDeadline: tender.tenderDeadline.addingTimeInterval(-60))
            expectRefusal(
                try await bed.refused(earlier, id: earlier.amendmentId), "deadlineNotLater", field: "newTenderDeadline",
                rule: "amendment leaves 7 days", of: Self.type)
            bed.passDeadline(of: tender)
            let passed = self.amend(
                tender.tenderId, changes, newDeadline: tender.tenderDeadline.addingTimeInterval(30 * Fixtures.day))
            expectRefusal(
                try await bed.refused(passed, id: passed.amendmentId), "deadlinePassed", field: "newTenderDeadline",
                rule: "amendment leaves 7 days", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM amendments") == 0)
            #expect(try await bed.count("SELECT count(*) FROM dce_files WHERE version > 1") == 0)
        }
    }

    @Test func onlyAPublishedTenderIsAmended() async throws {
        try await ProcurementBed.run { bed in
            let unknown = self.amend(Fixtures.id(), [.removed(.init(fileName: "CCTP.pdf"))])
            expectRefusal(
                try await bed.refused(unknown, id: unknown.amendmentId), "tenderNotFound", field: "tenderId",
                rule: "the tender must exist", of: Self.type)
            #expect(try await bed.refusalAudits(Self.type, tender: nil) == 1)
            let tender = try await bed.publishTender().tenderId
            try await bed.cancel(tender)
            let cancelled = self.amend(tender, [.removed(.init(fileName: "CCTP.pdf"))])
            expectRefusal(
                try await bed.refused(cancelled, id: cancelled.amendmentId), "invalidTransition", field: "tenderId",
                rule: "tender lifecycle", of: Self.type)
            #expect(try await bed.refusalAudits(Self.type, tender: tender) == 1)
        }
    }
}
