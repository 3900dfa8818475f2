import ArgumentParser
import Foundation
import Testing

@testable import PasserelleCLI

/// `passerelle training`: parsing and usage errors, the tables (dates in Europe/Paris), and the commands against a
/// stub transport: their routes and token, `--json`, and a refusal exiting 1 with the problem's detail.
@Suite struct TrainingCommandTests {
    static let sessionId = "5b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
    static let common = ["--token", "test-token", "--training-url", "http://training.test/"]

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
    static func run(_ arguments: [String], transport: TrainingClient.Transport? = nil) async throws -> Int32 {
        var command = try #require(try Passerelle.parseAsRoot(arguments) as? any AsyncParsableCommand)
        do {
            try await OperatorTransport.$current.withValue(transport) { try await command.run() }
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        }
    }

    static func reply(_ status: Int, _ json: String) -> TrainingClient.Transport {
        { _, _, _, _ in PasserelleCLI.ServiceHTTP.Reply(status: status, body: Data(json.utf8)) }
    }

    // MARK: Fixtures, as the service encodes them (ContractCoding: sorted keys, RFC 3339 dates)

    static let plan = """
        {"allowWaitlist":true,"approval":"manager","cancellationCutoffHours":48,"capacity":12,"courseCode":"MP-PUBLIER-01",\
        "dates":[{"end":"2026-05-12T15:00:00.000Z","start":"2026-05-12T07:00:00.000Z"},\
        {"end":"2026-05-13T11:00:00.000Z","start":"2026-05-13T07:00:00.000Z"}],"datesKnown":true,\
        "location":{"communeInsee":"21231","name":"Maison de la formation"},"minParticipants":4,"reminderDaysBefore":3,\
        "room":"B12","title":"Marchés publics : publier une consultation",\
        "trainers":[{"fullName":"Hélène Faure","trainerId":"trainer-1"}]}
        """

    static let session = """
        {"booked":2,"organiser":"org-1","pendingApproval":1,"plan":\(plan),"seatsLeft":10,\
        "sessionId":"\(sessionId)","status":"open","waitlisted":1}
        """

    static let winter = """
        {"booked":0,"organiser":"org-2","pendingApproval":0,"plan":{"allowWaitlist":false,"approval":"none",\
        "cancellationCutoffHours":24,"capacity":0,"courseCode":"ACTES-01","dates":[],"datesKnown":false,\
        "location":{"communeInsee":"2A004","name":"Ajaccio"},"minParticipants":0,"reminderDaysBefore":0,\
        "title":"Télétransmettre un acte au contrôle de légalité","trainers":[{"fullName":"Marc Petit","trainerId":"t-2"}]},\
        "sessionId":"0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f","status":"draft","waitlisted":0}
        """

    static func signup(_ id: String, arrival: Int, agent: String, name: String, status: Int, late: Bool = false) -> String {
        """
        {"agent":{"agentId":"\(agent)","email":"\(agent)@mairie.example","fullName":"\(name)","managerEmail":"chef@mairie.example"},\
        "arrival":\(arrival),"bodySiren":"212102313","calendarSequence":0,"createdAt":"2026-04-01T08:00:00.000Z",\
        "fingerprint":"f","late":\(late),"sessionId":"\(sessionId)","signupId":"\(id)","status":\(status)}
        """
    }

    static let roster = "[" + [
        signup("11111111-1111-4111-8111-111111111111", arrival: 7, agent: "agent-a", name: "Anne Lefort", status: 70),
        signup("22222222-2222-4222-8222-222222222222", arrival: 9, agent: "agent-b", name: "Bruno Roux", status: 10, late: true),
        signup("33333333-3333-4333-8333-333333333333", arrival: 12, agent: "agent-c", name: "Chloé Martin", status: 70),
        signup("44444444-4444-4444-8444-444444444444", arrival: 15, agent: "agent-d", name: "David Moreau", status: 60),
        signup("55555555-5555-4555-8555-555555555555", arrival: 21, agent: "agent-e", name: "Emma Blanc", status: 40),
    ].joined(separator: ",") + "]"

    static let summary = """
        {"certificates":3,"sessionsByStatus":{"closed":1,"full":2,"open":4},"signupsByStatus":{"10":1,"100":3,"60":5,"70":20},\
        "timersOverdue":0,"timersFailed":1,"timersPending":7}
        """

    static let notFound = """
        {"code":"sessionNotFound","detail":"no such session","field":"sessionId","rule":"a session of the scheduler",\
        "status":404,"title":"Not Found","type":"urn:passerelle:problem:notFound"}
        """

    // MARK: Parsing

    @Test func everySubcommandParses() throws {
        #expect(try Passerelle.parseAsRoot(["training", "list", "--json"]) is TrainingList)
        #expect(try Passerelle.parseAsRoot(["training", "show", Self.sessionId]) is TrainingShow)
        #expect(try Passerelle.parseAsRoot(["training", "summary", "--json"]) is TrainingSummary)
        let list = try #require(
            try Passerelle.parseAsRoot(["training", "list", "--course", "mp-publier-01", "--status", "INPROGRESS"]) as? TrainingList)
        #expect(list.path == "/sessions?course=MP-PUBLIER-01&status=inProgress")
        let cancelled = try #require(try Passerelle.parseAsRoot(["training", "list", "--status", "canceled"]) as? TrainingList)
        #expect(cancelled.path == "/sessions?status=cancelled")
        #expect(try #require(try Passerelle.parseAsRoot(["training", "list"]) as? TrainingList).path == "/sessions")
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(Self.usageError(["training", "list", "--status", "lost"])?.contains("inProgress") == true)
        #expect(Self.usageError(["training", "list", "--course", "MP PUBLIER"])?.contains("--course") == true)
        #expect(Self.usageError(["training", "show", "SESSION-42"])?.contains("SESSION_ID") == true)
        #expect(Self.usageError(["training", "show"]) != nil)
        #expect(Self.usageError(["training", "cancel", Self.sessionId]) != nil)
        do {
            _ = try await Self.run(["training", "show", "nope"] + Self.common)
            Issue.record("a malformed id parsed")
        } catch {
            #expect(Passerelle.exitCode(for: error) == .validationFailure)
        }
    }

    @Test func trainingURLFallsBackToPort8085() throws {
        let connection = try TrainingConnection.parse(["--training-url", "http://training.local:9000/"])
        #expect(connection.baseURL == "http://training.local:9000")
        let environment = ProcessInfo.processInfo.environment
        if environment["PASSERELLE_TRAINING_URL"] == nil, environment["PASSERELLE_TRAINING_HTTP_PORT"] == nil {
            #expect(try TrainingConnection.parse([]).baseURL == "http://127.0.0.1:8085")
        }
    }
}

/// The tables of `passerelle training` and the commands against a stub transport.
@Suite struct TrainingRunTests {
    @Test func listTableShowsFirstDateInParisSeatsAndCounts() throws {
        let sessions = try JSONDecoder().decode(
            [TrainingAPI.Session].self, from: Data("[\(TrainingCommandTests.session),\(TrainingCommandTests.winter)]".utf8))
        #expect(
            TrainingRendering.list(sessions) == """
                ID        COURSE         TITLE                                         FIRST DATE        STATUS       BOOKED  WAITLISTED  PENDING
                5b1d2e3f  MP-PUBLIER-01  Marchés publics : publier une consultation    2026-05-12 09:00  open           2/12           1        1
                0c9d8e7f  ACTES-01       Télétransmettre un acte au contrôle de léga…  not known         draft   0/unlimited           0        0
                2 session(s); dates in Europe/Paris; PENDING: sign-ups awaiting an approval

                """)
        #expect(TrainingRendering.list([]) == "No sessions.\n")
    }

    @Test func parisTimeFollowsSummerAndWinterTime() {
        #expect(TrainingRendering.parisTime("2026-01-15T08:00:00.000Z") == "2026-01-15 09:00")
        #expect(TrainingRendering.parisTime("2026-07-15T08:00:00Z") == "2026-07-15 10:00")
        #expect(TrainingRendering.parisTime("2026-07-15T08:00:00.123456Z") == "2026-07-15 10:00")
        #expect(TrainingRendering.parisTime("soon") == "soon")
        #expect(
            TrainingRendering.span(.init(start: "2026-03-28T21:00:00.000Z", end: "2026-03-29T01:00:00.000Z"))
                == "2026-03-28 22:00–2026-03-29 03:00")
    }

    @Test func showPrintsThePlanSeatsAndTheRosterInArrivalOrder() throws {
        let session = try JSONDecoder().decode(TrainingAPI.Session.self, from: Data(TrainingCommandTests.session.utf8))
        var roster = try JSONDecoder().decode([TrainingAPI.Signup].self, from: Data(TrainingCommandTests.roster.utf8))
        roster.reverse()
        #expect(
            TrainingRendering.detail(session, roster: roster) == """
                session:   5b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f
                course:    MP-PUBLIER-01
                title:     Marchés publics : publier une consultation
                status:    open
                organiser: org-1
                dates:     2026-05-12 09:00–17:00, 2026-05-13 09:00–13:00 (Europe/Paris)
                location:  Maison de la formation (commune 21231), room B12
                trainers:  Hélène Faure (trainer-1)
                seats:     2 booked of 12 (10 left), 1 waitlisted, 1 awaiting approval
                rules:     minimum 4, waitlist, approval manager, cancellation cut-off 48 h, reminder 3 day(s) before

                Roster (5 sign-up(s), in arrival order):
                #  ARRIVAL  SIGNUP                                AGENT    NAME          STATUS            LATE
                1        7  11111111-1111-4111-8111-111111111111  agent-a  Anne Lefort   70 booked         -
                2        9  22222222-2222-4222-8222-222222222222  agent-b  Bruno Roux    10 userCancelled  late
                3       12  33333333-3333-4333-8333-333333333333  agent-c  Chloé Martin  70 booked         -
                4       15  44444444-4444-4444-8444-444444444444  agent-d  David Moreau  60 waitlisted     -
                5       21  55555555-5555-4555-8555-555555555555  agent-e  Emma Blanc    40 requested      -

                """)
        let draft = try JSONDecoder().decode(TrainingAPI.Session.self, from: Data(TrainingCommandTests.winter.utf8))
        let text = TrainingRendering.detail(draft, roster: [])
        #expect(text.contains("dates:     not known yet\n"))
        #expect(text.contains("seats:     0 booked of unlimited seats, 0 waitlisted, 0 awaiting approval\n"))
        #expect(text.contains("rules:     no minimum, no waitlist, approval none, cancellation cut-off 24 h, no reminder\n"))
        #expect(text.hasSuffix("Roster (0 sign-up(s), in arrival order):\nNo sign-ups.\n"))
    }

    @Test func summaryTableCountsSessionsInLifecycleOrderAndSignupsByCode() throws {
        let summary = try JSONDecoder().decode(TrainingAPI.Summary.self, from: Data(TrainingCommandTests.summary.utf8))
        #expect(
            TrainingRendering.summary(summary) == """
                KIND      STATUS             COUNT
                sessions  open                   4
                sessions  full                   2
                sessions  closed                 1
                sign-ups  10 userCancelled       1
                sign-ups  60 waitlisted          5
                sign-ups  70 booked             20
                sign-ups  100 fullyAttended      3
                timers pending:                 7
                timers overdue (over a minute): 0
                timers failed (set aside):      1
                certificates issued:            3

                """)
        let empty = TrainingAPI.Summary(sessionsByStatus: [:], signupsByStatus: [:], timersPending: 0, timersOverdue: 0, certificates: 0)
        #expect(TrainingRendering.summary(empty).contains("sessions  -           0"))
    }

    @Test func commandsCallTheirRoutesWithTheOperatorsToken() async throws {
        let sent = Recorder()
        let recording: TrainingClient.Transport = { method, url, body, token in
            sent.append("\(method) \(url) \(token ?? "-")")
            let json =
                url.hasSuffix("/roster") ? TrainingCommandTests.roster
                : url.contains("/sessions/") ? TrainingCommandTests.session
                : url.hasSuffix("/operations/summary") ? TrainingCommandTests.summary : "[\(TrainingCommandTests.session)]"
            return PasserelleCLI.ServiceHTTP.Reply(status: 200, body: Data(json.utf8))
        }
        let common = TrainingCommandTests.common
        let id = TrainingCommandTests.sessionId
        #expect(try await TrainingCommandTests.run(["training", "list", "--status", "open"] + common, transport: recording) == 0)
        #expect(try await TrainingCommandTests.run(["training", "list", "--json"] + common, transport: recording) == 0)
        #expect(try await TrainingCommandTests.run(["training", "show", id.uppercased()] + common, transport: recording) == 0)
        #expect(try await TrainingCommandTests.run(["training", "show", id, "--json"] + common, transport: recording) == 0)
        #expect(try await TrainingCommandTests.run(["training", "summary"] + common, transport: recording) == 0)
        #expect(try await TrainingCommandTests.run(["training", "summary", "--json"] + common, transport: recording) == 0)
        #expect(
            sent.lines == [
                "GET http://training.test/sessions?status=open test-token",
                "GET http://training.test/sessions test-token",
                "GET http://training.test/sessions/\(id) test-token",
                "GET http://training.test/sessions/\(id)/roster test-token",
                "GET http://training.test/sessions/\(id) test-token",
                "GET http://training.test/sessions/\(id)/roster test-token",
                "GET http://training.test/operations/summary test-token",
                "GET http://training.test/operations/summary test-token",
            ])
    }

    @Test func showJSONIsTheSessionAndItsRosterAsTheServiceSentThem() throws {
        let data = try TrainingShow.combined(
            session: Data(TrainingCommandTests.session.utf8), roster: Data(TrainingCommandTests.roster.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["session", "roster"])
        let session = try #require(object["session"] as? [String: Any])
        #expect(session["sessionId"] as? String == TrainingCommandTests.sessionId)
        #expect((session["plan"] as? [String: Any])?["room"] as? String == "B12")
        let roster = try #require(object["roster"] as? [[String: Any]])
        #expect(roster.map { $0["arrival"] as? Int } == [7, 9, 12, 15, 21])
        #expect(roster.map { $0["status"] as? Int } == [70, 10, 70, 60, 40])
        #expect(roster[1]["late"] as? Bool == true)
    }

    @Test func aMissingSessionExitsOneWithTheProblemsDetail() async throws {
        let missing = TrainingCommandTests.reply(404, TrainingCommandTests.notFound)
        let id = TrainingCommandTests.sessionId
        #expect(try await TrainingCommandTests.run(["training", "show", id] + TrainingCommandTests.common, transport: missing) == 1)
        #expect(
            try await TrainingCommandTests.run(["training", "show", id, "--json"] + TrainingCommandTests.common, transport: missing) == 1)
        let client = TrainingClient(baseURL: "http://training.test", token: "test-token")
        do {
            _ = try await OperatorTransport.$current.withValue(missing) {
                try await client.call(TrainingAPI.Session.self, "GET", "/sessions/\(id)")
            }
            Issue.record("a 404 was taken for an answer")
        } catch let error as TrainingFailure {
            #expect(
                error.description == """
                    The training service refused GET /sessions/\(id) (404 Not Found): sessionNotFound
                      field:  sessionId
                      rule:   a session of the scheduler
                      detail: no such session
                    """)
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(JSONOutput.string(error.jsonReport).utf8)) as? [String: Any])
            #expect(report["status"] as? Int == 404)
            #expect((report["problem"] as? [String: Any])?["detail"] as? String == "no such session")
        }
        let down: TrainingClient.Transport = { _, _, _, _ in
            throw PasserelleCLI.ServiceHTTP.Failure(description: "Connection refused")
        }
        #expect(try await TrainingCommandTests.run(["training", "summary"] + TrainingCommandTests.common, transport: down) == 1)
        #expect(
            TrainingFailure.unreachable(url: "http://127.0.0.1:8085", reason: "x").description.contains(
                "PASSERELLE_TRAINING_HTTP_PORT"))
        let malformed = TrainingCommandTests.reply(200, #"{"sessionId":1}"#)
        #expect(try await TrainingCommandTests.run(["training", "show", id] + TrainingCommandTests.common, transport: malformed) == 1)
    }
}
