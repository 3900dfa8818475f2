import DocumentsContracts
import DocumentsDomain
import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// PES files over HTTP: submission by an agent of the budget's authority (file uploaded first with `POST /files`),
/// and the file's status history.
enum PesRoutes {
    struct Submission: Codable, Sendable {
        var pesId: String
        var nomFic: String
        var codCol: String
        var codBud: String
        var idPost: String
        var idColl: String
        var file: ActRoutes.FileRef
        var signed: Bool
    }

    struct Summary: Codable, Sendable {
        var pesId: String
        var siren: String
        var nomFic: String
        var codCol: String
        var idColl: String
        var status: Int
        var statusLabel: String
        var detail: [String]?
        var history: [ActRoutes.Entry]
    }

    struct ReturnFile: Codable, Sendable {
        var nomFic: String
        var typFic: String
        var idColl: String
        var codCol: String
        var file: FileStore.Stored
        var receivedAt: Date
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: DocumentsSettings) {
        routes.post("/pes", .token("agents of the budget's authority, operators", sees: "the accepted file's status")) { request, _, access in
            let body = try await ServiceHTTP.decode(Submission.self, from: request)
            let caller = try access.requireAgent(of: String(body.idColl.prefix(9)))
            guard UUID(uuidString: body.pesId) != nil else {
                throw ServiceProblem(.invalid, code: "pesIdInvalid", field: "pesId", rule: "a UUID chosen by the client (idempotency key)", body.pesId)
            }
            let (_, content) = try FileStore(directory: settings.storeDirectory).get(
                sha256: body.file.sha256, fileName: body.file.fileName, field: "file")
            let pesId = body.pesId.lowercased()
            let summary = try await host.withTransaction { transaction in
                try await PesIntake(settings: settings).submit(
                    .init(
                        pesId: pesId, origin: Origin(service: .portal, reference: pesId), nomFic: body.nomFic, codCol: body.codCol,
                        codBud: body.codBud, idPost: body.idPost, idColl: body.idColl, fileName: body.file.fileName, content: content,
                        signed: body.signed, requestedBy: caller.subject),
                    transaction)
                return try await Self.summary(pesId, transaction)
            }
            return try ServiceHTTP.json(summary, status: .created)
        }
        routes.get(
            "/authorities/:siren/pes-returns", .token("agents of the authority's SIREN, operators", sees: "its PES_Retour files, newest first")
        ) { _, context, access in
            let siren = context.parameters.get("siren") ?? ""
            try access.requireAgent(of: siren)
            let returns = try await host.withTransaction { transaction in
                try await transaction.query(
                    """
                    SELECT nom_fic, typ_fic, id_coll, cod_col, file, received_at FROM pes_returns
                    WHERE siren = \(siren) ORDER BY received_at DESC LIMIT 500
                    """
                ).map { row in
                    ReturnFile(
                        nomFic: try row.decode(String.self, at: 0), typFic: try row.decode(String.self, at: 1),
                        idColl: try row.decode(String.self, at: 2), codCol: try row.decode(String.self, at: 3),
                        file: try row.decode(PostgresJSON<FileStore.Stored>.self, at: 4).value, receivedAt: try row.decode(Date.self, at: 5))
                }
            }
            return try ServiceHTTP.json(returns)
        }
        routes.get("/pes/:id", .token("agents of the budget's authority, operators", sees: "the file's status and history")) { _, context, access in
            let id = context.parameters.get("id") ?? ""
            let summary = try await host.withTransaction { try await Self.summary(id, $0) }
            try access.requireAgent(of: summary.siren)
            return try ServiceHTTP.json(summary)
        }
    }

    static func summary(_ id: String, _ transaction: ServiceTransaction) async throws -> Summary {
        guard UUID(uuidString: id) != nil,
            let row = try await transaction.query(
                "SELECT pes_id::text, siren, nom_fic, cod_col, id_coll, status, detail FROM pes_files WHERE pes_id = \(id)::uuid"
            ).first
        else {
            throw ServiceProblem(.notFound, code: "pesNotFound", field: "id", rule: "a PES file of the service", id)
        }
        let history = try await transaction.query(
            "SELECT status, at, message FROM pes_status WHERE pes_id = \(id)::uuid ORDER BY id"
        ).map { entry in
            let status = try entry.decode(Int.self, at: 0)
            return ActRoutes.Entry(
                status: status, label: PesStatus(rawValue: status)?.label ?? "?", at: try entry.decode(Date.self, at: 1),
                message: try entry.decode(String?.self, at: 2), flux: nil)
        }
        let status = try row.decode(Int.self, at: 5)
        return Summary(
            pesId: try row.decode(String.self, at: 0), siren: try row.decode(String.self, at: 1), nomFic: try row.decode(String.self, at: 2),
            codCol: try row.decode(String.self, at: 3), idColl: try row.decode(String.self, at: 4), status: status,
            statusLabel: PesStatus(rawValue: status)?.label ?? "?",
            detail: try row.decode(PostgresJSON<[String]>?.self, at: 6)?.value, history: history)
    }
}
