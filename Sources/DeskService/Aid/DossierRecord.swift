import DeskDomain
import Foundation
import ServiceRuntime
import Storage

/// An aid application as stored (`dossiers`), with its decision when there is one.
struct DossierRecord: Sendable, Codable {
    struct Correction: Sendable, Codable {
        var field: String
        var message: String
    }

    struct Decision: Sendable, Codable {
        var decisionId: String
        var outcome: String
        var aidForm: String?
        var amountCents: Int64?
        var votedAt: String?
        var decisionBody: String?
        var motivation: String?
        var deMinimisBeforeCents: Int64?
        var deMinimisExceeded: Bool
        var byDeliberation: Bool
        var actStatus: String?
        var idActe: String?
        var actDetail: String?
        var enforceableAt: Date?
        var decidedAt: Date
    }

    struct Entry: Sendable, Codable {
        var state: String
        var at: Date
        var actor: String
        var detail: String?
    }

    var applicationId: String
    var siret: String
    var companyName: String
    var applicantSubject: String
    var applicantName: String
    var applicantEmail: String
    var funderSiren: String
    var aidForm: AidForm
    var amountCents: Int64
    var project: String
    var documents: [ApplicantDocument]
    var state: DossierState
    var correctionRequested: Bool
    var corrections: [Correction]?
    var missingDocuments: [ApplicantDocument]
    var decision: Decision?
    var history: [Entry]?

    var dossier: Dossier { Dossier(state: self.state, correctionRequested: self.correctionRequested) }

    static let columns = """
        application_id::text, siret, company_name, applicant_subject, applicant_name, applicant_email, funder_siren, aid_form,
        amount_cents, project, documents, state, correction_requested, corrections
        """

    init(row: PostgresRow) throws {
        self.applicationId = try row.decode(String.self, at: 0)
        self.siret = try row.decode(String.self, at: 1)
        self.companyName = try row.decode(String.self, at: 2)
        self.applicantSubject = try row.decode(String.self, at: 3)
        self.applicantName = try row.decode(String.self, at: 4)
        self.applicantEmail = try row.decode(String.self, at: 5)
        self.funderSiren = try row.decode(String.self, at: 6)
        self.aidForm = AidForm(rawValue: try row.decode(String.self, at: 7)) ?? .subsidy
        self.amountCents = try row.decode(Int64.self, at: 8)
        self.project = try row.decode(String.self, at: 9)
        self.documents = try row.decode(PostgresJSON<[ApplicantDocument]>.self, at: 10).value
        self.state = DossierState(rawValue: try row.decode(String.self, at: 11)) ?? .brouillon
        self.correctionRequested = try row.decode(Bool.self, at: 12)
        self.corrections = try row.decode(PostgresJSON<[Correction]>?.self, at: 13)?.value
        self.missingDocuments = DocumentChecklist.standard.missing(for: self.aidForm, provided: Set(self.documents))
    }

    static func load(
        _ applicationId: String, lock: Bool = false, full: Bool = false, in transaction: ServiceTransaction
    ) async throws -> DossierRecord? {
        guard UUID(uuidString: applicationId) != nil else { return nil }
        let rows = try await transaction.query(
            """
            SELECT \(unescaped: Self.columns) FROM dossiers WHERE application_id = \(applicationId)::uuid
            \(unescaped: lock ? "FOR UPDATE" : "")
            """)
        guard var record = try rows.first.map(DossierRecord.init(row:)) else { return nil }
        guard full else { return record }
        record.decision = try await transaction.query(
            """
            SELECT decision_id::text, outcome, aid_form, amount_cents, voted_at::text, decision_body, motivation, de_minimis_before,
                   de_minimis_exceeded, by_deliberation, act_status, id_acte, act_detail, enforceable_at, decided_at
            FROM aid_decisions WHERE application_id = \(applicationId)::uuid
            """
        ).first.map {
            Decision(
                decisionId: try $0.decode(String.self, at: 0), outcome: try $0.decode(String.self, at: 1),
                aidForm: try $0.decode(String?.self, at: 2), amountCents: try $0.decode(Int64?.self, at: 3),
                votedAt: try $0.decode(String?.self, at: 4), decisionBody: try $0.decode(String?.self, at: 5),
                motivation: try $0.decode(String?.self, at: 6), deMinimisBeforeCents: try $0.decode(Int64?.self, at: 7),
                deMinimisExceeded: try $0.decode(Bool.self, at: 8), byDeliberation: try $0.decode(Bool.self, at: 9),
                actStatus: try $0.decode(String?.self, at: 10), idActe: try $0.decode(String?.self, at: 11),
                actDetail: try $0.decode(String?.self, at: 12), enforceableAt: try $0.decode(Date?.self, at: 13),
                decidedAt: try $0.decode(Date.self, at: 14))
        }
        record.history = try await transaction.query(
            "SELECT state, at, actor, detail FROM dossier_history WHERE application_id = \(applicationId)::uuid ORDER BY id"
        ).map {
            Entry(
                state: try $0.decode(String.self, at: 0), at: try $0.decode(Date.self, at: 1), actor: try $0.decode(String.self, at: 2),
                detail: try $0.decode(String?.self, at: 3))
        }
        return record
    }
}
