import Storage
import Foundation
import Hummingbird
import ServiceRuntime
import Identifiers
import ProcurementContracts

/// `GET /tenders/{id}/documents` (the current DCE version as a tar archive) and
/// `GET /tenders/{id}/documents/{fileName}` (one file). Anonymous, or identified with `email`, `company`,
/// `contactName` and optionally `siret` as query parameters. Every download is registered with the DCE
/// version taken and emits `procurement.tender-document.downloaded.v1` in the same transaction; an
/// identified downloader then receives every amendment and answer (a legal duty, not an opt-in).
enum DocumentRoutes {
    static func add(to router: Router<BasicRequestContext>, host: ServiceHost, settings: ProcurementSettings) {
        router.get("/tenders/:id/documents") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await Self.download(
                request: request, tenderId: id, fileName: nil, host: host, settings: settings)
        }
        router.get("/tenders/:id/documents/:file") { request, context in
            let id = context.parameters.get("id") ?? ""
            let file = context.parameters.get("file") ?? ""
            return try await Self.download(
                request: request, tenderId: id, fileName: file, host: host, settings: settings)
        }
    }

    private struct File: Sendable {
        var name: String
        var sha256: String
        var mediaType: String?
        var content: Data
    }

    private static func download(
        request: Request, tenderId: String, fileName: String?, host: ServiceHost, settings: ProcurementSettings
    ) async throws -> Response {
        let identified = try Self.identification(request)
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

    private static func identification(_ request: Request) throws -> TenderDocumentDownloaded.Identified? {
        guard let email = request.query("email") else {
            if request.query("company") != nil || request.query("contactName") != nil || request.query("siret") != nil {
                throw ServiceProblem(
                    .invalid, code: "incompleteIdentification", field: "email",
                    rule: "an identified download gives email, company and contactName", "email is missing")
            }
            return nil
        }
        guard EmailAddress.isPlausible(email) else {
            throw ServiceProblem(
                .invalid, code: "invalidEmail", field: "email", rule: "an e-mail address", "\(email) is not an address")
        }
        guard let company = request.query("company") else {
            throw ServiceProblem(
                .invalid, code: "incompleteIdentification", field: "company",
                rule: "an identified download gives email, company and contactName", "company is missing")
        }
        guard let contact = request.query("contactName") else {
            throw ServiceProblem(
                .invalid, code: "incompleteIdentification", field: "contactName",
                rule: "an identified download gives email, company and contactName", "contactName is missing")
        }
        let siret = request.query("siret")
        if let siret, (try? Identifiers.SIRET(siret)) == nil {
            throw ServiceProblem(
                .invalid, code: "invalidSiret", field: "siret", rule: "SIRET: 14 digits, Luhn-valid",
                "\(siret) is not a valid SIRET")
        }
        return .init(siret: siret, company: company, email: email, contactName: contact)
    }
}
