import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntimeTesting
import Testing

/// Domain §2.7: a deposit is in time only when received strictly before the deadline. A deposit received at
/// the deadline instant itself gets a receipt saying `late`, and the opening keeps it sealed: the receipt and
/// the opening agree, one millisecond either side of the deadline too.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct DeadlineInstantTests {
    /// Deposits over HTTP (the bed's own deposit route call) with procurement's clock stopped at `instant`;
    /// returns the bid id.
    func deposit(
        _ bed: ProcurementBed, _ tender: String, _ company: Fixtures.Company, at instant: Date
    ) async throws -> String {
        bed.clock.stop(at: instant)
        defer { bed.clock.resume() }
        return try await bed.deposit(tender, company, lots: [1], content: "Offre \(company.name) \(instant)")
    }

    /// The receipt the deposit was answered with (stored as given), with `late` and `receivedAt` read from it.
    func receipt(_ bed: ProcurementBed, _ bidId: String, late: Bool, receivedAt: Date) async throws -> Bool {
        let millis = Int64((receivedAt.timeIntervalSince1970 * 1000).rounded())
        return try await bed.count(
            """
            SELECT count(*) FROM bids WHERE bid_id = '\(bidId)' AND (receipt->>'late')::boolean = \(late)
              AND round(extract(epoch FROM received_at) * 1000) = \(millis)
              AND round(extract(epoch FROM (receipt->>'receivedAt')::timestamptz) * 1000) = \(millis)
            """) == 1
    }

    @Test func aDepositAtTheDeadlineInstantIsLateOnItsReceiptAndAtTheOpening() async throws {
        try await ProcurementBed.run { bed in
            let tender = try await bed.publishTender()
            let deadline = tender.tenderDeadline
            let millisecond = 0.001
            // BTP deposits 1 ms before the deadline, then again at the deadline; Routes 1 ms after it.
            let instants = [deadline - millisecond, deadline, deadline + millisecond]
            let ids = [
                try await self.deposit(bed, tender.tenderId, Fixtures.btp, at: instants[0]),
                try await self.deposit(bed, tender.tenderId, Fixtures.btp, at: instants[1]),
                try await self.deposit(bed, tender.tenderId, Fixtures.routes, at: instants[2]),
            ]
            for (index, late) in [false, true, true].enumerated() {
                #expect(
                    try await self.receipt(bed, ids[index], late: late, receivedAt: instants[index]),
                    "the receipt at \(index - 1) ms from the deadline says late: \(late)")
            }
            let received = try await bed.published(BidReceived.self, count: 3) { $0.tenderId == tender.tenderId }
            #expect(received.map(\.bidId) == ids)
            #expect(received.map(\.late) == [false, true, true])
            #expect(received[1].supersedesBidId == nil, "a late deposit supersedes nothing")

            try await bed.evaluate(tender)
            let opened = try await bed.published(BidsOpened.self) { $0.tenderId == tender.tenderId }
            #expect(opened.bids.map(\.bidId) == [ids[0]], "the opening opens exactly the deposits receipted in time")
            #expect(opened.lateBidsKept == 2)
            #expect(opened.supersededBids == 0)
            for (id, status) in zip(ids, ["opened", "late", "late"]) {
                #expect(try await bed.count("SELECT count(*) FROM bids WHERE bid_id = '\(id)' AND status = '\(status)'") == 1)
            }
        }
    }
}
