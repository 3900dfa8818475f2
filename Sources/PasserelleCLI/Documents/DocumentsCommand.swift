import ArgumentParser
import Foundation

/// `passerelle documents …`: the operator's view of the document-exchange service (`passerelle-documents`): acts
/// sent to the prefecture (ACTES), PES files to the treasury (HELIOS), the registry of authorities, stuck acts,
/// alerts and unattributed returns.
struct DocumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Look at acts, PES files, authorities, stuck acts and returns through the documents service.",
        discussion: """
            Every call carries an operator's token: --token, else $PASSERELLE_TOKEN, else one minted for five minutes \
            by the development identity provider in $PASSERELLE_HOME/secrets/identity (--identity-dir). The service is \
            at --documents-url, else $PASSERELLE_DOCUMENTS_URL, else http://127.0.0.1:$PASSERELLE_DOCUMENTS_HTTP_PORT \
            (8083). Refusals print the problem's code, field, rule and detail. Exit status: 0 ok, 1 a refusal, a service \
            that does not answer or (stuck) an alert, 2 a usage error.
            """,
        subcommands: [
            DocumentsList.self, DocumentsShow.self, DocumentsStuck.self, DocumentsAlerts.self, DocumentsReturns.self,
            DocumentsAuthority.self, DocumentsClassification.self, DocumentsPes.self,
        ])

    init() {}
}

/// Checks of the arguments, shared by the subcommands (a failure is a usage error, exit 2).
enum DocumentsArguments {
    static func siren(_ text: String, option: String) throws {
        guard text.count == 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("\(option): a SIREN is 9 digits, got \"\(text)\"")
        }
    }

    static func uuid(_ text: String, what: String) throws {
        guard UUID(uuidString: text) != nil else { throw ValidationError("\(what) must be a UUID, got \"\(text)\"") }
    }

    /// The JSON object in `path`.
    static func jsonFile(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("--file: cannot read \(path)") }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw ValidationError("--file: \(path) is not a JSON object")
        }
        return data
    }
}
