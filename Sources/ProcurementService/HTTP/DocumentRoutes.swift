import Storage
import Archives
import Foundation
import Hummingbird
import ServiceRuntime
import Identity
import ProcurementContracts

/// `GET /tenders/{id}/documents` (the current DCE version as a tar archive) and
/// `GET /tenders/{id}/documents/{fileName}` (one file). Anonymous (French rules allow an anonymous DCE
/// download), or identified: with a token, the e-mail and SIRET are the token's and `company`,
/// `contactName` come as query parameters (an identification without a token is refused: an e-mail
/// address nobody proved would receive the tender's notices). Every download is registered with the DCE
/// version taken and emits `procurement.tender-document.downloaded.v1` in the same transaction; an
/// identified downloader then receives every amendment and answer (a legal duty, not an opt-in).
enum DocumentRoutes {
    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: ProcurementSettings) {
        let rule = RouteRule.optionalToken(
            "anyone (rate-limited); a company token makes it an identified download",
            sees: "the current DCE version of a published tender")
        routes.get("/tenders/:id/documents", rule) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            return try await Self.download(
                request: request, access: access, tenderId: id, fileName: nil, host: host, settings: settings)
        }
        routes.get("/tenders/:id/documents/:file", rule) { request, context, access in
            let id = context.parameters.get("id") ?? ""
            let file = context.parameters.get("file") ?? ""
            return try await Self.download(
                request: request, access: access, tenderId: id, fileName: file, host: host, settings: settings)
        }
    }

    private struct File: Sendable {
        var name: String
        var sha256: String
        var mediaType: String?
        var content: Data
    }

    private static func download(
        request: Request, access: Access, tenderId: String, fileName: String?, host: ServiceHost,
        settings: ProcurementSettings
    ) async throws -> Response {
        let identified = try Self.identification(request, caller: access.caller)
        let result: (Int, [File])
        do {
            result = try await host.withTransaction { transaction -> (Int, [File]) in
                let tender = try await TenderRecord.require(tenderId, lock: .share, in: transaction)
                guard tender.status != "draft" else { throw ServiceProblem.tenderNotFound(tenderId) }
                let rows = try await transaction.query(
                    """
                    SELECT file_name, sha256, media_type, content FROM dce_files
                    WHERE tender_id = \(tenderId)::uuid AND version = \(tender.dceVersion)
                    ORDER BY file_name
                    """)
                var files = try rows.map { row in
                    File(
                        name: try row.decode(String.self, at: 0), sha256: try row.decode(String.self, at: 1),
                        mediaType: try row.decode(String?.self, at: 2), content: try row.decode(Data.self, at: 3))
                }
                if let fileName {
                    files = files.filter { $0.name == fileName }
                    guard !files.isEmpty else {
                        throw ServiceProblem(
                            .notFound, code: "fileNotFound", field: "fileName",
                            rule: "the file is in the current DCE version",
                            "DCE v\(tender.dceVersion) has no file \(fileName)")
                    }
                }
                let downloadId = UUID().uuidString.lowercased()
                let now = settings.clock.now()
                try await transaction.execute(
                    """
                    INSERT INTO downloads (download_id, tender_id, dce_version, downloaded_at, files, siret, company, email, contact_name)
                    VALUES (\(downloadId)::uuid, \(tenderId)::uuid, \(tender.dceVersion), \(now), \(files.map(\.name)),
                            \(identified?.siret), \(identified?.company), \(identified?.email), \(identified?.contactName))
                    """)
                try await transaction.publish(
                    TenderDocumentDownloaded(
                        downloadId: downloadId, tenderId: tenderId, dceVersion: tender.dceVersion,
                        downloadedAt: now,
                        files: files.map { .init(fileName: $0.name, sha256: $0.sha256) }, identified: identified),
                    aggregate: tenderId)
                return (tender.dceVersion, files)
            }
        } catch let problem as ServiceProblem {
            throw problem
        } catch {
            throw ServiceProblem(.unavailable, "the download failed; try again")
        }
        let (version, files) = result
        if fileName != nil, let file = files.first {
            return .attachment(
                file.content, contentType: file.mediaType ?? "application/octet-stream", fileName: file.name)
        }
        var archive = TarArchive()
        for file in files {
            archive.add(name: "DCE-v\(version)/\(file.name)", content: file.content, modified: Date())
        }
        return .attachment(
            archive.finished(), contentType: "application/x-tar", fileName: "DCE-\(tenderId)-v\(version).tar")
    }

    private static func identification(
        _ request: Request, caller: Caller?
    ) throws -> TenderDocumentDownloaded.Identified? {
        let asksIdentification =
            request.query("email") != nil || request.query("company") != nil || request.query("contactName") != nil
            || request.query("siret") != nil
        guard let caller else {
            if asksIdentification {
                throw ServiceProblem(
                    .unauthorized, code: "identificationNeedsToken", field: "Authorization",
                    rule: "an identified download is made with a token", "sign in to be identified")
            }
            return nil
        }
        // An agent or an operator reading the DCE is not a candidate: their download is not registered as one.
        guard caller.siren == nil, caller.siret != nil else {
            if asksIdentification {
                throw ServiceProblem(
                    .forbidden, code: "notACompany", field: "Authorization",
                    rule: "an identified download is a company's", "only a company is registered as a downloader")
            }
            return nil
        }
        guard let email = caller.email, EmailAddress.isPlausible(email) else {
            throw ServiceProblem(
                .invalid, code: "invalidEmail", field: "email", rule: "the token carries an e-mail address",
                "the token has no e-mail address")
        }
        if let named = request.query("email"), named.lowercased() != email.lowercased() {
            throw ServiceProblem(
                .forbidden, code: "notYourEmail", field: "email", rule: "the e-mail is the token's", "\(named) is not yours")
        }
        guard let company = request.query("company") else {
            throw ServiceProblem(
                .invalid, code: "incompleteIdentification", field: "company",
                rule: "an identified download gives company and contactName", "company is missing")
        }
        guard let contact = request.query("contactName") else {
            throw ServiceProblem(
                .invalid, code: "incompleteIdentification", field: "contactName",
                rule: "an identified download gives company and contactName", "contactName is missing")
        }
        let siret = caller.siren == nil ? caller.siret : nil
        if let named = request.query("siret"), named != siret {
            throw ServiceProblem(
                .forbidden, code: "notYourSiret", field: "siret", rule: "the SIRET is the token's", "\(named) is not yours")
        }
        return .init(siret: siret, company: company, email: email, contactName: contact)
    }
}
