import CommonContracts
import ContractTypes
import DeskContracts
import DeskDomain
import Foundation
import Identity
import NoticeRequests
import ServiceRuntime
import Storage

/// The decision on an application in instruction (domain §5.3), from the instructor's route or `desk.aid.decide.v1`.
/// A granted aid is checked against the de minimis ledger of the company's SIREN (flagged, not refused: the
/// instructor decides) and written to it; a decision taken by deliberation names its PDF by claim check and goes
/// to the prefecture through document exchange (`desk.aid.decided.v1`, domain §8 flow 7).
struct AidDecisions: Sendable {
    let settings: DeskSettings
    let funders: Funders

    struct Input: Codable, Sendable {
        struct Aid: Codable, Sendable {
            var aidForm: AidForm
            var amountCents: Int64
            var votedAt: CalendarDate
            var decisionBody: String?
        }

        struct Deliberation: Codable, Sendable {
            var numeroInterne: String
            var matter: String
            var object: String
            var document: ClosedFileReference
        }

        var outcome: DossierState
        var aid: Aid?
        var deliberation: Deliberation?
        var motivation: String?
    }

    func decide(_ applicationId: String, _ input: Input, by caller: Caller, _ transaction: ServiceTransaction) async throws
        -> DossierRecord
    {
        let dossiers = Dossiers(settings: self.settings, funders: self.funders)
        let record = try await dossiers.load(applicationId, transaction)
        try Dossiers.requireInstructor(caller, funder: record.funderSiren)
        if record.state.isFinal, record.state == input.outcome { return try await dossiers.load(applicationId, full: true, transaction) }
        var dossier = record.dossier
        try Dossiers.refusal { () throws(DossierError) in try dossier.decide(input.outcome) }
        let aid = try self.checkedAid(input)
        let funder = self.funders.funder(record.funderSiren)
        let document = try input.deliberation.map { deliberation in
            let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: 160 << 20)
            _ = try reader.read(
                uri: deliberation.document.uri, sha256: deliberation.document.sha256, sizeBytes: deliberation.document.sizeBytes,
                field: "deliberation.document")
            return deliberation.document
        }
        let now = self.settings.clock.now()
        let decisionId = DerivedID.uuid("decision|\(applicationId)")
        var deMinimis: DeMinimisLedger.Check?
        if let aid {
            let siren = String(record.siret.prefix(9))
            let votedOn = CalendarDay(aid.votedAt.description)!
            let grants = try await transaction.query(
                "SELECT granted_on::text, amount_cents FROM aid_ledger WHERE siren = \(siren) AND decision_id <> \(decisionId)::uuid"
            ).map { DeMinimisLedger.Grant(grantedOn: CalendarDay(try $0.decode(String.self, at: 0))!, amountCents: try $0.decode(Int64.self, at: 1)) }
            deMinimis = DeMinimisLedger().check(previousGrants: grants, newAmountCents: aid.amountCents, on: votedOn)
            try await transaction.execute(
                """
                INSERT INTO aid_ledger (decision_id, siren, granted_on, amount_cents, source)
                VALUES (\(decisionId)::uuid, \(siren), \(aid.votedAt.description)::date, \(aid.amountCents), \("desk \(applicationId)"))
                """)
        }
        try await transaction.execute(
            """
            INSERT INTO aid_decisions (decision_id, application_id, outcome, aid_form, amount_cents, voted_at, decision_body, motivation,
                de_minimis_before, de_minimis_exceeded, by_deliberation, numero_interne, act_status, decided_by, decided_by_email, decided_at)
            VALUES (\(decisionId)::uuid, \(applicationId)::uuid, \(input.outcome.rawValue), \(aid?.aidForm.rawValue), \(aid?.amountCents),
                \(aid?.votedAt.description)::date, \(aid?.decisionBody ?? funder?.decisionBody), \(input.motivation),
                \(deMinimis?.totalBeforeCents), \(deMinimis?.exceeded ?? false), \(document != nil), \(input.deliberation?.numeroInterne),
                \(document != nil ? "sent" : nil), \(caller.subject), \(caller.email), \(now))
            """)
        try await dossiers.store(
            applicationId, dossier, actor: caller.subject,
            detail: deMinimis.map { $0.exceeded ? "de minimis ceiling exceeded: \($0.totalAfterCents) > \($0.ceilingCents) cents" : nil } ?? nil,
            transaction)
        try await transaction.publish(
            self.event(record, input, aid: aid, deMinimis: deMinimis, document: document, funder: funder, decisionId: decisionId, at: now),
            aggregate: applicationId, id: DerivedID.uuid("aid-decided|\(decisionId)"))
        try await NoticeOutbox.desk.request(
            "desk-decision", mandatory: true, to: [record.applicantEmail],
            variables: [
                "applicantName": record.applicantName, "outcome": input.outcome.rawValue, "aidForm": aid?.aidForm.rawValue,
                "amountEuros": aid.map { Self.euros($0.amountCents) }, "decisionBody": aid?.decisionBody ?? funder?.decisionBody,
                "votedAt": aid?.votedAt.description, "motivation": input.motivation,
            ],
            aggregate: ("dossier", applicationId), cause: decisionId, in: transaction)
        return try await dossiers.load(applicationId, full: true, transaction)
    }

    private func checkedAid(_ input: Input) throws -> Input.Aid? {
        guard input.outcome == .accepte else {
            guard input.aid == nil, input.deliberation == nil else {
                throw ServiceProblem(
                    .invalid, code: "invalidField", field: "aid", rule: "an aid and a deliberation only with outcome accepte",
                    "a \(input.outcome.rawValue) grants nothing")
            }
            return nil
        }
        guard let aid = input.aid else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "aid", rule: "required with outcome accepte", "say what is granted")
        }
        guard aid.amountCents > 0 else {
            throw ServiceProblem(.invalid, code: "invalidField", field: "aid.amountCents", rule: "range > 0", "the amount must be positive")
        }
        if let deliberation = input.deliberation, !["7.4", "7.5"].contains(deliberation.matter) {
            throw ServiceProblem(
                .invalid, code: "invalidField", field: "deliberation.matter", rule: "7.4 or 7.5 (domain §8 flow 7)", deliberation.matter)
        }
        return aid
    }

    private func event(
        _ record: DossierRecord, _ input: Input, aid: Input.Aid?, deMinimis: DeMinimisLedger.Check?, document: ClosedFileReference?,
        funder: Funders.Funder?, decisionId: String, at now: Date
    ) -> AidDecided {
        var deliberation: AidDecided.Deliberation?
        if let input = input.deliberation, let document, let funder {
            deliberation = .init(
                authority: .init(siren: funder.siren, departement: funder.departement, arrondissement: funder.arrondissement, nature: funder.nature),
                numeroInterne: input.numeroInterne, matter: input.matter == "7.4" ? ._74 : ._75, object: input.object,
                document: FileReference(
                    uri: document.uri, fileName: document.fileName, sha256: document.sha256, sizeBytes: document.sizeBytes,
                    mediaType: document.mediaType))
        }
        return AidDecided(
            applicationId: record.applicationId, decisionId: decisionId, decidedAt: now,
            outcome: AidDecided.Outcome(rawValue: input.outcome.rawValue)!,
            beneficiary: .init(siret: record.siret, name: record.companyName),
            applicant: .init(fullName: record.applicantName, email: record.applicantEmail),
            aid: aid.map {
                .init(
                    aidForm: .init(rawValue: $0.aidForm.rawValue)!, amountCents: Int($0.amountCents), votedAt: $0.votedAt,
                    decisionBody: $0.decisionBody ?? funder?.decisionBody ?? "Décision de l'instructeur", deMinimisExceeded: deMinimis?.exceeded)
            },
            deliberation: deliberation)
    }

    static func euros(_ cents: Int64) -> String {
        String(format: "%.2f", Double(cents) / 100)
    }
}
