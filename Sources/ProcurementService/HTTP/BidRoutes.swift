import ContractMessaging
import Foundation
import Hummingbird
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
            do {
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: intake.settings.maxBidBytes)
                } catch {
                    throw ProcurementRefusal(
                        "bidTooLarge", rule: "a deposit is at most \(intake.settings.maxBidBytes) bytes", field: "content",
                        "the deposit is too large")
                }
                let deposit = try Self.deposit(request, tenderId: id, content: Data(body.readableBytesView))
                let outcome = try await host.withTransaction { transaction in
                    try await intake.receive(deposit, in: transaction)
                }
                switch outcome {
                case .received(let receipt): return HTTPReply.json(receipt, status: .created)
                case .duplicate(let receipt): return HTTPReply.json(receipt, status: .ok)
                }
            } catch let refusal as ProcurementRefusal {
                return HTTPReply.refusal(refusal)
            } catch {
                return HTTPReply.json(
                    ["error": ["code": "internal", "message": "the deposit was not recorded; send it again"]],
                    status: .serviceUnavailable)
            }
        }
    }

    private static func deposit(_ request: Request, tenderId: String, content: Data) throws -> BidIntake.Deposit {
        func required(_ name: String) throws -> String {
            guard let value = request.query(name) else {
                throw ProcurementRefusal("missingParameter", rule: "\(name) is required", field: name, "\(name) is missing")
            }
            return value
        }
        let lotsText = try required("lots")
        let lots = lotsText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard lots.count == lotsText.split(separator: ",").count else {
            throw ProcurementRefusal("invalidLots", rule: "lots is a comma-separated list of lot numbers", field: "lots", "\(lotsText)")
        }
        var started: Date?
        if let text = request.query("uploadStartedAt") {
            guard let date = ContractCoding.parse(text) else {
                throw ProcurementRefusal("invalidTimestamp", rule: "RFC 3339 date-time", field: "uploadStartedAt", "\(text)")
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
