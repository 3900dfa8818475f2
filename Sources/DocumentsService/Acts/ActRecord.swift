import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage

/// An act as stored.
struct ActRecord: Sendable, Codable {
    var actId: String
    var siren: String
    var idActe: String
    var origin: Origin
    var nature: String
    var matter: String
    var classificationDate: CalendarDate
    var object: String
    var decisionDate: CalendarDate
    var paperDocument: Bool
    var signed: Bool
    var files: [FileStore.Stored]
    var package: FileStore.Stored?
    var status: ActStatus
    var statusAt: Date
    var receptionDate: CalendarDate?
    var legalityDeadline: CalendarDate?
    var detail: String?
    var cancellationPending: Bool
    /// When the authority published (or notified) the act; the act is enforceable once published and acknowledged.
    var publishedOn: CalendarDate?

    /// `enforceableAt = max(publishedAt, acknowledgedAt)` (domain §3.7): nil until both are known.
    var enforceableOn: CalendarDate? {
        self.receptionDate.flatMap { LegalTiming.enforceable(published: self.publishedOn, acknowledged: $0) }
    }

    static let columns = """
        act_id::text, siren, id_acte, origin_service, origin_reference, nature, matter, classification_date::text,
        object, decision_date::text, paper_document, signed, files, package, status, status_at, reception_date::text,
        legality_deadline::text, detail, cancellation_id IS NOT NULL, published_on::text
        """

    init(row: PostgresRow) throws {
        self.actId = try row.decode(String.self, at: 0)
        self.siren = try row.decode(String.self, at: 1)
        self.idActe = try row.decode(String.self, at: 2)
        self.origin = Origin(
            service: Origin.Service(rawValue: try row.decode(String.self, at: 3)) ?? .portal, reference: try row.decode(String.self, at: 4))
        self.nature = try row.decode(String.self, at: 5)
        self.matter = try row.decode(String.self, at: 6)
        self.classificationDate = CalendarDate(try row.decode(String.self, at: 7))!
        self.object = try row.decode(String.self, at: 8)
        self.decisionDate = CalendarDate(try row.decode(String.self, at: 9))!
        self.paperDocument = try row.decode(Bool.self, at: 10)
        self.signed = try row.decode(Bool.self, at: 11)
        self.files = try row.decode(PostgresJSON<[FileStore.Stored]>.self, at: 12).value
        self.package = try row.decode(PostgresJSON<FileStore.Stored>?.self, at: 13)?.value
        self.status = ActStatus(rawValue: try row.decode(Int.self, at: 14)) ?? .error
        self.statusAt = try row.decode(Date.self, at: 15)
        self.receptionDate = try row.decode(String?.self, at: 16).flatMap(CalendarDate.init)
        self.legalityDeadline = try row.decode(String?.self, at: 17).flatMap(CalendarDate.init)
        self.detail = try row.decode(String?.self, at: 18)
        self.cancellationPending = try row.decode(Bool.self, at: 19)
        self.publishedOn = try row.decode(String?.self, at: 20).flatMap(CalendarDate.init)
    }

    static func load(_ actId: String, lock: Bool, in transaction: ServiceTransaction) async throws -> ActRecord? {
        guard UUID(uuidString: actId) != nil else { return nil }
        let rows = try await transaction.query(
            "SELECT \(unescaped: self.columns) FROM acts WHERE act_id = \(actId)::uuid \(unescaped: lock ? "FOR UPDATE" : "")")
        return try rows.first.map(ActRecord.init(row:))
    }

    static func require(_ actId: String, lock: Bool, in transaction: ServiceTransaction) async throws -> ActRecord {
        guard let act = try await self.load(actId, lock: lock, in: transaction) else {
            throw ServiceProblem(.notFound, code: "actNotFound", field: "actId", rule: "an act of the service", "no act \(actId)")
        }
        return act
    }

    static func byIdActe(_ idActe: String, in transaction: ServiceTransaction) async throws -> ActRecord? {
        let rows = try await transaction.query("SELECT \(unescaped: self.columns) FROM acts WHERE id_acte = \(idActe) FOR UPDATE")
        return try rows.first.map(ActRecord.init(row:))
    }
}
