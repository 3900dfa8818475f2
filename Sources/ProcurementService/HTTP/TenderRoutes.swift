import Foundation
import Hummingbird
import Identity
import ProcurementContracts
import ServiceRuntime
import Storage

/// `GET /tenders/{id}`: the tender's public status (no bid content, ever; the counts only for the buyer's
/// agents); `GET /tenders/{id}/history`: what happened, in order (the buyer's agents); `GET
/// /tenders/{id}/letters/{letterId}`: a rejection letter (the buyer's agents, or the company it is for).
enum TenderRoutes {
    struct Summary: Codable, Sendable {
        var tenderId: String
        var reference: String
        var title: String
        var buyer: String
        var procedure: TenderPublished.Procedure
        var procedureFamily: TenderPublished.ProcedureFamily
        var status: String
        var deadline: Date
        var dceVersion: Int
        var lots: [Lot]
        /// Only for agents of the buyer's SIREN and operators: before the deadline, who is competing is
        /// confidential (domain §2.7), and so are the counts.
        var counts: Counts?

        struct Counts: Codable, Sendable {
            var bids: Int
            var lateBids: Int
            var downloads: Int
            var identifiedDownloaders: Int
            var questions: Int
        }

        struct Lot: Codable, Sendable {
            var lotNumber: Int
            var title: String
            var status: String
        }
    }

    struct Entry: Codable, Sendable {
        var at: Date
        var kind: String
        var detail: String
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: ProcurementSettings) {
        routes.get(
            "/tenders/:id",
            .optionalToken(
                "anyone; agents of the buyer's SIREN and operators also get the counts",
                sees: "the public notice; the counts of bids, downloads and questions for the buyer")
        ) { _, context, access in
            let id = context.parameters.get("id") ?? ""
            let summary = try await host.withTransaction { try await Self.summary(id, for: access, $0) }
            return try ServiceHTTP.json(summary)
        }
        routes.get(
            "/tenders/:id/history",
            .token("agents of the buyer's SIREN, operators", sees: "every step of the tender, with the audit")
        ) { _, context, access in
            let id = context.parameters.get("id") ?? ""
            let entries = try await host.withTransaction { transaction in
                guard let tender = try await TenderRecord.load(id, lock: .none, in: transaction) else {
                    throw ServiceProblem.tenderNotFound(id)
                }
                try access.requireAgent(of: tender.buyerSiret)
                let rows = try await transaction.query(
                    "SELECT at, kind, detail::text FROM history WHERE tender_id = \(id)::uuid ORDER BY id")
                return try rows.map { row in
                    Entry(at: try row.decode(Date.self, at: 0), kind: try row.decode(String.self, at: 1),
                          detail: try row.decode(String.self, at: 2))
                }
            }
            return try ServiceHTTP.json(entries)
        }
        routes.get(
            "/tenders/:id/letters/:letter",
            .token(
                "agents of the buyer's SIREN, operators, and the company the letter is for",
                sees: "one rejection letter")
        ) { _, context, access in
            let id = context.parameters.get("id") ?? ""
            let letter = context.parameters.get("letter") ?? ""
            let caller = try access.requireCaller()
            guard UUID(uuidString: id) != nil, UUID(uuidString: letter) != nil else {
                throw ServiceProblem(.notFound, code: "fileNotFound", field: "letterId", rule: "ids are UUIDs", letter)
            }
            let found = try await host.withTransaction { transaction in
                let rows = try await transaction.query(
                    """
                    SELECT l.text, b.bidder_siret FROM rejection_letters l JOIN awards a ON a.award_id = l.award_id
                    JOIN bids b ON b.bid_id = l.bid_id
                    WHERE l.letter_id = \(letter)::uuid AND a.tender_id = \(id)::uuid
                    """)
                let tender = try await TenderRecord.load(id, lock: .none, in: transaction)
                return try rows.first.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1), tender?.buyerSiret) }
            }
            // The same answer whether the letter does not exist or is someone else's: no probing.
            guard let (text, bidder, buyer) = found,
                caller.isCompany(siret: bidder) || buyer.map({ caller.actsFor(body: $0) }) == true
            else {
                throw ServiceProblem(
                    .notFound, code: "fileNotFound", field: "letterId", rule: "a letter of yours exists", letter)
            }
            return Response.attachment(
                Data(text.utf8), contentType: "text/plain; charset=utf-8", fileName: "rejet-\(letter).txt")
        }
    }

    static func summary(_ id: String, for access: Access, _ transaction: ServiceTransaction) async throws -> Summary {
        guard let tender = try await TenderRecord.load(id, lock: .none, in: transaction) else {
            throw ServiceProblem.tenderNotFound(id)
        }
        let buyerSees = access.caller?.actsFor(body: tender.buyerSiret) == true
        // A draft is not public yet.
        guard tender.status != "draft" || buyerSees else { throw ServiceProblem.tenderNotFound(id) }
        let lots = try await transaction.query(
            "SELECT lot_number, title, status FROM lots WHERE tender_id = \(id)::uuid ORDER BY lot_number")
        let counts = try await transaction.query(
            """
            SELECT (SELECT count(*) FROM bids WHERE tender_id = \(id)::uuid AND NOT late)::int8,
                   (SELECT count(*) FROM bids WHERE tender_id = \(id)::uuid AND late)::int8,
                   (SELECT count(*) FROM downloads WHERE tender_id = \(id)::uuid)::int8,
                   (SELECT count(DISTINCT lower(email)) FROM downloads WHERE tender_id = \(id)::uuid)::int8,
                   (SELECT count(*) FROM questions WHERE tender_id = \(id)::uuid)::int8
            """)
        let row = counts[0]
        return Summary(
            tenderId: tender.tenderId, reference: tender.reference, title: tender.title, buyer: tender.buyerName,
            procedure: tender.procedure, procedureFamily: tender.procedureFamily, status: tender.status,
            deadline: tender.deadline, dceVersion: tender.dceVersion,
            lots: try lots.map { Summary.Lot(lotNumber: try $0.decode(Int.self, at: 0), title: try $0.decode(String.self, at: 1), status: try $0.decode(String.self, at: 2)) },
            counts: buyerSees
                ? Summary.Counts(
                    bids: Int(try row.decode(Int64.self, at: 0)), lateBids: Int(try row.decode(Int64.self, at: 1)),
                    downloads: Int(try row.decode(Int64.self, at: 2)),
                    identifiedDownloaders: Int(try row.decode(Int64.self, at: 3)),
                    questions: Int(try row.decode(Int64.self, at: 4)))
                : nil)
    }
}
