import ContractMessaging
import Foundation
import ProcurementContracts
import ServiceRuntime
import Storage

/// One row of `tenders`, as the handlers need it.
struct TenderRecord: Sendable {
    var tenderId: String
    var reference: String
    var title: String
    var buyerSiret: String
    var buyerName: String
    var buyerKind: ProcurementContracts.Buyer.Kind
    var procedure: TenderPublished.Procedure
    var procedureFamily: TenderPublished.ProcedureFamily
    var mainCpv: String
    var departement: String?
    var urgency: Bool
    var status: String
    var publishedAt: Date?
    var deadline: Date
    var questionsCloseAt: Date?
    var dceVersion: Int
    var standstillRequired: Bool
    var actesRequired: Bool
    var legalChallenge: Bool
    var deadlineTimer: UUID?
    var keyID: String
    var wrappedKey: Data

    enum Lock: String {
        case none = ""
        case share = "FOR SHARE"
        case update = "FOR UPDATE"
    }

    /// Loads a tender; `nil` when there is none.
    static func load(_ id: String, lock: Lock, in transaction: ServiceTransaction) async throws -> TenderRecord? {
        guard UUID(uuidString: id) != nil else { return nil }
        let rows = try await transaction.query(
            """
            SELECT tender_id::text, reference, title, buyer_siret, buyer_name, buyer_kind, procedure, procedure_family,
                   main_cpv, departement, urgency, status, published_at, deadline, questions_close_at, dce_version,
                   standstill_required, actes_required, legal_challenge, deadline_timer, key_id, wrapped_key
            FROM tenders WHERE tender_id = \(id)::uuid \(unescaped: lock.rawValue)
            """)
        guard let row = rows.first else { return nil }
        return TenderRecord(
            tenderId: try row.decode(String.self, at: 0), reference: try row.decode(String.self, at: 1),
            title: try row.decode(String.self, at: 2), buyerSiret: try row.decode(String.self, at: 3),
            buyerName: try row.decode(String.self, at: 4),
            buyerKind: try ContractEnum.stored(try row.decode(String.self, at: 5), column: "tenders.buyer_kind"),
            procedure: try ContractEnum.stored(try row.decode(String.self, at: 6), column: "tenders.procedure"),
            procedureFamily: try ContractEnum.stored(try row.decode(String.self, at: 7), column: "tenders.procedure_family"),
            mainCpv: try row.decode(String.self, at: 8), departement: try row.decode(String?.self, at: 9),
            urgency: try row.decode(Bool.self, at: 10), status: try row.decode(String.self, at: 11),
            publishedAt: try row.decode(Date?.self, at: 12), deadline: try row.decode(Date.self, at: 13),
            questionsCloseAt: try row.decode(Date?.self, at: 14), dceVersion: try row.decode(Int.self, at: 15),
            standstillRequired: try row.decode(Bool.self, at: 16), actesRequired: try row.decode(Bool.self, at: 17),
            legalChallenge: try row.decode(Bool.self, at: 18), deadlineTimer: try row.decode(UUID?.self, at: 19),
            keyID: try row.decode(String.self, at: 20), wrappedKey: try row.decode(Data.self, at: 21))
    }

    /// Loads a tender or refuses the command.
    static func require(_ id: String, lock: Lock, in transaction: ServiceTransaction) async throws -> TenderRecord {
        guard let tender = try await load(id, lock: lock, in: transaction) else {
            throw ServiceProblem.tenderNotFound(id)
        }
        return tender
    }

    /// Sets the status.
    static func setStatus(_ id: String, _ status: String, in transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            "UPDATE tenders SET status = \(status), updated_at = now() WHERE tender_id = \(id)::uuid")
    }
}

/// The register counts and instant carried by mandatory-notice events.
enum Register {
    static func recipients(_ tenderId: String, asOf: Date, in transaction: ServiceTransaction) async throws
        -> MandatoryRecipients
    {
        let rows = try await transaction.query(
            """
            SELECT (SELECT count(DISTINCT lower(email)) FROM downloads
                     WHERE tender_id = \(tenderId)::uuid AND email IS NOT NULL AND downloaded_at <= \(asOf)),
                   (SELECT count(DISTINCT bidder_siret) FROM bids
                     WHERE tender_id = \(tenderId)::uuid AND received_at <= \(asOf))
            """)
        return MandatoryRecipients(
            tenderId: tenderId, asOf: asOf,
            identifiedDownloaders: Int(try rows[0].decode(Int64.self, at: 0)), bidders: Int(try rows[0].decode(Int64.self, at: 1)))
    }
}

/// The tender's published history (OCDS export, timeline) and the audit trail.
enum Journal {
    static func record<Detail: Encodable & Sendable>(
        _ tenderId: String, _ kind: String, at instant: Date, _ detail: Detail, in transaction: ServiceTransaction
    ) async throws {
        let json = String(decoding: try ContractCoding.makeEncoder().encode(detail), as: UTF8.self)
        try await transaction.execute(
            """
            INSERT INTO history (tender_id, at, kind, detail) VALUES (\(tenderId)::uuid, \(instant), \(kind), \(json)::jsonb)
            """)
    }

    static func audit(
        _ tenderId: String?, actor: String, action: String, outcome: String, detail: String? = nil,
        in transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            INSERT INTO audit (tender_id, actor, action, outcome, detail)
            VALUES (\(tenderId)::uuid, \(actor), \(action), \(outcome), \(detail))
            """)
    }
}
