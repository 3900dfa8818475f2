import CommonContracts
import Foundation
import ProcurementContracts
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

/// The steps that bring a tender to the state a refusal needs, through the service's own commands, routes
/// and timers.
extension ProcurementBed {
    /// Publishes a tender (an RC and a CCTP) and waits for `procurement.tender.published.v1`.
    @discardableResult
    func publishTender(
        procedure: TenderPublish.Procedure = .adapted, valueCents: Int = 8_000_000, deadlineDays: Double = 40
    ) async throws -> TenderPublish {
        let command = Fixtures.publish(
            now: self.clock.now(), dce: try self.claims.dce(Fixtures.id()), procedure: procedure,
            valueCents: valueCents,
            deadlineDays: deadlineDays)
        try await self.send(command)
        _ = try await self.published(TenderPublished.self) { $0.tenderId == command.tenderId }
        return command
    }

    /// A formalised procedure (open, 300 000 €): awards to more than one bidder wait for the standstill.
    func publishFormalisedTender() async throws -> TenderPublish {
        try await self.publishTender(procedure: .open, valueCents: 30_000_000, deadlineDays: 45)
    }

    /// Cancels a tender and waits for it.
    func cancel(_ tender: String) async throws {
        try await self.send(Fixtures.cancel(tender))
        _ = try await self.published(TenderCancelled.self) { $0.tenderId == tender }
    }

    /// Deposits a bid over HTTP (201); returns its id.
    func deposit(_ tender: String, _ company: Fixtures.Company, lots: [Int], content: String) async throws -> String {
        let path = HTTPClient.path(
            "/tenders/\(tender)/bids",
            [("contactName", company.contact), ("company", company.name), ("lots", lots.map(String.init).joined(separator: ","))])
        let answer = try await self.http(as: try await self.companyToken(company)).request("POST", path, body: Data(content.utf8))
        try #require(answer.status == 201, "deposit answered \(answer.status)")
        let receipt = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
        return try #require(receipt?["bidId"] as? String)
    }

    /// Moves procurement's clock past the tender's deadline (the closing timer is not due yet in real time).
    func passDeadline(of tender: TenderPublish) {
        self.clock.advance(by: tender.tenderDeadline.timeIntervalSince(self.clock.now()) + 3600)
    }

    /// Passes the deadline and lets the closing timer fire now; waits for the tender to be closed.
    func close(_ tender: TenderPublish) async throws {
        self.passDeadline(of: tender)
        _ = try await self.bed.host.withTransaction { transaction in
            try await transaction.execute(
                """
                UPDATE outbox SET deliver_at = now()
                WHERE sent_at IS NULL AND message_type = 'procurement.timer.fired.v1'
                """)
        }
        try await self.waitFor(
            "SELECT count(*) FROM tenders WHERE tender_id = '\(tender.tenderId)' AND status = 'closed'")
    }

    /// Closes the tender and opens its bids: the tender is in evaluation.
    func evaluate(_ tender: TenderPublish) async throws {
        try await self.close(tender)
        try await self.send(Fixtures.open(tender.tenderId))
        _ = try await self.published(BidsOpened.self) { $0.tenderId == tender.tenderId }
        try await self.waitFor(
            "SELECT count(*) FROM tenders WHERE tender_id = '\(tender.tenderId)' AND status = 'evaluation'")
    }
}
