import CommonContracts
import ContractTypes
import DeskContracts
import DeskDomain
import Foundation
import Identifiers
import Identity
import NoticeRequests
import ServiceRuntime
import Storage

/// Aid applications (démarches-simplifiées' states, domain §5.3): the company drafts and submits its file, an
/// instructor of the funder takes it into instruction (the documents checklist complete), may send it back for
/// corrections, and decides. Every move is appended to `dossier_history`.
struct Dossiers: Sendable {
    let settings: DeskSettings
    let funders: Funders

    struct Draft: Codable, Sendable {
        var applicationId: String
        var siret: String
        var companyName: String
        var applicantName: String
        var applicantEmail: String
        var funderSiren: String
        var aidForm: AidForm
        var amountCents: Int64
        var project: String
    }

    struct Edit: Codable, Sendable {
        var amountCents: Int64?
        var project: String?
        var documents: [ApplicantDocument]?
    }

    // MARK: Who may act

    static func requireApplicant(_ caller: Caller, _ record: DossierRecord) throws {
        guard caller.isOperator || caller.isCompany(siret: record.siret) else {
            throw ServiceProblem(
                .forbidden, code: "notYourApplication", field: "applicationId", rule: "the applicant company (its SIRET), or operators",
                "this application belongs to another company")
        }
    }

    static func requireInstructor(_ caller: Caller, funder siren: String) throws {
        guard caller.isOperator || (caller.roles.contains(Caller.Role.instructor) && caller.actsFor(body: siren)) else {
            throw ServiceProblem(
                .forbidden, code: "notAnInstructor", field: "funderSiren", rule: "instructors of the funder's SIREN, or operators",
                "the caller does not instruct for \(siren)")
        }
    }

    static func requireViewer(_ caller: Caller, _ record: DossierRecord) throws {
        if caller.isCompany(siret: record.siret) || caller.isOperator { return }
        try Self.requireInstructor(caller, funder: record.funderSiren)
    }

    // MARK: The applicant

    func create(_ draft: Draft, by caller: Caller, _ transaction: ServiceTransaction) async throws -> DossierRecord {
        guard UUID(uuidString: draft.applicationId) != nil else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "applicationId", rule: "format uuid", "not a UUID")
        }
        guard (try? SIRET(draft.siret)) != nil else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "siret", rule: "luhn (domain §1.1)", "\(draft.siret) is not a valid SIRET")
        }
        for (field, value, limit) in [
            ("companyName", draft.companyName, 200), ("applicantName", draft.applicantName, 200), ("project", draft.project, 5000),
        ] where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || value.count > limit {
            throw ServiceProblem(.invalid, code: "invalidField", field: field, rule: "1 to \(limit) characters", "\(field) is empty or too long")
        }
        guard caller.isOperator || caller.isCompany(siret: draft.siret) else {
            throw ServiceProblem(
                .forbidden, code: "notYourCompany", field: "siret", rule: "a company applies for its own SIRET", "the token names another company")
        }
        guard self.funders.funder(draft.funderSiren) != nil else {
            throw ServiceProblem(.invalid, code: "unknownFunder", field: "funderSiren", rule: "a funder of catalogue/desk/funders.yaml", draft.funderSiren)
        }
        guard draft.amountCents > 0 else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "amountCents", rule: "range > 0", "the amount must be positive")
        }
        guard EmailAddress.isPlausible(draft.applicantEmail) else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "applicantEmail", rule: "format email", "not an e-mail address")
        }
        let now = self.settings.clock.now()
        let inserted = try await transaction.execute(
            """
            INSERT INTO dossiers (application_id, siret, company_name, applicant_subject, applicant_name, applicant_email, funder_siren,
                aid_form, amount_cents, project, state, created_at, updated_at)
            VALUES (\(draft.applicationId)::uuid, \(draft.siret), \(draft.companyName), \(caller.subject), \(draft.applicantName),
                \(draft.applicantEmail), \(draft.funderSiren), \(draft.aidForm.rawValue), \(draft.amountCents), \(draft.project),
                'brouillon', \(now), \(now))
            ON CONFLICT (application_id) DO NOTHING
            """)
        if inserted == 1 { try await self.history(draft.applicationId, .brouillon, caller.subject, nil, now, transaction) }
        guard let record = try await DossierRecord.load(draft.applicationId, full: true, in: transaction) else {
            throw ServiceProblem(.internal, "the application vanished")
        }
        try Self.requireApplicant(caller, record)
        return record
    }

    /// Changes the file; refused in instruction unless a correction was requested (domain §5.5), and once decided.
    func edit(_ applicationId: String, _ edit: Edit, by caller: Caller, _ transaction: ServiceTransaction) async throws -> DossierRecord {
        let record = try await self.load(applicationId, transaction)
        try Self.requireApplicant(caller, record)
        do throws(DossierError) {
            try record.dossier.checkEditable()
        } catch {
            throw ServiceProblem(.conflict, code: error.code.rawValue, field: "state", rule: "domain §5.5: no edit in instruction without a correction request", error.message)
        }
        if let project = edit.project, project.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || project.count > 5000 {
            throw ServiceProblem(.invalid, code: "invalidField", field: "project", rule: "1 to 5000 characters", "project is empty or too long")
        }
        if let amount = edit.amountCents, amount <= 0 {
            throw ServiceProblem(.invalid, code: "invalidField", field: "amountCents", rule: "range > 0", "the amount must be positive")
        }
        let documents = edit.documents.map { Array(Set(record.documents).union($0)).sorted { $0.rawValue < $1.rawValue } }
        try await transaction.execute(
            """
            UPDATE dossiers SET amount_cents = coalesce(\(edit.amountCents), amount_cents), project = coalesce(\(edit.project), project),
                documents = coalesce(\(documents.map { PostgresJSON($0) }), documents), updated_at = \(self.settings.clock.now())
            WHERE application_id = \(applicationId)::uuid
            """)
        return try await self.load(applicationId, full: true, transaction)
    }

    /// brouillon → enConstruction, or back from a correction (the instructor then takes it into instruction again).
    func submit(_ applicationId: String, by caller: Caller, _ transaction: ServiceTransaction) async throws -> DossierRecord {
        let record = try await self.load(applicationId, transaction)
        try Self.requireApplicant(caller, record)
        var dossier = record.dossier
        if record.state == .brouillon {
            try Self.refusal { () throws(DossierError) in try dossier.submit() }
        } else if record.state != .enConstruction {
            throw ServiceProblem(
                .conflict, code: "transitionNotAllowed", field: "state", rule: "submit from brouillon or enConstruction",
                "the application is \(record.state.rawValue)")
        }
        try await self.store(applicationId, dossier, actor: caller.subject, detail: "submitted by the applicant", transaction)
        return try await self.load(applicationId, full: true, transaction)
    }

    // MARK: The instructor

    func startInstruction(_ applicationId: String, by caller: Caller, _ transaction: ServiceTransaction) async throws -> DossierRecord {
        let record = try await self.load(applicationId, transaction)
        try Self.requireInstructor(caller, funder: record.funderSiren)
        guard record.missingDocuments.isEmpty else {
            throw ServiceProblem(
                .conflict, code: "documentsMissing", field: "documents", rule: "the documents checklist of the aid form (domain §5.4)",
                "missing: \(record.missingDocuments.map(\.rawValue).joined(separator: ", "))")
        }
        var dossier = record.dossier
        try Self.refusal { () throws(DossierError) in try dossier.startInstruction() }
        try await self.store(applicationId, dossier, actor: caller.subject, detail: nil, transaction)
        return try await self.load(applicationId, full: true, transaction)
    }

    func requestCorrection(
        _ applicationId: String, items: [DossierRecord.Correction], respondBy: CalendarDate?, by caller: Caller,
        _ transaction: ServiceTransaction
    ) async throws -> DossierRecord {
        let record = try await self.load(applicationId, transaction)
        try Self.requireInstructor(caller, funder: record.funderSiren)
        guard !items.isEmpty else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "items", rule: "minItems 1", "say what to correct")
        }
        var dossier = record.dossier
        let reason = items.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        try Self.refusal { () throws(DossierError) in try dossier.requestCorrection(reason: reason) }
        try await self.store(applicationId, dossier, actor: caller.subject, detail: reason, transaction)
        try await transaction.execute(
            "UPDATE dossiers SET corrections = \(PostgresJSON(items)) WHERE application_id = \(applicationId)::uuid")
        let now = self.settings.clock.now()
        let serial = try await transaction.query(
            "SELECT count(*) FROM dossier_history WHERE application_id = \(applicationId)::uuid").first?.decode(Int.self, at: 0) ?? 0
        try await transaction.publish(
            ApplicationCorrectionRequested(
                applicationId: applicationId, requestedAt: now,
                applicant: .init(fullName: record.applicantName, email: record.applicantEmail),
                items: items.map { .init(field: $0.field, message: $0.message) }, respondBy: respondBy),
            aggregate: applicationId, id: DerivedID.uuid("correction|\(applicationId)|\(serial)"))
        try await NoticeOutbox.desk.request(
            "desk-correction-requested", mandatory: true, to: [record.applicantEmail],
            variables: [
                "applicantName": record.applicantName, "items": reason, "respondBy": respondBy?.description,
                "link": "\(self.settings.publicURL)/dossiers/\(applicationId)",
            ],
            aggregate: ("dossier", applicationId), cause: "\(applicationId)|\(serial)", in: transaction)
        return try await self.load(applicationId, full: true, transaction)
    }

    // MARK: Helpers

    func load(_ applicationId: String, full: Bool = false, _ transaction: ServiceTransaction) async throws -> DossierRecord {
        guard let record = try await DossierRecord.load(applicationId, lock: !full, full: full, in: transaction) else {
            throw ServiceProblem(.notFound, code: "applicationNotFound", field: "applicationId", rule: "an aid application of the desk", applicationId)
        }
        return record
    }

    func store(_ applicationId: String, _ dossier: Dossier, actor: String, detail: String?, _ transaction: ServiceTransaction) async throws {
        let now = self.settings.clock.now()
        try await transaction.execute(
            """
            UPDATE dossiers SET state = \(dossier.state.rawValue), correction_requested = \(dossier.correctionRequested), updated_at = \(now)
            WHERE application_id = \(applicationId)::uuid
            """)
        try await self.history(applicationId, dossier.state, actor, detail, now, transaction)
    }

    private func history(
        _ applicationId: String, _ state: DossierState, _ actor: String, _ detail: String?, _ now: Date, _ transaction: ServiceTransaction
    ) async throws {
        try await transaction.execute(
            """
            INSERT INTO dossier_history (application_id, state, at, actor, detail)
            VALUES (\(applicationId)::uuid, \(state.rawValue), \(now), \(actor), \(detail))
            """)
    }

    static func refusal(_ body: () throws(DossierError) -> Void) throws {
        do throws(DossierError) {
            try body()
        } catch {
            throw ServiceProblem(
                .conflict, code: error.code.rawValue, field: "state", rule: "aid application states (domain §5.3)", error.message)
        }
    }
}
