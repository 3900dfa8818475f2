import CommonContracts
import DocumentsContracts
import DocumentsDomain
import Foundation
import Messaging
import NoticeRequests
import ServiceRuntime
import Storage
import TreasuryContracts

/// The treasury's answers (domain §4.3), correlated by `NomFic` + `CodCol` (the transmitted file first, else
/// the most recent): an acquittal without `ACQUIT` elements is status 4, with some status 8 (information
/// available), a `PES_NonAcquit` status 6 (a mandatory notice). An answer for no known file is kept aside with an
/// operator alert.
struct TreasuryReturns: Sendable {
    let settings: DocumentsSettings

    struct Target {
        var pesId: String
        var siren: String
        var origin: Origin
        var idColl: String
        var status: PesStatus
    }

    func acquitted(_ answer: PesAcquitted, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let pes = try await self.target(answer.nomFic, answer.codCol, kind: "helios.acquit", context) else { return }
        guard pes.status == .transmitted else { return }
        let transaction = context.transaction
        let authority = try await AuthorityStore.load(pes.siren, in: transaction)
        let variables = ["nomFic": answer.nomFic, "codCol": answer.codCol, "idColl": pes.idColl, "authorityName": authority?.name ?? pes.siren]
        if answer.acquitElements.isEmpty {
            try await PesHistory.record(pes.pesId, .acknowledged, at: now, message: "PES_Acquit", in: transaction)
            try await transaction.publish(
                PesAcknowledged(
                    pesId: pes.pesId, origin: pes.origin, nomFic: answer.nomFic, codCol: answer.codCol, idColl: pes.idColl,
                    acknowledgedAt: now, acquit: answer.file),
                aggregate: pes.pesId, subject: answer.nomFic)
            try await NoticeOutbox.documents.request(
                "documents-pes-acknowledged", mandatory: false, to: authority?.returnAddresses ?? [], variables: variables,
                aggregate: ("pes", pes.pesId), cause: context.event.id, in: transaction)
        } else {
            let lines = answer.acquitElements.map { ($0.code.map { "\($0): " } ?? "") + $0.message }
            try await transaction.execute(
                "UPDATE pes_files SET detail = \(PostgresJSON(lines)) WHERE pes_id = \(pes.pesId)::uuid")
            try await PesHistory.record(pes.pesId, .informationAvailable, at: now, message: lines.joined(separator: "; "), in: transaction)
            try await transaction.publish(
                PesInformationAvailable(
                    pesId: pes.pesId, origin: pes.origin, nomFic: answer.nomFic, codCol: answer.codCol, idColl: pes.idColl,
                    acknowledgedAt: now,
                    informations: answer.acquitElements.map { .init(domain: $0.domain, code: $0.code, message: $0.message) },
                    acquit: answer.file),
                aggregate: pes.pesId, subject: answer.nomFic)
            try await NoticeOutbox.documents.request(
                "documents-pes-information-available", mandatory: false, to: authority?.returnAddresses ?? [],
                variables: variables.merging(["informations": lines.joined(separator: "\n")]) { $1 },
                aggregate: ("pes", pes.pesId), cause: context.event.id, in: transaction)
        }
    }

    func refused(_ answer: TreasuryContracts.PesRefused, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let pes = try await self.target(answer.nomFic, answer.codCol, kind: "helios.non-acquit", context) else { return }
        guard pes.status == .transmitted else { return }
        let transaction = context.transaction
        let lines = answer.errors.map { ($0.code.map { "\($0): " } ?? "") + $0.message }
        try await transaction.execute("UPDATE pes_files SET detail = \(PostgresJSON(lines)) WHERE pes_id = \(pes.pesId)::uuid")
        try await PesHistory.record(pes.pesId, .refused, at: now, message: lines.joined(separator: "; "), in: transaction)
        try await transaction.publish(
            DocumentsContracts.PesRefused(
                pesId: pes.pesId, origin: pes.origin, nomFic: answer.nomFic, codCol: answer.codCol, idColl: pes.idColl, refusedAt: now,
                errors: answer.errors.map { .init(code: $0.code, message: $0.message) }, nonAcquit: answer.file),
            aggregate: pes.pesId, subject: answer.nomFic)
        let authority = try await AuthorityStore.load(pes.siren, in: transaction)
        try await NoticeOutbox.documents.request(
            "documents-pes-refused", mandatory: true,
            to: [authority?.referentEmail].compactMap { $0 } + (authority?.returnAddresses ?? []),
            variables: [
                "nomFic": answer.nomFic, "codCol": answer.codCol, "idColl": pes.idColl, "errors": lines.joined(separator: "\n"),
                "authorityName": authority?.name ?? pes.siren,
            ],
            aggregate: ("pes", pes.pesId), cause: context.event.id, in: transaction)
    }

    /// A `PES_Retour` (domain §4.3) belongs to the authority whose budget has the SIRET `IdColl`; with none (or, were
    /// the registry to allow it, several) it is not attributed: kept aside with an operator alert.
    func returned(_ answer: PesReturn, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        let transaction = context.transaction
        let owners = try await transaction.query("SELECT DISTINCT siren FROM pes_budgets WHERE id_coll = \(answer.idColl)")
        guard owners.count == 1, let siren = try owners.first?.decode(String.self, at: 0) else {
            try await OperatorAlerts.unattributed(
                "helios.return", key: "\(answer.idColl)/\(answer.nomFic)",
                reason: owners.isEmpty
                    ? "no authority has a budget with the SIRET \(answer.idColl)"
                    : "\(owners.count) authorities have a budget with the SIRET \(answer.idColl)",
                payload: context.event.data, at: now, context)
            return
        }
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: PesFile.maximumBytes)
        let data = try reader.read(uri: answer.file.uri, sha256: answer.file.sha256, sizeBytes: answer.file.sizeBytes, field: "file")
        let stored = try FileStore(directory: self.settings.storeDirectory).put(data, fileName: answer.file.fileName, mediaType: "application/xml")
        try await transaction.execute(
            """
            INSERT INTO pes_returns (return_id, siren, nom_fic, typ_fic, id_coll, cod_col, file, received_at)
            VALUES (\(DerivedID.uuid("pes-return|\(answer.codCol)|\(answer.nomFic)"))::uuid, \(siren), \(answer.nomFic), \(answer.typFic),
                \(answer.idColl), \(answer.codCol), \(PostgresJSON(stored)), \(now))
            ON CONFLICT (cod_col, nom_fic) DO NOTHING
            """)
    }

    private func target(_ nomFic: String, _ codCol: String, kind: String, _ context: HandlerContext) async throws -> Target? {
        let rows = try await context.transaction.query(
            """
            SELECT pes_id::text, siren, origin_service, origin_reference, id_coll, status FROM pes_files
            WHERE nom_fic = \(nomFic) AND cod_col = \(codCol)
            ORDER BY (status = \(PesStatus.transmitted.rawValue)) DESC, submitted_at DESC LIMIT 1 FOR UPDATE
            """)
        guard let row = rows.first else {
            try await OperatorAlerts.unattributed(
                kind, key: "\(codCol)/\(nomFic)", reason: "no PES file \(nomFic) was sent for CodCol \(codCol)", payload: context.event.data,
                at: self.settings.clock.now(), context)
            return nil
        }
        return Target(
            pesId: try row.decode(String.self, at: 0), siren: try row.decode(String.self, at: 1),
            origin: Origin(service: Origin.Service(rawValue: try row.decode(String.self, at: 2)) ?? .portal, reference: try row.decode(String.self, at: 3)),
            idColl: try row.decode(String.self, at: 4), status: PesStatus(rawValue: try row.decode(Int.self, at: 5)) ?? .error)
    }
}
