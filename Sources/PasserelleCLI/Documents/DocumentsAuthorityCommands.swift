import ArgumentParser
import Foundation

/// `passerelle documents authority add|show`: the registry of authorities (onboarding).
struct DocumentsAuthority: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authority",
        abstract: "Register an authority (ACTES agreement, PES adhesion, addresses) or show its registry entry.",
        subcommands: [DocumentsAuthorityAdd.self, DocumentsAuthorityShow.self])

    init() {}
}

/// `passerelle documents authority add --file authority.json [--json]`: `POST /authorities`.
struct DocumentsAuthorityAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register an authority, or update its entry, from a JSON file; prints the entry as stored.",
        discussion: """
            The file is the registry entry: siren, name, departement, arrondissement, nature, actesAgreement, pesDomains, \
            budgets [{idColl, codCol, codBud, label}], referentName, referentPhone, referentEmail, returnAddresses, \
            broadcastAddresses. The service checks every field; a refusal names the field and the rule.
            """)

    @Option(help: "The authority's JSON file.")
    var file: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        _ = try DocumentsArguments.jsonFile(self.file)
    }

    func run() async throws {
        let body = try DocumentsArguments.jsonFile(self.file)
        try await DocumentsRun.perform(json: self.json) {
            let (authority, raw) = try await self.connection.client().call(DocumentsAPI.Authority.self, "POST", "/authorities", body: body)
            if self.json {
                DocumentsRun.printJSON(raw)
            } else {
                print("Authority \(authority.siren) stored:\n")
                print(DocumentsRendering.authority(authority), terminator: "")
            }
        }
    }
}

/// `passerelle documents authority show SIREN [--json]`: `GET /authorities/:siren`.
struct DocumentsAuthorityShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "An authority's registry entry.")

    @Argument(help: "The authority's SIREN (9 digits).")
    var siren: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.siren(self.siren, option: "SIREN")
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (authority, raw) = try await self.connection.client().call(DocumentsAPI.Authority.self, "GET", "/authorities/\(self.siren)")
            if self.json { DocumentsRun.printJSON(raw) } else { print(DocumentsRendering.authority(authority), terminator: "") }
        }
    }
}

/// `passerelle documents classification refresh|load SIREN`: an authority's ACTES classification.
struct DocumentsClassification: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classification",
        abstract: "Ask the prefecture for an authority's classification, or load one from a file.",
        subcommands: [DocumentsClassificationRefresh.self, DocumentsClassificationLoad.self])

    init() {}
}

/// `passerelle documents classification refresh SIREN`: `POST /authorities/:siren/classification/refresh`.
struct DocumentsClassificationRefresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Send the prefecture a classification request (7-1) for the authority; prints the request's id.",
        discussion: "The answer (7-2) updates the authority's classification when it arrives.")

    @Argument(help: "The authority's SIREN (9 digits).")
    var siren: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.siren(self.siren, option: "SIREN")
    }

    func run() async throws {
        try await DocumentsRun.perform(json: self.json) {
            let (request, raw) = try await self.connection.client().call(
                DocumentsAPI.RefreshRequest.self, "POST", "/authorities/\(self.siren)/classification/refresh")
            if self.json {
                DocumentsRun.printJSON(raw)
            } else {
                print("Classification requested from the prefecture for \(self.siren): request \(request.requestId)")
            }
        }
    }
}

/// `passerelle documents classification load SIREN --file tree.json`: `PUT /authorities/:siren/classification`.
struct DocumentsClassificationLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Store an authority's classification from a JSON file (without asking the prefecture).",
        discussion: """
            The file: {"date": "YYYY-MM-DD", "natures": [{"code", "label", "attachmentTypes"}], \
            "matters": [{"path": "1.2", "label"}]}. At most 4 MB.
            """)

    @Argument(help: "The authority's SIREN (9 digits).")
    var siren: String

    @Option(help: "The classification's JSON file.")
    var file: String

    @Flag(help: "Print the service's JSON.")
    var json = false

    @OptionGroup var connection: DocumentsConnection

    init() {}

    func validate() throws {
        try DocumentsArguments.siren(self.siren, option: "SIREN")
        let data = try DocumentsArguments.jsonFile(self.file)
        guard data.count <= 4 << 20 else { throw ValidationError("--file: \(self.file) is over 4 MB") }
    }

    func run() async throws {
        let body = try DocumentsArguments.jsonFile(self.file)
        try await DocumentsRun.perform(json: self.json) {
            let (tree, raw) = try await self.connection.client().call(
                DocumentsAPI.Classification.self, "PUT", "/authorities/\(self.siren)/classification", body: body)
            if self.json {
                DocumentsRun.printJSON(raw)
            } else {
                print("Classification of \(self.siren) stored: dated \(tree.date), \(tree.natures.count) nature(s), \(tree.matters.count) matter(s)")
            }
        }
    }
}
