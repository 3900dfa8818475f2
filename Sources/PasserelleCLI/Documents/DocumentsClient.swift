import ArgumentParser
import Foundation
import Identity
import ServiceRuntime

/// Where the documents service is and who calls it: `--documents-url` (default `$PASSERELLE_DOCUMENTS_URL`, else
/// `http://127.0.0.1:$PASSERELLE_DOCUMENTS_HTTP_PORT`, else port 8083) and an operator's bearer token: `--token`,
/// else `$PASSERELLE_TOKEN`, else one minted for a few minutes by the local development identity provider
/// (`--identity-dir`, default `$PASSERELLE_HOME/secrets/identity`, the folder `scripts/up` creates).
struct DocumentsConnection: ParsableArguments {
    @OptionGroup var endpoints: ServiceEndpoints
    @OptionGroup var identity: IdentityLocation

    init() {}

    /// The service's base URL, without a trailing slash.
    var baseURL: String {
        var url = self.endpoints.documents
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A client with an operator's token.
    ///
    /// - Throws: `ValidationError` (exit 2) when no token is given and the development provider cannot mint one.
    func client() async throws -> DocumentsClient {
        if let token = self.endpoints.bearer {
            return DocumentsClient(baseURL: self.baseURL, token: token)
        }
        do {
            return DocumentsClient(baseURL: self.baseURL, token: try await Self.mintOperatorToken(in: self.identity.url))
        } catch {
            throw ValidationError(
                "the documents service needs an operator's token: --token, PASSERELLE_TOKEN, or the development identity "
                    + "provider in \(self.identity.url.path) (passerelle token keygen; or --identity-dir): \(error)")
        }
    }

    /// A five-minute operator token from the development provider in `directory`.
    static func mintOperatorToken(in directory: URL) async throws -> String {
        let provider = try DevelopmentIdentityProvider(directory: directory)
        let user = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        return try await provider.issue(subject: "passerelle-cli:\(user)", roles: [Caller.Role.operator], ttl: 300)
    }
}

/// The documents service, as the operator's commands name it.
enum DocumentsServiceName: OperatorService {
    static let name = "documents"
}

typealias DocumentsFailure = ServiceCallFailure<DocumentsServiceName>
typealias DocumentsClient = OperatorClient<DocumentsServiceName>

/// How every `passerelle documents` command ends: the failure is printed (to standard error for people, as JSON
/// on standard output with `--json`) and the command exits 1.
enum DocumentsRun {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        try await OperatorRun<DocumentsServiceName>.perform(json: json, body)
    }

    /// The service's JSON as received, pretty-printed with sorted keys (as `JSONOutput` prints).
    static func printJSON(_ data: Data) {
        if let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            print(String(decoding: pretty, as: UTF8.self))
        } else {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
