import ArgumentParser
import Foundation
import Synchronization
import Testing

@testable import PasserelleCLI

/// `passerelle desk` and `passerelle sirene stub`: parsing and usage errors, the catalogue's validation on the real
/// catalogue and on broken copies, the tables, the commands against a stub transport, and the load plan of
/// `passerelle bench desk`.
@Suite struct DeskCommandTests {
    static let applicationId = "6a0e2f1c-3b4d-4e5f-8a7b-9c0d1e2f3a4b"
    static let common = ["--token", "test-token", "--desk-url", "http://desk.test/"]

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var catalogue: URL { Self.repository.appendingPathComponent("catalogue/desk") }

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

    /// Runs `arguments` (after `passerelle`); returns the exit code the command ended with.
    static func run(_ arguments: [String], transport: DeskClient.Transport? = nil) async throws -> Int32 {
        var command = try #require(try Passerelle.parseAsRoot(arguments) as? any AsyncParsableCommand)
        do {
            try await OperatorTransport.$current.withValue(transport) { try await command.run() }
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        }
    }

    /// A copy of the real catalogue in a new temporary folder, with `edit` applied to one file's text.
    static func brokenCatalogue(_ file: String, _ edit: (String) -> String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "desk-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.catalogue.path)
        where name.hasSuffix(".yaml") {
            var text = try String(contentsOf: Self.catalogue.appendingPathComponent(name), encoding: .utf8)
            if name == file { text = edit(text) }
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    // MARK: Parsing

    @Test func everySubcommandParses() throws {
        #expect(try Passerelle.parseAsRoot(["desk", "list", "--json"]) is DeskList)
        #expect(try Passerelle.parseAsRoot(["desk", "show", Self.applicationId]) is DeskShow)
        #expect(try Passerelle.parseAsRoot(["desk", "summary", "--json"]) is DeskSummary)
        let cancel = try #require(
            try Passerelle.parseAsRoot([
                "desk", "cancel", Self.applicationId, "--reason", "outOfScope", "--comment", "not a company",
            ])
                as? DeskCancel)
        #expect(cancel.reason == .outOfScope)
        #expect(cancel.comment == "not a company")
        let validate = try #require(
            try Passerelle.parseAsRoot(["desk", "catalogue", "validate", "--dir", Self.catalogue.path, "--json"])
                as? DeskCatalogueValidate)
        #expect(validate.json)
        #expect(validate.directory.path == Self.catalogue.path)
    }

    @Test func listValidatesStatusAndLimit() throws {
        #expect(Self.usageError(["desk", "list", "--status", "lost"])?.contains("awaitingCompany") == true)
        #expect(Self.usageError(["desk", "list", "--limit", "0"]) != nil)
        #expect(Self.usageError(["desk", "list", "--limit", "1001"]) != nil)
        let list = try #require(
            try Passerelle.parseAsRoot(["desk", "list", "--status", "PROCESSED", "--limit", "5"]) as? DeskList)
        #expect(list.path == "/solicitations?status=processed&limit=5")
        let cancelled = try #require(
            try Passerelle.parseAsRoot(["desk", "list", "--status", "cancelled"]) as? DeskList)
        #expect(cancelled.path == "/solicitations?status=canceled&limit=100")
    }

    @Test func idsMustBeUUIDsAndReasonsTheOperatorsOnes() throws {
        #expect(Self.usageError(["desk", "show", "REQ-42"])?.contains("APPLICATION_ID") == true)
        #expect(Self.usageError(["desk", "show"]) != nil)
        #expect(Self.usageError(["desk", "cancel", Self.applicationId]) != nil)
        #expect(Self.usageError(["desk", "cancel", Self.applicationId, "--reason", "establishmentClosed"]) != nil)
        #expect(Self.usageError(["desk", "cancel", "nope", "--reason", "spam"]) != nil)
        #expect(
            Self.usageError(["desk", "cancel", Self.applicationId, "--reason", "spam", "--comment", " "])?.contains(
                "--comment") == true)
        let cancel = try #require(
            try Passerelle.parseAsRoot(["desk", "cancel", Self.applicationId, "--reason", "duplicate"]) as? DeskCancel)
        #expect(String(decoding: try cancel.body(), as: UTF8.self).contains("\"reason\" : \"duplicate\""))
    }

    @Test func deskURLFallsBackToPort8084() throws {
        let connection = try DeskConnection.parse(["--desk-url", "http://desk.local:9000/"])
        #expect(connection.baseURL == "http://desk.local:9000")
        let environment = ProcessInfo.processInfo.environment
        if environment["PASSERELLE_DESK_URL"] == nil, environment["PASSERELLE_DESK_HTTP_PORT"] == nil {
            #expect(try ServiceEndpoints.parse([]).desk == "http://127.0.0.1:8084")
        }
    }

    @Test func sireneStubNeedsItsFolderAndKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sirene-stub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keyFile = folder.appendingPathComponent("sirene.key")
        try Data("  c2VjcmV0\n".utf8).write(to: keyFile)
        let stub = try #require(
            try Passerelle.parseAsRoot([
                "sirene", "stub", "--port", "0", "--recordings", folder.path, "--key-file", keyFile.path,
            ])
                as? SireneStubCommand)
        #expect(stub.port == 0)
        #expect(try stub.apiKey() == "c2VjcmV0")
        let missing = [
            "sirene", "stub", "--recordings", folder.path, "--key-file", folder.appendingPathComponent("none").path,
        ]
        #expect(Self.usageError(missing)?.contains("cannot read") == true)
        #expect(
            Self.usageError(["sirene", "stub", "--recordings", "/nonexistent/recordings", "--key-file", keyFile.path])
                != nil)
        #expect(
            Self.usageError([
                "sirene", "stub", "--port", "70000", "--recordings", folder.path, "--key-file", keyFile.path,
            ]) != nil)
        let fromEnvironment = try SireneStubCommand.parse(["--recordings", folder.path, "--key-file", keyFile.path])
        #expect(try fromEnvironment.apiKey(environment: ["PASSERELLE_SIRENE_TOKEN": "ignored"]) == "c2VjcmV0")
        let unset = try SireneStubCommand.parse(["--recordings", folder.path, "--key-file", keyFile.path])
        var withoutFile = unset
        withoutFile.keyFile = nil
        #expect(try withoutFile.apiKey(environment: ["PASSERELLE_SIRENE_TOKEN": "from-env"]) == "from-env")
    }

    // MARK: Catalogue

    @Test func theRealCatalogueIsValid() async throws {
        let report = DeskCatalogueReport(directory: Self.catalogue)
        #expect(report.valid)
        #expect(report.errors == 0)
        #expect(report.loadError == nil)
        let counts = try #require(report.counts)
        #expect(
            counts.themes > 0 && counts.subjects > 0 && counts.institutions > 0 && counts.antennes > 0
                && counts.experts > 0)
        #expect(report.render().hasSuffix("the catalogue can be deployed.\n"))
        #expect(try await Self.run(["desk", "catalogue", "validate", "--dir", Self.catalogue.path]) == 0)
        #expect(try await Self.run(["desk", "catalogue", "validate", "--dir", Self.catalogue.path, "--json"]) == 0)

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONOutput.string(report).utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["directory", "valid", "errors", "warnings", "counts", "issues"])
        #expect(json["valid"] as? Bool == true)
        #expect(json["warnings"] as? Int == report.warnings)
        let countKeys = try #require(json["counts"] as? [String: Int]).keys
        #expect(Set(countKeys) == ["themes", "subjects", "institutions", "antennes", "experts"])
        for issue in try #require(json["issues"] as? [[String: String]]) {
            #expect(Set(issue.keys) == ["severity", "file", "path", "rule", "message"])
        }
    }

    @Test func aBrokenReferenceIsAnErrorNamingFilePathAndRule() async throws {
        let folder = try Self.brokenCatalogue("experts.yaml") {
            $0.replacingOccurrences(of: "antenneId: region-bfc-economie", with: "antenneId: cci-nowhere")
        }
        let report = DeskCatalogueReport(directory: folder)
        #expect(!report.valid)
        #expect(report.errors >= 1)
        let issue = try #require(report.issues.first { $0.rule == "unknownReference" })
        #expect(issue.file == "experts.yaml")
        #expect(issue.path.hasPrefix("experts[") && issue.path.hasSuffix("].antenneId"))
        #expect(issue.severity == "error")
        #expect(issue.message.contains("cci-nowhere"))
        let text = report.render()
        #expect(text.hasPrefix("FILE          PATH"))
        #expect(text.contains("experts.yaml  \(issue.path)  error     unknownReference"))
        #expect(text.hasSuffix("the desk refuses to start on this catalogue.\n"))
        #expect(try await Self.run(["desk", "catalogue", "validate", "--dir", folder.path]) == 1)
        #expect(try await Self.run(["desk", "catalogue", "validate", "--dir", folder.path, "--json"]) == 1)
    }

    @Test func aLoadErrorNamesTheFileAndTheField() async throws {
        let folder = try Self.brokenCatalogue("themes.yaml") {
            $0.replacingOccurrences(of: "    label: Financer mon projet", with: "    lable: Financer mon projet")
        }
        let report = DeskCatalogueReport(directory: folder)
        let failure = try #require(report.loadError)
        #expect(failure.file == "themes.yaml")
        #expect(failure.path.hasPrefix("themes[0]"))
        #expect(!report.valid)
        #expect(report.render().contains("themes.yaml:"))
        #expect(report.render().contains("field \(failure.path)"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONOutput.string(report).utf8)) as? [String: Any])
        #expect((json["loadError"] as? [String: Any])?["file"] as? String == "themes.yaml")
        #expect(try await Self.run(["desk", "catalogue", "validate", "--dir", folder.path]) == 1)
        #expect(
            Self.usageError(["desk", "catalogue", "validate", "--dir", "/nonexistent/catalogue"])?.contains(
                "not a folder") == true)
    }
}

/// The tables of `passerelle desk`, the commands against a stub transport, and `passerelle bench desk`'s plan.
@Suite struct DeskRunTests {
    static let request = """
        {"applicationId":"6a0e2f1c-3b4d-4e5f-8a7b-9c0d1e2f3a4b","companyName":"BISTROT EXEMPLE",\
        "completedAt":"2026-03-02T09:15:03.250Z","createdAt":"2026-03-02T09:15:01.100Z",\
        "draft":{"description":"Nous voulons agrandir la salle et changer la cuisine.","email":"anne@bistrot.example",\
        "formInfo":{"projectAbove50k":true},"fullName":"Anne Lefort","landingSubjectId":"financer-un-projet-d-investissement",\
        "regionCode":"27","requestedHelpAmountCents":4500000,"siret":"12345678200010"},\
        "facility":{"active":true,"communeInsee":"21231","creationDate":"2016-05-10","headcountBand":"03","legalCategory":"5499",\
        "nafCode":"56.10A","siret":"12345678200010"},"lookupAttempts":1,"status":"processed",\
        "submittedBy":"company-anne","trusted":true}
        """

    static let detail = """
        {"needs":[{"closedAt":null,"decision":{},"defaultDesk":false,"needId":"0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",\
        "routedAt":"2026-03-02T09:15:03.240Z","status":"quo","subjectId":"financer-un-projet-d-investissement",\
        "explanation":["subject financer-un-projet-d-investissement, commune 21231, on 2026-03-02: 2 candidate experts",\
        "excluded bpifrance-dijon-charge-affaires at step questions: projectAbove50k: answered yes [institution bpifrance]",\
        "matched region-investissement (Claire Martin, Région Bourgogne-Franche-Comté, Direction de l'économie)"],\
        "matches":[{"antenne":"Direction de l'économie","applicationId":"6a0e2f1c-3b4d-4e5f-8a7b-9c0d1e2f3a4b",\
        "expertEmail":"claire.martin@region-bfc.example","expertKey":"region-investissement","expertName":"Claire Martin",\
        "institution":"Région Bourgogne-Franche-Comté","matchId":"1c2d3e4f-5061-4b7c-8d9e-0f1a2b3c4d5e",\
        "needId":"0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d","sentAt":"2026-03-02T09:15:03.240Z","status":"quo",\
        "subjectId":"financer-un-projet-d-investissement"}]}],"solicitation":\(request)}
        """

    static func reply(_ status: Int, _ json: String) -> DeskClient.Transport {
        { _, _, _, _ in PasserelleCLI.ServiceHTTP.Reply(status: status, body: Data(json.utf8)) }
    }

    @Test func showPrintsTheRequestThenEachNeedWithMatchesAndExplanation() throws {
        let detail = try JSONDecoder().decode(DeskAPI.Detail.self, from: Data(Self.detail.utf8))
        #expect(
            DeskRendering.detail(detail) == """
                request:       6a0e2f1c-3b4d-4e5f-8a7b-9c0d1e2f3a4b
                subject:       financer-un-projet-d-investissement
                status:        processed since 2026-03-02 09:15:03Z
                created:       2026-03-02 09:15:01Z
                applicant:     Anne Lefort <anne@bistrot.example>
                SIRET:         12345678200010 (BISTROT EXEMPLE)
                establishment: NAF 56.10A, band 03, legal category 5499, created 2016-05-10, commune 21231, active
                amount asked:  45000.00 €
                submitted by:  company-anne (trusted for the SIRET)
                description:   Nous voulons agrandir la salle et changer la cuisine.

                Need 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d: financer-un-projet-d-investissement, quo, routed 2026-03-02 09:15:03Z
                  EXPERT                                            INSTITUTION                     ANTENNE                  STATUS
                  Claire Martin <claire.martin@region-bfc.example>  Région Bourgogne-Franche-Comté  Direction de l'économie  quo
                  Routing:
                    subject financer-un-projet-d-investissement, commune 21231, on 2026-03-02: 2 candidate experts
                    excluded bpifrance-dijon-charge-affaires at step questions: projectAbove50k: answered yes [institution bpifrance]
                    matched region-investissement (Claire Martin, Région Bourgogne-Franche-Comté, Direction de l'économie)

                """)
    }

    @Test func listTableShowsStatusOrCancelReasonSiretAndCompany() throws {
        let cancelled = Self.request.replacingOccurrences(
            of: #""status":"processed""#, with: #""status":"canceled","cancelReason":"duplicate""#)
        let requests = try JSONDecoder().decode(
            [DeskAPI.Solicitation].self, from: Data("[\(Self.request),\(cancelled)]".utf8))
        let text = DeskRendering.list(requests)
        #expect(text.hasPrefix("ID                                    CREATED               SUBJECT"))
        #expect(
            text.contains(
                "6a0e2f1c-3b4d-4e5f-8a7b-9c0d1e2f3a4b  2026-03-02 09:15:01Z  financer-un-projet-d-investissement  processed"
            ))
        #expect(text.contains("canceled (duplicate)  12345678200010  BISTROT EXEMPLE\n"))
        #expect(text.hasSuffix("2 request(s)\n"))
        #expect(DeskRendering.list([]) == "No requests.\n")
    }

    @Test func commandsCallTheirRoutesAndRefusalsExitOne() async throws {
        let sent = Recorder()
        let recording: DeskClient.Transport = { method, url, body, token in
            sent.append("\(method) \(url) \(token ?? "-") \(body.map { String(decoding: $0, as: UTF8.self) } ?? "")")
            return PasserelleCLI.ServiceHTTP.Reply(status: 200, body: Data(Self.detail.utf8))
        }
        let id = DeskCommandTests.applicationId
        #expect(
            try await DeskCommandTests.run(["desk", "show", id] + DeskCommandTests.common, transport: recording) == 0)
        #expect(
            try await DeskCommandTests.run(
                ["desk", "cancel", id, "--reason", "spam", "--json"] + DeskCommandTests.common, transport: recording)
                == 0)
        #expect(sent.lines.first == "GET http://desk.test/solicitations/\(id) test-token ")
        #expect(sent.lines.last?.hasPrefix("POST http://desk.test/solicitations/\(id)/cancel test-token {") == true)

        let problem = """
            {"code":"applicationClosed","detail":"the request is processed","field":"status","rule":"a request not yet routed or cancelled",\
            "status":409,"title":"Conflict","type":"urn:passerelle:problem:conflict"}
            """
        #expect(
            try await DeskCommandTests.run(
                ["desk", "cancel", id, "--reason", "duplicate"] + DeskCommandTests.common,
                transport: Self.reply(409, problem)) == 1)
        let down: DeskClient.Transport = { _, _, _, _ in
            throw PasserelleCLI.ServiceHTTP.Failure(description: "Connection refused")
        }
        #expect(try await DeskCommandTests.run(["desk", "summary"] + DeskCommandTests.common, transport: down) == 1)
        #expect(
            DeskFailure.unreachable(url: "http://127.0.0.1:8084", reason: "x").description.contains("passerelle-desk"))
    }

    @Test func summaryTableCountsEveryStatus() async throws {
        let json = """
            {"awaitingLookup":2,"dossiers":{},"followUpsDue":1,"lookupErrors":1,"matches":{"quo":3,"takingCare":1},\
            "needs":{"quo":2},"solicitations":{"awaitingCompany":2,"processed":4},"surveysAnswered":0}
            """
        let summary = try JSONDecoder().decode(DeskAPI.Summary.self, from: Data(json.utf8))
        #expect(
            DeskRendering.summary(summary) == """
                KIND              STATUS           COUNT
                requests          awaitingCompany      2
                requests          processed            4
                needs             quo                  2
                matches           quo                  3
                matches           takingCare           1
                aid applications  -                    0
                awaiting the Sirene lookup: 2 (1 after a lookup error)
                follow-ups due:             1
                surveys answered:           0

                """)
        #expect(
            try await DeskCommandTests.run(
                ["desk", "summary"] + DeskCommandTests.common, transport: Self.reply(200, json)) == 0)
    }

    // MARK: The bench's plan

    static let subjects = """
        [{"id":"financer","label":"Financer","questions":[{"id":"projectAbove50k","label":"?"}],"requiresLocation":false,\
        "requiresRequestedHelpAmount":true,"requiresSiret":true,"themeId":"f"},\
        {"id":"exporter","label":"Exporter","questions":[],"requiresLocation":false,"requiresRequestedHelpAmount":false,\
        "requiresSiret":true,"themeId":"d"},\
        {"id":"creer","label":"Créer","questions":[],"requiresLocation":true,"requiresRequestedHelpAmount":false,\
        "requiresSiret":false,"themeId":"c"}]
        """

    @Test func benchPlanAvoidsDuplicatesAndKeepsFewSirets() throws {
        let subjects = try JSONDecoder().decode([DeskAPI.Subject].self, from: Data(Self.subjects.utf8))
        let sirets = try DeskLoadPlan.activeSIRETs(
            in: DeskCommandTests.repository.appendingPathComponent("partners/sirene/recordings"))
        #expect(sirets.contains("12345678200010"))
        #expect(!sirets.contains("83456789300013"))  // closed
        let plan = try DeskLoadPlan(
            count: 50, siretRequests: 10, subjects: subjects, activeSIRETs: sirets,
            livePairs: ["12345678200010|financer"], runId: "r1")
        #expect(plan.submissions.count == 50)
        #expect(plan.withSiret == 10)
        #expect(Set(plan.submissions.map(\.applicationId)).count == 50)
        #expect(Set(plan.submissions.map(\.email)).count == 50)
        let pairs = plan.submissions.compactMap { submission in
            submission.siret.map { "\($0)|\(submission.landingSubjectId)" }
        }
        #expect(Set(pairs).count == 10)
        #expect(!pairs.contains("12345678200010|financer"))
        for submission in plan.submissions {
            #expect(submission.description.count >= 20)
            if submission.landingSubjectId == "financer" {
                #expect(submission.requestedHelpAmountCents != nil)
                #expect(submission.formInfo?["projectAbove50k"] != nil)
            }
            if submission.siret == nil {
                #expect(submission.landingSubjectId == "creer")
                #expect(submission.communeInsee != nil)
            }
        }
        #expect(plan.submissions.prefix(5).contains { $0.siret != nil })  // spread over the run, not bunched at the end
        #expect(throws: DeskLoadPlan.Failure.self) {
            try DeskLoadPlan(
                count: 500, siretRequests: 10, subjects: subjects.filter(\.requiresSiret), activeSIRETs: sirets,
                livePairs: [], runId: "r2")
        }
    }

    @Test func livePairsAreTheRecentRequestsNotCancelled() throws {
        let cancelled = Self.request.replacingOccurrences(of: #""status":"processed""#, with: #""status":"canceled""#)
        let requests = try JSONDecoder().decode(
            [DeskAPI.Solicitation].self, from: Data("[\(Self.request),\(cancelled)]".utf8))
        let created = try #require(DeskLoadPlan.date("2026-03-02T09:15:01.100Z"))
        #expect(
            DeskLoadPlan.livePairs(requests, now: created.addingTimeInterval(3600)) == [
                "12345678200010|financer-un-projet-d-investissement"
            ])
        #expect(DeskLoadPlan.livePairs(requests, now: created.addingTimeInterval(25 * 3600)).isEmpty)
        #expect(DeskLoadPlan.date("2026-03-02T09:15:01Z") != nil)
    }
}

/// Lines recorded by a stub transport, from any task.
final class Recorder: Sendable {
    private let recorded = Mutex<[String]>([])

    var lines: [String] { self.recorded.withLock { $0 } }

    func append(_ line: String) {
        self.recorded.withLock { $0.append(line) }
    }
}
