import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.tender.cancel.v1` ("déclaration sans suite") refused: a reason is required, and a
/// terminal tender stays as it is.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct CancelRefusalTests {
    static let type = TenderCancel.messageType

    @Test func aCancellationNeedsAReasonAndALiveTender() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            expectRefusal(
                try await bed.refused(Fixtures.cancel(tender, reasonText: "   "), id: tender), "missingData",
                field: "reasonText", rule: "R2185-1", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM tenders WHERE status = 'published'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM timers WHERE state = 'stale'") == 0)
            try await bed.cancel(tender)
            try await bed.send(Fixtures.cancel(tender))
            let refusals = try await bed.published(CommandRejected.self, count: 2) { $0.commandId == tender }
            expectRefusal(refusals[1], "invalidTransition", field: "tenderId", rule: "R2185-1", of: Self.type)
            #expect(try await bed.published(TenderCancelled.self, count: 0) { _ in true }.count == 1)
            #expect(try await bed.refusalAudits(Self.type, tender: tender) == 2)
        }
    }
}
