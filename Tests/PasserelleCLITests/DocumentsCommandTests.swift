import ArgumentParser
import Foundation
import ServiceRuntime
import Testing

@testable import PasserelleCLI

/// `passerelle documents`: parsing and usage errors (exit status 2 through `main`), the tables, and the commands
/// run against a stub transport (no server): refusals and alerts exit 1.
@Suite struct DocumentsCommandTests {
    static let actId = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b"
    static let siren = "212102313"

    /// The usage-error text for `arguments` after `passerelle`, or `nil` when they parse.
    static func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try Passerelle.parseAsRoot(arguments)
            return nil
        } catch {
            #expect(Passerelle.exitCode(for: error) == .validationFailure)
            return Passerelle.message(for: error)
        }
    }

    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("documents-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    // MARK: Parsing

    @Test func everySubcommandParses() throws {
        #expect(try Passerelle.parseAsRoot(["documents", "list", "--json"]) is DocumentsList)
        #expect(try Passerelle.parseAsRoot(["documents", "show", Self.actId]) is DocumentsShow)
        #expect(try Passerelle.parseAsRoot(["documents", "stuck", "--json"]) is DocumentsStuck)
        #expect(try Passerelle.parseAsRoot(["documents", "alerts"]) is DocumentsAlerts)
        #expect(try Passerelle.parseAsRoot(["documents", "pes", "show", Self.actId]) is DocumentsPesShow)
        #expect(try Passerelle.parseAsRoot(["documents", "authority", "show", Self.siren]) is DocumentsAuthorityShow)
        #expect(try Passerelle.parseAsRoot(["documents", "classification", "refresh", Self.siren]) is DocumentsClassificationRefresh)
        let returns = try #require(try Passerelle.parseAsRoot(["documents", "returns", "--all"]) as? DocumentsReturnsList)
        #expect(returns.all)
        #expect(try Passerelle.parseAsRoot(["documents", "returns", "list"]) is DocumentsReturnsList)
        let resolve = try #require(
            try Passerelle.parseAsRoot(["documents", "returns", "resolve", Self.actId, "--note", "ignored: duplicate"])
                as? DocumentsReturnsResolve)
        #expect(resolve.note == "ignored: duplicate")
    }

    @Test func listValidatesSirenStatusAndLimit() throws {
        #expect(Self.usageError(["documents", "list", "--siren", "12345"])?.contains("9 digits") == true)
        #expect(Self.usageError(["documents", "list", "--siren", "21210231X"]) != nil)
        #expect(Self.usageError(["documents", "list", "--status", "5"])?.contains("transmitted") == true)
        #expect(Self.usageError(["documents", "list", "--status", "lost"]) != nil)
        #expect(Self.usageError(["documents", "list", "--limit", "0"]) != nil)
        #expect(Self.usageError(["documents", "list", "--limit", "1001"]) != nil)
        let list = try #require(
            try Passerelle.parseAsRoot(["documents", "list", "--siren", Self.siren, "--status", "-1", "--limit", "5"]) as? DocumentsList)
        #expect(list.path == "/acts?siren=212102313&status=-1&limit=5")
        let named = try #require(try Passerelle.parseAsRoot(["documents", "list", "--status", "Transmitted"]) as? DocumentsList)
        #expect(named.path == "/acts?status=3&limit=100")
    }

    @Test func idsMustBeUUIDsAndSirensNineDigits() {
        #expect(Self.usageError(["documents", "show", "ACT-42"])?.contains("ACT_ID") == true)
        #expect(Self.usageError(["documents", "show"]) != nil)
        #expect(Self.usageError(["documents", "pes", "show", "nope"]) != nil)
        #expect(Self.usageError(["documents", "authority", "show", "123"]) != nil)
        #expect(Self.usageError(["documents", "classification", "refresh", "1234567890"]) != nil)
    }

    @Test func resolveNeedsANote() {
        #expect(Self.usageError(["documents", "returns", "resolve", Self.actId])?.contains("--note") == true)
        #expect(Self.usageError(["documents", "returns", "resolve", Self.actId, "--note", "  "]) != nil)
        #expect(Self.usageError(["documents", "returns", "resolve", Self.actId, "--note", String(repeating: "x", count: 1001)]) != nil)
        #expect(Self.usageError(["documents", "returns", "resolve", "not-a-uuid", "--note", "done"]) != nil)
    }

    @Test func filesMustBeReadableJSONObjects() throws {
        #expect(Self.usageError(["documents", "authority", "add"])?.contains("--file") == true)
        #expect(Self.usageError(["documents", "authority", "add", "--file", "/nonexistent/authority.json"])?.contains("cannot read") == true)
        let array = try Self.temporaryFile("[1, 2]")
        #expect(Self.usageError(["documents", "authority", "add", "--file", array])?.contains("JSON object") == true)
        let object = try Self.temporaryFile(#"{"siren": "212102313"}"#)
        #expect(Self.usageError(["documents", "authority", "add", "--file", object]) == nil)
        #expect(Self.usageError(["documents", "classification", "load", Self.siren, "--file", object]) == nil)
        #expect(Self.usageError(["documents", "classification", "load", "2121", "--file", object]) != nil)
        #expect(Self.usageError(["documents", "classification", "load", Self.siren]) != nil)
    }

    @Test func documentsURLFallsBackToPort8083() throws {
        let connection = try DocumentsConnection.parse(["--documents-url", "http://docs.local:9000/"])
        #expect(connection.baseURL == "http://docs.local:9000")
        let endpoints = try ServiceEndpoints.parse([])
        if ProcessInfo.processInfo.environment["PASSERELLE_DOCUMENTS_URL"] == nil,
            ProcessInfo.processInfo.environment["PASSERELLE_DOCUMENTS_HTTP_PORT"] == nil
        {
            #expect(endpoints.documents == "http://127.0.0.1:8083")
        }
    }
}

/// A transport that answers from a table and records what it was sent.
final class DocumentsStub: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var url: String
        var body: Data?
        var token: String?
    }

    private let lock = NSLock()
    private var sent: [Request] = []
    private let answer: @Sendable (Request) throws -> PasserelleCLI.ServiceHTTP.Reply

    init(_ answer: @escaping @Sendable (Request) throws -> PasserelleCLI.ServiceHTTP.Reply) {
        self.answer = answer
    }

    convenience init(status: Int = 200, json: String) {
        self.init { _ in PasserelleCLI.ServiceHTTP.Reply(status: status, body: Data(json.utf8)) }
    }

    var requests: [Request] { self.lock.withLock { self.sent } }

    var transport: DocumentsClient.Transport {
        { method, url, body, token in
            let request = Request(method: method, url: url, body: body, token: token)
            self.lock.withLock { self.sent.append(request) }
            return try self.answer(request)
        }
    }

    /// Runs `arguments` (after `passerelle`) with this stub; returns the exit code the command ended with.
    func run(_ arguments: [String]) async throws -> Int32 {
        var command = try #require(try Passerelle.parseAsRoot(arguments) as? any AsyncParsableCommand)
        do {
            try await OperatorTransport.$current.withValue(self.transport) {
                try await command.run()
            }
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        }
    }
}

@Suite struct DocumentsRunTests {
    static let common = ["--token", "test-token", "--documents-url", "http://documents.test"]

    static func stuck(transmitted: Int, error: Int) -> String {
        """
        {"error":{"alert":\(error > 2),"count":\(error),"label":"Erreur","oldest":\(error > 0 ? #"["212102313-20250301-D1"]"# : "[]"),\
        "olderThanSeconds":3600,"status":-1,"threshold":2},\
        "transmitted":{"alert":\(transmitted > 10),"count":\(transmitted),"label":"Transmis",\
        "oldest":\(transmitted > 0 ? #"["212102313-20250301-D7","212102313-20250302-D9"]"# : "[]"),\
        "olderThanSeconds":172800,"status":3,"threshold":10}}
        """
    }

    @Test func stuckExitsOneWhenABucketAlerts() async throws {
        let alerting = DocumentsStub(json: Self.stuck(transmitted: 12, error: 0))
        #expect(try await alerting.run(["documents", "stuck"] + Self.common) == 1)
        #expect(try await alerting.run(["documents", "stuck", "--json"] + Self.common) == 1)
        let request = try #require(alerting.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "http://documents.test/operations/stuck")
        #expect(request.token == "test-token")

        let calm = DocumentsStub(json: Self.stuck(transmitted: 3, error: 1))
        #expect(try await calm.run(["documents", "stuck"] + Self.common) == 0)
    }

    @Test func stuckTableShowsBothBucketsAgainstThresholds() throws {
        let stuck = try JSONDecoder().decode(DocumentsAPI.Stuck.self, from: Data(Self.stuck(transmitted: 12, error: 1).utf8))
        #expect(stuck.alert)
        #expect(
            DocumentsRendering.stuck(stuck) == """
                BUCKET       STATUS      OLDER THAN  COUNT  THRESHOLD  ALERT  OLDEST
                transmitted  3 Transmis          2d     12         10  yes    212102313-20250301-D7, 212102313-20250302-D9
                error        -1 Erreur           1h      1          2  no     212102313-20250301-D1
                ALERT: more stuck acts than the threshold allows (passerelle documents show ACT_ID; passerelle documents alerts)

                """)
        #expect(DocumentsRendering.stuckSummary(stuck) == "transmitted 12/10 over 2d ALERT, error 1/2 over 1h")
    }

    static let acts = """
        [{"actId":"3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","cancellationPending":false,"idActe":"021-212102313-20250301-D2025_12-DE",\
        "object":"Délibération portant approbation du plan local d'urbanisme intercommunal et de ses annexes",\
        "origin":{"reference":"c-77","service":"procurement"},"siren":"212102313","status":3,"statusAt":"2025-03-01T09:30:12.345Z",\
        "statusLabel":"Transmis"},
        {"actId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","cancellationPending":true,"idActe":"021-212102313-20250228-AR7-AR",\
        "object":"Arrêté","origin":{"reference":"0a1b2c3d","service":"portal"},"siren":"212102313","status":-1,\
        "statusAt":"2025-02-28T17:00:00Z","statusLabel":"Erreur","detail":"certificate expired"}]
        """

    @Test func listTableHasIdActeStatusSinceObjectAndOrigin() throws {
        let acts = try JSONDecoder().decode([DocumentsAPI.Act].self, from: Data(Self.acts.utf8))
        #expect(
            DocumentsRendering.actList(acts) == """
                ACT ID                                IDACTE                              STATUS                  SINCE                 OBJECT                                    ORIGIN
                3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b  021-212102313-20250301-D2025_12-DE  3 Transmis              2025-03-01 09:30:12Z  Délibération portant approbation du pla…  procurement c-77
                0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d  021-212102313-20250228-AR7-AR       -1 Erreur (cancelling)  2025-02-28 17:00:00Z  Arrêté                                    portal 0a1b2c3d
                2 act(s)

                """)
        #expect(DocumentsRendering.actList([]) == "No acts.\n")
    }

    @Test func listSendsTheFiltersAsAQuery() async throws {
        let stub = DocumentsStub(json: Self.acts)
        #expect(try await stub.run(["documents", "list", "--siren", "212102313", "--status", "transmitted"] + Self.common) == 0)
        #expect(stub.requests.map(\.url) == ["http://documents.test/acts?siren=212102313&status=3&limit=100"])
    }

    @Test func showPrintsDetailsAndHistory() throws {
        let json = """
            {"actId":"3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","cancellationPending":false,"idActe":"021-212102313-20250301-D1-DE",\
            "object":"Budget","origin":{"reference":"r","service":"portal"},"siren":"212102313","status":4,\
            "statusAt":"2025-03-01T10:00:00.5Z","statusLabel":"Acquittement reçu","receptionDate":"2025-03-01",\
            "legalityDeadline":"2025-05-01","files":[{"uri":"file:///x","fileName":"budget.pdf","sha256":"aabbccddeeff00112233",\
            "sizeBytes":1024,"mediaType":"application/pdf"}],\
            "history":[{"status":1,"label":"Posté","at":"2025-03-01T09:00:00Z"},\
            {"status":3,"label":"Transmis","at":"2025-03-01T09:01:00Z","flux":"1-1"},\
            {"status":4,"label":"Acquittement reçu","at":"2025-03-01T10:00:00.5Z","message":"ok","flux":"1-2"}]}
            """
        let act = try JSONDecoder().decode(DocumentsAPI.Act.self, from: Data(json.utf8))
        let text = DocumentsRendering.act(act)
        #expect(text.contains("IDActe:            021-212102313-20250301-D1-DE\n"))
        #expect(text.contains("status:            4 Acquittement reçu since 2025-03-01 10:00:00Z\n"))
        #expect(text.contains("legality deadline: 2025-05-01\n"))
        #expect(text.contains("file:              budget.pdf (1024 bytes, application/pdf, sha256 aabbccddeeff…)\n"))
        #expect(
            text.hasSuffix("""
                History:
                AT                    STATUS               FLUX  MESSAGE
                2025-03-01 09:00:00Z  1 Posté              -     -
                2025-03-01 09:01:00Z  3 Transmis           1-1   -
                2025-03-01 10:00:00Z  4 Acquittement reçu  1-2   ok

                """))
    }

    static let problem = """
        {"code":"actNotFound","detail":"no act 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","field":"actId",\
        "instance":"/acts/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","rule":"an act of the service","status":404,\
        "title":"No such resource","type":"urn:passerelle:problem:not-found"}
        """

    @Test func aRefusalPrintsCodeFieldRuleDetailAndExitsOne() async throws {
        let stub = DocumentsStub(status: 404, json: Self.problem)
        #expect(try await stub.run(["documents", "show", DocumentsCommandTests.actId] + Self.common) == 1)
        #expect(try await stub.run(["documents", "show", DocumentsCommandTests.actId, "--json"] + Self.common) == 1)
        let failure = DocumentsFailure.refused(
            method: "GET", path: "/acts/x", status: 404,
            problem: try JSONDecoder().decode(ServiceProblem.Body.self, from: Data(Self.problem.utf8)), text: Self.problem)
        #expect(
            failure.description == """
                The documents service refused GET /acts/x (404 No such resource): actNotFound
                  field:  actId
                  rule:   an act of the service
                  detail: no act 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b
                """)
        let json = try JSONOutput.string(failure.jsonReport)
        #expect(json.contains("\"code\" : \"actNotFound\""))
        #expect(json.contains("\"status\" : 404"))
    }

    @Test func aServiceThatDoesNotAnswerExitsOneWithAClearMessage() async throws {
        let stub = DocumentsStub { _ in throw PasserelleCLI.ServiceHTTP.Failure(description: "Could not connect to the server.") }
        #expect(try await stub.run(["documents", "alerts"] + Self.common) == 1)
        let failure = DocumentsFailure.unreachable(url: "http://127.0.0.1:8083", reason: "Could not connect to the server.")
        #expect(failure.description.hasPrefix("The documents service does not answer at http://127.0.0.1:8083"))
        #expect(failure.description.contains("passerelle-documents"))
    }

    @Test func resolvePostsTheNoteAsResolution() async throws {
        let stub = DocumentsStub(json: #"{"returnId":"3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","resolution":"matched by hand"}"#)
        let arguments = ["documents", "returns", "resolve", DocumentsCommandTests.actId, "--note", "matched by hand"]
        #expect(try await stub.run(arguments + Self.common) == 0)
        let request = try #require(stub.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://documents.test/operations/returns/\(DocumentsCommandTests.actId)/resolve")
        let body = try JSONDecoder().decode([String: String].self, from: try #require(request.body))
        #expect(body == ["resolution": "matched by hand"])
    }

    @Test func authorityAddPostsTheFileAndClassificationLoadPutsIt() async throws {
        let authority = """
            {"siren":"212102313","name":"Commune de Dijon","departement":"021","arrondissement":"1","nature":"31",\
            "actesAgreement":"021-2025-01","pesDomains":["depense"],"budgets":[{"idColl":"21210231300017","codCol":"123","codBud":"01"}],\
            "referentName":"A. Martin","referentEmail":"a.martin@dijon.fr","returnAddresses":["actes@dijon.fr"],"broadcastAddresses":[]}
            """
        let file = try DocumentsCommandTests.temporaryFile(authority)
        let stub = DocumentsStub(status: 201, json: authority)
        #expect(try await stub.run(["documents", "authority", "add", "--file", file] + Self.common) == 0)
        #expect(stub.requests.first?.method == "POST")
        #expect(stub.requests.first?.url == "http://documents.test/authorities")
        #expect(stub.requests.first?.body == Data(authority.utf8))

        let stored = try JSONDecoder().decode(DocumentsAPI.Authority.self, from: Data(authority.utf8))
        let text = DocumentsRendering.authority(stored)
        #expect(text.contains("ACTES agreement:     021-2025-01\n"))
        #expect(text.contains("21210231300017  123     01      -"))

        let tree = try DocumentsCommandTests.temporaryFile(#"{"date":"2025-01-01","natures":[],"matters":[]}"#)
        let put = DocumentsStub(json: #"{"date":"2025-01-01","natures":[{"code":"1","label":"Délibérations","attachmentTypes":["99_DE"]}],"matters":{"1.1":"Marchés publics"}}"#)
        #expect(try await put.run(["documents", "classification", "load", "212102313", "--file", tree] + Self.common) == 0)
        #expect(put.requests.first?.method == "PUT")
        #expect(put.requests.first?.url == "http://documents.test/authorities/212102313/classification")
    }

    @Test func returnsTableListsUnresolvedOnes() throws {
        let json = """
            [{"returnId":"3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b","kind":"actes","key":"021-212102313-20250301-X-DE",\
            "reason":"no act with this IDActe","receivedAt":"2025-03-02T08:00:00Z"}]
            """
        let returns = try JSONDecoder().decode([DocumentsAPI.Return].self, from: Data(json.utf8))
        #expect(
            DocumentsRendering.returns(returns, all: false) == """
                RETURN ID                             KIND   KEY                          REASON                   RECEIVED
                3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b  actes  021-212102313-20250301-X-DE  no act with this IDActe  2025-03-02 08:00:00Z
                1 return(s), 1 unresolved

                """)
    }

    @Test func doctorRowWarnsOnAnAlertOrASilentService() throws {
        let alerting = try JSONDecoder().decode(DocumentsAPI.Stuck.self, from: Data(Self.stuck(transmitted: 0, error: 5).utf8))
        let warn = DocumentsHealth.doctorCheck(.stuck(alerting))
        #expect(warn.name == "documents.stuck")
        #expect(warn.status == .warn)
        #expect(warn.detail == "transmitted 0/10 over 2d, error 5/2 over 1h ALERT")
        let calm = try JSONDecoder().decode(DocumentsAPI.Stuck.self, from: Data(Self.stuck(transmitted: 1, error: 0).utf8))
        #expect(DocumentsHealth.doctorCheck(.stuck(calm)).status == .ok)
        let silent = DocumentsHealth.doctorCheck(.failed(.unreachable(url: "http://127.0.0.1:8083", reason: "refused")))
        #expect(silent.status == .warn)
        #expect(silent.fix?.contains("passerelle-documents") == true)

        #expect(DocumentsHealth.statusSection(.stuck(calm)).contains("transmitted  3 Transmis"))
        #expect(
            DocumentsHealth.statusSection(.failed(.unreachable(url: "u", reason: "r")))
                == "\nDocuments: the documents service does not answer (passerelle documents stuck)\n")
    }
}
