import ContractMessaging
import Foundation
import Hummingbird
import Identity
import Logging
import ServiceRuntime

/// `POST /tenders/{id}/bids`: the deposit is the request body, made by a company whose token names its
/// SIRET (the bidder is that SIRET: a `bidderSiret` parameter naming another one is refused); `contactName`,
/// `lots` (comma-separated) and optionally `email` (default the token's), `company`, `bidId` (idempotency
/// key) and `uploadStartedAt` are query parameters. Answers 201 with the receipt (time of receipt,
/// SHA-256), or 200 with the same receipt when `bidId` was already received with the same content.
enum BidRoutes {
    static func add(to routes: ServiceRoutes, host: ServiceHost, intake: BidIntake) {
        routes.post(
            "/tenders/:id/bids",
            .token(
                "a company whose token's SIRET is the bidder's", sees: "its own receipt",
                bodyLimit: intake.settings.maxBidBytes
            ).tooLarge(code: "bidTooLarge", field: "content")
        ) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let company = try access.require("a company token with the bidder's SIRET") { $0.siret != nil && $0.siren == nil }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: intake.settings.maxBidBytes)
            } catch {
                throw ServiceProblem(
                    .tooLarge, code: "bidTooLarge", field: "content",
                    rule: "a deposit is at most \(intake.settings.maxBidBytes) bytes", "the deposit is too large")
            }
            let deposit = try Self.deposit(request, tenderId: id, company: company, content: Data(body.readableBytesView))
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

    private static func deposit(_ request: Request, tenderId: String, company: Caller, content: Data) throws -> BidIntake.Deposit {
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
        let siret = company.siret ?? ""
        if let named = request.query("bidderSiret"), named != siret {
            throw ServiceProblem(
                .forbidden, code: "notTheBidder", field: "bidderSiret", rule: "the bidder is the token's SIRET",
                "a company deposits only its own bids")
        }
        guard let email = request.query("email") ?? company.email else {
            throw ServiceProblem(
                .invalid, code: "missingParameter", field: "email", rule: "email is required when the token has none",
                "email is missing")
        }
        return BidIntake.Deposit(
            bidId: request.query("bidId") ?? UUID().uuidString.lowercased(), tenderId: tenderId,
            bidderSiret: siret, company: request.query("company"), lotNumbers: lots,
            contactName: try required("contactName"), email: email, uploadStartedAt: started,
            content: content)
    }
}
