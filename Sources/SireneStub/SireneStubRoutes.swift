import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Sirene

/// `GET /siret/{siret}` as INSEE's gateway and API answer it, from recordings.
///
/// In order: 503 while forced unavailable; 401 without the right `X-INSEE-Api-Key-Integration`; 429 over the rate
/// limit; 400 for a path that is not 14 digits; the recording of the SIRET; else INSEE's 404.
enum SireneStubRoutes {
    static let apiKeyHeader = HTTPField.Name(SireneClient.Configuration.apiKeyHeader)!

    static func router(recordings: URL, apiKey: String, controls: SireneStubControls) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("siret/:siret") { request, context in
            try await Self.answer(
                siret: context.parameters.get("siret") ?? "", request: request, recordings: recordings, apiKey: apiKey,
                controls: controls)
        }
        return router
    }

    static func answer(
        siret: String, request: Request, recordings: URL, apiKey: String, controls: SireneStubControls
    ) async throws -> Response {
        if controls.receive() {
            return Self.gateway(.serviceUnavailable, "Service Unavailable")
        }
        guard request.headers[Self.apiKeyHeader] == apiKey else {
            return Self.gateway(.unauthorized, "Unauthorized")
        }
        switch controls.admit() {
        case .rateLimited(let seconds):
            return Self.gateway(.tooManyRequests, "Too Many Requests", headers: [.retryAfter: "\(seconds)"])
        case .serve(let delay):
            if let delay {
                try await Task.sleep(for: delay)
            }
        }
        guard siret.utf8.count == 14, siret.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return Self.insee(.badRequest, "Le paramètre siret doit comporter 14 chiffres")
        }
        let recording: SireneRecording?
        do {
            recording = try SireneRecording.load(siret: siret, from: recordings)
        } catch {
            return Self.insee(.internalServerError, "Enregistrement illisible: \(error.message)")
        }
        guard let recording else {
            return Self.insee(.notFound, "Aucun élément trouvé pour le siret \(siret)")
        }
        var headers: HTTPFields = [.contentType: "application/json;charset=utf-8"]
        for (name, value) in recording.headers {
            if let field = HTTPField.Name(name) {
                headers[field] = value
            }
        }
        return Response(
            status: HTTPResponse.Status(code: recording.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: recording.body)))
    }

    /// An answer of the API itself: `{"header": {"statut": …, "message": …}}`.
    private static func insee(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Self.json(status, ["header": ["statut": status.code, "message": message]])
    }

    /// An answer of INSEE's API gateway, before the API: `{"message": …, "http_status_code": …}`.
    private static func gateway(
        _ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]
    ) -> Response {
        Self.json(status, ["message": message, "http_status_code": status.code], headers: headers)
    }

    private static func json(
        _ status: HTTPResponse.Status, _ object: [String: Any], headers: HTTPFields = [:]
    ) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var fields = headers
        fields[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
