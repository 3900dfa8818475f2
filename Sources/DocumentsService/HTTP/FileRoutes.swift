import DocumentsDomain
import Foundation
import Identity
import Hummingbird
import ServiceRuntime

/// `POST /files?name=…`: uploads one file into the content-addressed store (the body is the file), before the act
/// or PES submission that names it by digest and name.
enum FileRoutes {
    static let limit = ActRules.maximumBytes + (1 << 20)

    static func add(to routes: ServiceRoutes, settings: DocumentsSettings) {
        routes.post(
            "/files",
            .token("agents of a public body, operators", sees: "the stored file's digest and size", bodyLimit: Self.limit)
                .tooLarge(code: "fileTooLarge", field: "body")
        ) { request, _, access in
            let caller = try access.require("agents of a public body, or operators") { $0.isOperator || $0.bodySIREN != nil }
            _ = caller
            guard let name = request.query("name") else {
                throw ServiceProblem(.invalid, code: "missingParameter", field: "name", rule: "name is required", "name is missing")
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: Self.limit) } catch {
                throw ServiceProblem(
                    .tooLarge, code: "fileTooLarge", field: "body", rule: "domain §3.5: at most 150 MB", "the file is too large")
            }
            guard body.readableBytes > 0 else {
                throw ServiceProblem(.invalid, code: "fileEmpty", field: "body", rule: "a file of at least one byte", "the body is empty")
            }
            let data = Data(body.readableBytesView)
            let stored = try FileStore(directory: settings.storeDirectory).put(
                data, fileName: name, mediaType: FileKind.sniff(data.prefix(64)).map(\.mediaType))
            return try ServiceHTTP.json(stored, status: .created)
        }
    }
}
