import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// `procurement.bid.submit.v1`, the portal's deposit by claim check, is checked like an HTTP deposit and
/// refused with `procurement.command.rejected.v1`.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct BidSubmitRefusalTests {
    static let type = BidSubmit.messageType

    func submit(_ bed: ProcurementBed, tender: String, lots: [Int] = [1], uri: String? = nil) throws -> BidSubmit {
        var deposit = try bed.claims.file("offre-\(Fixtures.id()).pdf", "Offre scellée")
        if let uri { deposit.uri = uri }
        return BidSubmit(
            bidId: Fixtures.id(), tenderId: tender, lotNumbers: lots, bidderSiret: Fixtures.btp.siret,
            depositor: .init(contactName: Fixtures.btp.contact, email: Fixtures.btp.email),
            uploadStartedAt: bed.clock.now(), sealedDeposit: deposit, requestedBy: .init(userId: "portal:bidder"))
    }

    @Test func aSubmittedBidNeedsItsTenderItsLotsAndItsFile() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender().tenderId
            let stray = try self.submit(bed, tender: tender, lots: [1, 7])
            expectRefusal(
                try await bed.refused(stray, id: stray.bidId), "unknownLot", field: "lotNumbers",
                rule: "lots of the tender",
                of: Self.type)
            let missing = try self.submit(
                bed, tender: tender, uri: bed.claims.directory.appendingPathComponent("absent.pdf").absoluteString)
            expectRefusal(
                try await bed.refused(missing, id: missing.bidId), "claimOutsideStore", field: "sealedDeposit.uri",
                rule: "inside the claims directory", of: Self.type)
            let nowhere = try self.submit(bed, tender: Fixtures.id())
            expectRefusal(
                try await bed.refused(nowhere, id: nowhere.bidId), "tenderNotFound", field: "tenderId",
                rule: "must exist", of: Self.type)
            #expect(try await bed.count("SELECT count(*) FROM bids") == 0)
            #expect(try await bed.refusalAudits(Self.type, tender: tender) == 2)
            #expect(try await bed.refusalAudits(Self.type, tender: nil) == 1)
        }
    }
}
