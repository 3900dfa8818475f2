import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.bids.open.v1` refused (domain §2.3, §2.7): never before the deadline, only once the tender
/// is closed, only by an opener; every refused attempt is audited on the tender.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct OpeningRefusalTests {
    static let type = BidsOpen.messageType
    static let rule = "Directive 2014/24 annex IV"

    @Test func bidsAreOpenedAfterTheDeadlineByAnOpener() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            _ = try await bed.deposit(tender.tenderId, Fixtures.btp, lots: [1], content: "Offre BTP")
            let early = Fixtures.open(tender.tenderId)
            expectRefusal(
                try await bed.refused(early, id: early.openingId), "deadlineNotReached", field: "tenderId",
                rule: Self.rule,
                of: Self.type)
            // Past the deadline, but the closing timer has not run: the tender is not closed yet.
            bed.passDeadline(of: tender)
            let unclosed = Fixtures.open(tender.tenderId)
            expectRefusal(
                try await bed.refused(unclosed, id: unclosed.openingId), "invalidTransition", field: "tenderId",
                rule: "tender lifecycle", of: Self.type)
            try await bed.close(tender)
            let buyer = Fixtures.open(tender.tenderId, role: .buyer)
            expectRefusal(
                try await bed.refused(buyer, id: buyer.openingId), "notAuthorised", field: "requestedBy.role",
                rule: Self.rule, of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM openings") == 0)
            #expect(try await bed.count("SELECT count(*) FROM bids WHERE status = 'opened'") == 0)
            #expect(try await bed.refusalAudits(Self.type, tender: tender.tenderId) == 3)
        }
    }
}
