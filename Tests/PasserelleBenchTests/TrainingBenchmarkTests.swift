import ArgumentParser
import Foundation
import PasserelleCLI
import Synchronization
import Testing

@testable import passerelle_bench

/// `passerelle bench training`: its options, the plan it schedules, the checks of the rosters on good and broken
/// answers, and a small run on a throwaway test bed (needs the PostgreSQL of scripts/infra).
@Suite struct TrainingBenchmarkTests {
    static let popular = "5b1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func signup(_ index: Int, arrival: Int64, status: Int) -> TrainingAPI.Signup {
        let json = """
            {"agent":{"agentId":"bench-p-\(index)","email":"bench-p-\(index)@mairie.example","fullName":"Agent p\(index)"},\
            "arrival":\(arrival),"calendarSequence":0,"createdAt":"2026-04-01T08:00:00.000Z","fingerprint":"f","late":false,\
            "sessionId":"\(popular)","signupId":"00000000-0000-4000-8000-\(String(format: "%012d", index))","status":\(status)}
            """
        // Built from JSON as the service sends it, so the fixture also checks the decoding.
        return try! JSONDecoder().decode(TrainingAPI.Signup.self, from: Data(json.utf8))
    }

    /// `count` sign-ups in arrival order: the first `capacity` booked, the rest waitlisted.
    static func roster(_ count: Int, capacity: Int) -> [TrainingAPI.Signup] {
        (0..<count).map { signup($0, arrival: Int64(100 + 3 * $0), status: $0 < capacity ? 70 : 60) }
    }

    static func view(booked: Int, waitlisted: Int, status: String, capacity: Int = 12) -> TrainingAPI.Session {
        let plan = TrainingBenchmark.plan(course: .init(code: "PF-DECOUVERTE", title: "Découvrir", eservice: "platform", durationHours: 3.5), trainer: 0, capacity: capacity)
        let json = try! JSONEncoder().encode(plan)
        let text = """
            {"booked":\(booked),"organiser":"bench-organiser","pendingApproval":0,"plan":\(String(decoding: json, as: UTF8.self)),\
            "sessionId":"\(popular)","status":"\(status)","waitlisted":\(waitlisted)}
            """
        return try! JSONDecoder().decode(TrainingAPI.Session.self, from: Data(text.utf8))
    }

    static func answers(_ roster: [TrainingAPI.Signup]) -> [TrainingBenchmark.Answer] {
        roster.map {
            .init(signupId: $0.signupId, sessionId: popular, milliseconds: 1, httpStatus: 201, signupStatus: $0.status, arrival: $0.arrival, text: "")
        }
    }

    @Test func optionsDefaultAndValidate() throws {
        let catalogue = Self.repository.appendingPathComponent("catalogue/training/courses.yaml").path
        let bench = try #require(
            try PasserelleBench.parseAsRoot(["training", "--catalogue", catalogue]) as? PasserelleBench.BenchTraining)
        #expect(bench.signups == 2000 && bench.sessions == 50 && bench.concurrency == 64 && bench.capacity == 12)
        for bad in [["--signups", "0"], ["--sessions", "0"], ["--concurrency", "300"], ["--capacity", "0"], ["--pool-size", "0"]] {
            #expect(throws: (any Error).self) { try PasserelleBench.parseAsRoot(["training"] + bad + ["--catalogue", "/dev/null"]) }
        }
        #expect(throws: (any Error).self) { try PasserelleBench.parseAsRoot(["training", "--catalogue", "/nonexistent.yaml"]) }
    }

    @Test func thePlanIsOneDayAheadFromNineToFiveInParis() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-06-01T12:00:00Z"))
        let plan = TrainingBenchmark.plan(
            course: .init(code: "MP-PUBLIER-01", title: "Publier", eservice: "procurement", durationHours: 7), trainer: 7, capacity: 12, now: now)
        #expect(plan.dates == [.init(start: "2026-07-01T07:00:00Z", end: "2026-07-01T15:00:00Z")])
        #expect(plan.trainers.map(\.trainerId) == ["bench-trainer-7"])
        #expect(plan.capacity == 12 && plan.allowWaitlist && plan.approval == "none" && plan.datesKnown)
        let body = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingAPI.Schedule(sessionId: Self.popular, plan: plan)))
                as? [String: Any])
        #expect(Set(body.keys) == ["sessionId", "plan"])
    }

    @Test func aCorrectRosterPasses() {
        let roster = Self.roster(40, capacity: 12)
        #expect(
            TrainingBenchmark.Check.popular(
                roster: roster, view: Self.view(booked: 12, waitlisted: 28, status: "full"), answers: Self.answers(roster), signups: 40,
                capacity: 12
            ).isEmpty)
        let few = Self.roster(5, capacity: 12)
        #expect(
            TrainingBenchmark.Check.popular(
                roster: few, view: Self.view(booked: 5, waitlisted: 0, status: "open"), answers: Self.answers(few), signups: 5, capacity: 12
            ).isEmpty)
        #expect(TrainingBenchmark.Check.counts(view: Self.view(booked: 12, waitlisted: 28, status: "full"), signups: 40, capacity: 12, label: "s").isEmpty)
    }

    @Test func brokenRostersAreNamed() {
        let view = Self.view(booked: 12, waitlisted: 28, status: "full")
        func problems(_ roster: [TrainingAPI.Signup], view: TrainingAPI.Session = view, answers: [TrainingBenchmark.Answer]? = nil) -> String {
            TrainingBenchmark.Check.popular(roster: roster, view: view, answers: answers ?? Self.answers(roster), signups: 40, capacity: 12)
                .joined(separator: "\n")
        }
        var overbooked = Self.roster(40, capacity: 12)
        overbooked[20].status = 70
        #expect(problems(overbooked).contains("13 booked, expected 12"))
        #expect(problems(overbooked).contains("booked after the first 12 arrivals"))

        var unordered = Self.roster(40, capacity: 12)
        unordered[11].status = 60
        unordered[30].status = 70
        #expect(problems(unordered).contains("seats not given in arrival order"))

        var repeated = Self.roster(40, capacity: 12)
        repeated[5].arrival = repeated[4].arrival
        #expect(problems(repeated).contains("arrival not strictly increasing"))

        #expect(problems(Array(Self.roster(40, capacity: 12).dropLast())).contains("39 sign-ups on the roster, 40 posted"))
        #expect(problems(Self.roster(40, capacity: 12), view: Self.view(booked: 12, waitlisted: 28, status: "open")).contains("expected full"))
        #expect(problems(Self.roster(40, capacity: 12), view: Self.view(booked: 11, waitlisted: 29, status: "full")).contains("the session shows"))

        let roster = Self.roster(40, capacity: 12)
        var lied = Self.answers(roster)
        lied[30].signupStatus = 70
        #expect(problems(roster, answers: lied).contains("1 answer(s) disagree with the roster"))

        #expect(
            TrainingBenchmark.Check.counts(view: Self.view(booked: 13, waitlisted: 27, status: "full"), signups: 40, capacity: 12, label: "s")
                == ["s: 13 booked and 27 waitlisted after 40 sign-ups, expected 12 and 28"])
        let refused = TrainingBenchmark.refusals(
            [.init(signupId: "x", sessionId: Self.popular, milliseconds: 1, httpStatus: 500, signupStatus: nil, arrival: nil, text: "boom")],
            label: "popular session")
        #expect(refused == ["popular session: 1 of 1 sign-ups not answered 201 with a sign-up", "  x: 500 boom"])
    }

    /// A small real run: the service on a throwaway database, 30 sign-ups on one session of 12 seats, 30 over 3 sessions.
    @Test(.enabled(if: Self.serversConfigured)) func aSmallRunOnATestBed() async throws {
        let progress = ProgressLines()
        let outcome = try await TrainingBenchmark(
            settings: .init(
                signups: 30, sessions: 3, concurrency: 8, capacity: 12, poolSize: 5,
                catalogue: Self.repository.appendingPathComponent("catalogue/training/courses.yaml"),
                contracts: Self.repository.appendingPathComponent("contracts")),
            progress: { progress.append($0) }
        ).run()
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        #expect(outcome.result.booked == 12 && outcome.result.waitlisted == 18)
        #expect(outcome.result.signups == 30 && outcome.result.sessions == 3)
        #expect(outcome.result.signups_per_s > 0 && outcome.result.spread_signups_per_s > 0)
        #expect(outcome.result.signup_p99_ms >= outcome.result.signup_p50_ms)
        let keys = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONOutput.string(outcome.result).utf8)) as? [String: Any]).keys
        #expect(
            Set(keys) == [
                "signups_per_s", "signup_p50_ms", "signup_p99_ms", "spread_signups_per_s", "spread_signup_p50_ms",
                "spread_signup_p99_ms", "signups", "sessions", "booked", "waitlisted",
            ])
        #expect(progress.lines.contains { $0.contains("checking the rosters") })
        #expect(PasserelleBench.BenchTraining.table(outcome).contains("rosters"))
    }

    static var serversConfigured: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["PASSERELLE_AMQP_URL"] != nil || environment["PASSERELLE_REQUIRE_INTEGRATION"] == "1"
    }
}

/// Progress lines from any task.
final class ProgressLines: Sendable {
    private let stored = Mutex<[String]>([])

    var lines: [String] { self.stored.withLock { $0 } }

    func append(_ line: String) {
        self.stored.withLock { $0.append(line) }
    }
}
