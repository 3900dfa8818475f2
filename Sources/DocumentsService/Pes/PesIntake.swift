import CommonContracts
import DocumentsContracts
import DocumentsDomain
import Foundation
import ServiceRuntime
import Storage
import TreasuryContracts

/// A `PES_Aller` for the treasury (domain §4): the authority's PES adhesion, the file's header against the
/// declared values, the signature rule, `NomFic` unique per `CodCol`; then `treasury.pes.transmit.v1` through the
/// treasury bridge. Idempotent on `pesId`.
struct PesIntake: Sendable {
    let settings: DocumentsSettings

    struct Request: Sendable {
        var pesId: String
        var origin: Origin
        var nomFic: String
        var codCol: String
        var codBud: String
        var idPost: String
        var idColl: String
        var fileName: String
        var content: Data
        var signed: Bool
        var requestedBy: String
    }

    @discardableResult
    func submit(_ request: Request, _ transaction: ServiceTransaction) async throws -> Bool {
        let existing = try await transaction.query("SELECT 1 FROM pes_files WHERE pes_id = \(request.pesId)::uuid")
        guard existing.isEmpty else { return false }
        let budgets = try await transaction.query(
            """
            SELECT b.siren, b.cod_col, b.cod_bud FROM pes_budgets b JOIN authorities a USING (siren)
            WHERE b.id_coll = \(request.idColl) AND cardinality(a.pes_domains) > 0
            """)
        guard let budget = budgets.first else {
            throw ServiceProblem(
                .invalid, code: "authorityNotJoined", field: "idColl",
                rule: "domain §4.2: the budget is named by its authority's PES adhesion (onboarding)",
                "no authority on Passerelle has a PES adhesion for the budget \(request.idColl)")
        }
        let siren = try budget.decode(String.self, at: 0)
        guard try budget.decode(String.self, at: 1) == request.codCol, try budget.decode(String.self, at: 2) == request.codBud else {
            throw ServiceProblem(
                .invalid, code: "budgetMismatch", field: "codCol", rule: "CodCol and CodBud are the adhesion's for this IdColl",
                "the adhesion of \(request.idColl) does not name CodCol \(request.codCol) / CodBud \(request.codBud)")
        }
        let file: PesFile
        do {
            file = try PesFile(parsing: request.content)
            try file.validate(signed: request.signed)
        } catch { throw ServiceProblem(error) }
        for (field, declared, found) in [
            ("nomFic", request.nomFic, file.nomFic), ("codCol", request.codCol, file.codCol), ("codBud", request.codBud, file.codBud),
            ("idPost", request.idPost, file.idPost), ("idColl", request.idColl, file.idColl),
        ] where declared != found {
            throw ServiceProblem(
                .invalid, code: "pesHeaderMismatch", field: field, rule: "the value is the one the file declares (EnTetePES, Parametres)",
                "\(field) is \(declared) but the file says \(found ?? "nothing")")
        }
        let taken = try await transaction.query(
            "SELECT 1 FROM pes_files WHERE cod_col = \(request.codCol) AND nom_fic = \(request.nomFic)")
        guard taken.isEmpty else {
            throw ServiceProblem(
                .conflict, code: "nomFicTaken", field: "nomFic", rule: "domain §4.2: NomFic is unique per CodCol",
                "\(request.nomFic) was already sent for CodCol \(request.codCol)")
        }
        let now = self.settings.clock.now()
        let stored = try FileStore(directory: self.settings.storeDirectory).put(
            request.content, fileName: request.fileName, mediaType: "application/xml")
        let domains = Self.domains(file.blocks)
        let transmissionId = UUID().uuidString.lowercased()
        try await transaction.execute(
            """
            INSERT INTO pes_files (pes_id, siren, origin_service, origin_reference, nom_fic, cod_col, cod_bud, id_post, id_coll,
                domains, file, signed, transmission_id, status, status_at, submitted_by, submitted_at)
            VALUES (\(request.pesId)::uuid, \(siren), \(request.origin.service.rawValue), \(request.origin.reference),
                \(request.nomFic), \(request.codCol), \(request.codBud), \(request.idPost), \(request.idColl),
                \(domains.map(\.rawValue)), \(PostgresJSON(stored)), \(request.signed), \(transmissionId)::uuid,
                \(PesStatus.posted.rawValue), \(now), \(request.requestedBy), \(now))
            """)
        try await PesHistory.record(request.pesId, .posted, at: now, message: "accepted", in: transaction)
        try await transaction.publish(
            PesSubmitted(
                pesId: request.pesId, origin: request.origin, nomFic: request.nomFic, codCol: request.codCol, idColl: request.idColl,
                codBud: request.codBud, idPost: request.idPost, domains: domains, file: stored.reference, signed: request.signed,
                submittedAt: now),
            aggregate: request.pesId, subject: request.nomFic)
        try await transaction.publish(
            PesTransmit(
                transmissionId: transmissionId, typFic: "PESALR2", nomFic: request.nomFic, codCol: request.codCol,
                codBud: request.codBud, idPost: request.idPost, idColl: request.idColl, signed: request.signed,
                file: stored.closedReference, sentAt: now),
            aggregate: request.pesId, subject: request.nomFic)
        try await PesHistory.record(request.pesId, .transmitted, at: now, message: stored.fileName, in: transaction)
        try await transaction.publish(
            PesTransmitted(
                pesId: request.pesId, origin: request.origin, nomFic: request.nomFic, codCol: request.codCol, idColl: request.idColl,
                transmittedAt: now),
            aggregate: request.pesId, subject: request.nomFic)
        return true
    }

    static func domains(_ blocks: [String]) -> [PesSubmitted.Domain] {
        let domains = blocks.map { block -> PesSubmitted.Domain in
            switch block {
            case "PES_DepenseAller": .depense
            case "PES_RecetteAller": .recette
            case "PES_PJ": .pj
            case "PES_Budget": .budget
            case "PES_Marche": .marche
            default: .other
            }
        }
        var seen: Set<PesSubmitted.Domain> = []
        return domains.filter { seen.insert($0).inserted }
    }
}

/// The append-only status history of a PES file; `pes_files.status` repeats the latest entry.
enum PesHistory {
    static func record(_ pesId: String, _ status: PesStatus, at: Date, message: String?, in transaction: ServiceTransaction) async throws {
        try await transaction.execute(
            "INSERT INTO pes_status (pes_id, status, at, message) VALUES (\(pesId)::uuid, \(status.rawValue), \(at), \(message))")
        try await transaction.execute(
            "UPDATE pes_files SET status = \(status.rawValue), status_at = \(at) WHERE pes_id = \(pesId)::uuid")
    }
}
