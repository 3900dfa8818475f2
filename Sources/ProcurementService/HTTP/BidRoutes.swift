import ContractMessaging
import Foundation
import Hummingbird
import Logging
import ServiceRuntime

/// `POST /tenders/{id}/bids`: the deposit is the request body; `bidderSiret`, `email`, `contactName`,
/// `lots` (comma-separated) and optionally `company`, `bidId` (idempotency key) and `uploadStartedAt` are
/// query parameters. Answers 201 with the receipt (time of receipt, SHA-256), or 200 with the same receipt
/// when `bidId` was already received with the same content.
enum BidRoutes {
    static func add(to router: Router<BasicRequestContext>, host: ServiceHost, intake: BidIntake) {
        router.post("/tenders/:id/bids") { request, context in
            let id = context.parameters.get("id") ?? ""
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: intake.settings.maxBidBytes)
            } catch {
                throw ServiceProblem(
                    .tooLarge, code: "bidTooLarge", field: "content",
                    rule: "a deposit is at most \(intake.settings.maxBidBytes) bytes", "the deposit is too large")
            }
            let deposit = try Self.deposit(request, tenderId: id, content: Data(body.readableBytesView))
            let outcome: BidIntake.Outcome
            do {
                outcome = try await host.withTransaction { transaction in
                    try await intake.receive(deposit, in: transaction)
                }
            } catch let problem as ServiceProblem {
                throw problem
            } catch {
                context.logger.error("deposit not recorded", metadata: ["error": "\(error)"])
                throw ServiceProblem(.unavailable, "the deposit was not recorded; send it again")
            }
            switch outcome {
            case .received(let receipt): return try ServiceHTTP.json(receipt, status: .created)
            case .duplicate(let receipt): return try ServiceHTTP.json(receipt, status: .ok)
            }
        }
    }

    private static func deposit(_ request: Request, tenderId: String, content: Data) throws -> BidIntake.Deposit {
        func required(_ name: String) throws -> String {
            guard let value = request.query(name) else {
                throw ServiceProblem(
                    .invalid, code: "missingParameter", field: name, rule: "\(name) is required", "\(name) is missing")
            }
            return value
        }
        let lotsText = try required("lots")
        let lots = lotsText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard lots.count == lotsText.split(separator: ",").count else {
            throw ServiceProblem(
                .invalid, code: "invalidLots", field: "lots", rule: "lots is a comma-separated list of lot numbers",
                "\(lotsText)")
        }
        var started: Date?
        if let text = request.query("uploadStartedAt") {
            guard let date = ContractCoding.parse(text) else {
                throw ServiceProblem(
                    .invalid, code: "invalidTimestamp", field: "uploadStartedAt", rule: "RFC 3339 date-time", "\(text)")
            }
            started = date
        }
        return BidIntake.Deposit(
            bidId: request.query("bidId") ?? UUID().uuidString.lowercased(), tenderId: tenderId,
            bidderSiret: try required("bidderSiret"), company: request.query("company"), lotNumbers: lots,
            contactName: try required("contactName"), email: try required("email"), uploadStartedAt: started,
            content: content)
    }
}
