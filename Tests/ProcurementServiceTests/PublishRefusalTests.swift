import Foundation
import ProcurementContracts
import ProcurementDomain
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.tender.publish.v1` refused: identifiers, the DCE, the procedure and its deadline. Nothing
/// is written but the audit row and `procurement.command.rejected.v1`.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct PublishRefusalTests {
    static let type = TenderPublish.messageType

    func publish(_ bed: ProcurementBed, _ edit: (inout TenderPublish) -> Void) throws -> TenderPublish {
        var command = Fixtures.publish(now: bed.clock.now(), dce: try bed.claims.dce(Fixtures.id()))
        edit(&command)
        return command
    }

    @Test func identifiersLotsAndTheDCEAreChecked() async throws {
        try await ProcurementBed.run { bed in
            let cases: [(code: String, field: String, rule: String, edit: (inout TenderPublish) -> Void)] = [
                ("invalidCpv", "mainCpv", "CPV 2008", { $0.mainCpv = "99999999" }),
                ("invalidCpv", "lots[1].cpv", "CPV 2008", { $0.lots[1].cpv = "99999999" }),
                (
                    "invalidDepartement", "executionPlace.departement", "département",
                    {
                        $0.executionPlace = .init(departement: "020")
                    }
                ),
                ("duplicateLot", "lots", "lot numbers are unique", { $0.lots[1].lotNumber = 1 }),
                ("missingRc", "dceFiles", "at least the RC", { $0.dceFiles.removeFirst() }),
                ("invalidFileNames", "dceFiles", "unique", { $0.dceFiles[1].fileName = "RC.pdf" }),
                (
                    "invalidQuestionsClose", "questionsCloseAt", "before the deadline",
                    {
                        $0.questionsCloseAt = $0.tenderDeadline.addingTimeInterval(60)
                    }
                ),
            ]
            for refusal in cases {
                let command = try self.publish(bed, refusal.edit)
                let rejected = try await bed.refused(command, id: command.tenderId)
                expectRefusal(rejected, refusal.code, field: refusal.field, rule: refusal.rule, of: Self.type)
                #expect(rejected.tenderId == command.tenderId)
            }
            #expect(try await bed.count("SELECT count(*) FROM tenders") == 0)
            #expect(try await bed.count("SELECT count(*) FROM dce_files") == 0)
            #expect(try await bed.refusalAudits(Self.type, tender: nil) == cases.count)
        }
    }

    @Test func theProcedureAndTheDeadlineFollowTheCode() async throws {
        try await ProcurementBed.run { bed in
            let unsupported = try self.publish(bed) { $0.procedure = .competitiveDialogue }
            expectRefusal(
                try await bed.refused(unsupported, id: unsupported.tenderId), "procedureNotSupported",
                field: "procedure",
                rule: "Passerelle runs", of: Self.type)
            // 300 000 € of services for a commune is over the EU threshold: an adapted procedure is not allowed.
            let adapted = try self.publish(bed) { $0.estimatedValueHtCents = 30_000_000 }
            expectRefusal(
                try await bed.refused(adapted, id: adapted.tenderId), "procedureNotAllowed", field: "procedure",
                rule: "L2124-1", of: Self.type)
            let short = try self.publish(bed) {
                $0.procedure = .open
                $0.estimatedValueHtCents = 30_000_000
                $0.tenderDeadline = bed.clock.now().addingTimeInterval(10 * Fixtures.day)
            }
            expectRefusal(
                try await bed.refused(short, id: short.tenderId), "deadlineTooShort", field: "tenderDeadline",
                rule: "R2161-2", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM tenders") == 0)
            #expect(try await bed.count("SELECT count(*) FROM timers") == 0)
        }
    }

    @Test func aTenderIsPublishedOnce() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            var again = tender
            again.title = "Un autre titre"
            let rejected = try await bed.refused(again, id: tender.tenderId)
            expectRefusal(rejected, "alreadyPublished", field: "tenderId", rule: "idempotent", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE title = 'Un autre titre'") == 0)
            #expect(try await bed.refusalAudits(Self.type, tender: tender.tenderId) == 1)
        }
    }

    @Test func noThresholdTableForTheDateRefusesPublication() async throws {
        var rules = ProcurementRules.default
        rules.thresholdPeriods = []
        try await ProcurementBed.run(rules: rules) { bed in
            let command = try self.publish(bed) { _ in }
            expectRefusal(
                try await bed.refused(command, id: command.tenderId), "noRuleForDate", field: "estimatedValueHtCents",
                rule: "CCP annexe 2", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM tenders") == 0)
        }
    }
}
