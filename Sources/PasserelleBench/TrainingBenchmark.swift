import Foundation
import Identity
import PasserelleCLI
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import TrainingService

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `passerelle bench training`: sign-ups under contention. The training scheduler runs in this process on a throwaway
/// test bed (a database of its own with the service's PostgreSQL roles, the in-memory broker; everything removed at the
/// end), with the repository's course catalogue. One popular session (capacity 12 and a waitlist by default) takes
/// `signups` sign-ups with `concurrency` POSTs in flight: every booking locks the session's row, so this measures the
/// row-lock contention. Then as many sign-ups are spread over `sessions` sessions of the same plan. Each sign-up is an
/// agent's own `POST /sessions/:id/signups` with a token of the bed's identity provider (minted before the clock
/// starts); latency runs from the start of the POST to its 201. Afterwards the popular session's roster is checked:
/// exactly min(capacity, signups) booked, the rest waitlisted, arrival numbers strictly increasing and the seats given
/// in arrival order; and every spread session likewise.
struct TrainingBenchmark: Sendable {
    struct Settings: Sendable {
        var signups: Int
        var sessions: Int
        var concurrency: Int
        var capacity: Int
        var poolSize: Int
        var catalogue: URL
        var contracts: URL
    }

    /// What `--json` prints: exactly these keys.
    struct Result: Sendable, Codable, Equatable {
        /// Sign-ups per second on the popular session (first POST to last answer).
        var signups_per_s: Double
        var signup_p50_ms: Double
        var signup_p99_ms: Double
        /// Sign-ups per second spread over `sessions` sessions.
        var spread_signups_per_s: Double
        var spread_signup_p50_ms: Double
        var spread_signup_p99_ms: Double
        /// Sign-ups per phase (the popular session's, and as many spread).
        var signups: Int
        var sessions: Int
        /// The popular session's roster after the run.
        var booked: Int
        var waitlisted: Int
    }

    /// What the table adds for people.
    struct Details: Sendable {
        var capacity: Int
        var concurrency: Int
        var signupMaxMilliseconds: Double
        var spreadMaxMilliseconds: Double
        var popularSeconds: Double
        var spreadSeconds: Double
    }

    /// The run's figures and what the checks found wrong (empty when the rosters hold).
    struct Outcome: Sendable {
        var result: Result
        var details: Details
        var problems: [String]
    }

    /// One answered POST: its latency, and the sign-up's status (or the refusal).
    struct Answer: Sendable {
        var signupId: String
        var sessionId: String
        var milliseconds: Double
        var httpStatus: Int
        var signupStatus: Int?
        var arrival: Int64?
        var text: String
    }

    /// A phase's sign-ups: which agent on which session.
    struct Planned: Sendable {
        var signupId: String
        var sessionId: String
        var token: String
        var fullName: String
    }

    let settings: Settings
    let progress: @Sendable (String) -> Void

    func run() async throws -> Outcome {
        let trainingSettings = TrainingSettings(catalogueFile: self.settings.catalogue)
        let definition: ServiceDefinition
        do {
            definition = try TrainingService.definition(settings: trainingSettings)
        } catch {
            throw BenchFailure("the training service does not start on \(self.settings.catalogue.path): \(error)")
        }
        self.progress("starting passerelle-training in this process on a throwaway database (in-memory broker)")
        var outcome: Outcome?
        let poolSize = self.settings.poolSize
        try await ServiceTestBed.run(
            definition, broker: .inMemory, contracts: self.settings.contracts,
            configure: { $0.postgres.options.poolSize = poolSize }
        ) { bed in
            outcome = try await self.measure(bed)
        }
        guard let outcome else { throw BenchFailure("the benchmark ended without figures") }
        return outcome
    }

    private func measure(_ bed: ServiceTestBed) async throws -> Outcome {
        let base = "http://127.0.0.1:\(try await bed.host.httpPort())"
        let http = TrainingBenchHTTP(base: base, connections: self.settings.concurrency + 4)
        let operatorToken = try await bed.token(subject: "bench-operator", roles: [Caller.Role.operator], ttl: 7200)
        let organiserToken = try await bed.token(
            subject: "bench-organiser", email: "organisation@bench.example", roles: [Caller.Role.organiser], ttl: 7200)
        let courses: [TrainingAPI.Course] = try await http.json("GET", "/courses", token: operatorToken)
        guard let course = courses.first else { throw BenchFailure("the catalogue has no course") }

        let popular = UUID().uuidString.lowercased()
        let spread = (0..<self.settings.sessions).map { _ in UUID().uuidString.lowercased() }
        self.progress("scheduling 1 + \(spread.count) sessions of \(course.code), capacity \(self.settings.capacity) with a waitlist")
        for (index, id) in ([popular] + spread).enumerated() {
            let plan = Self.plan(course: course, trainer: index, capacity: self.settings.capacity)
            let _: TrainingAPI.Session = try await http.json(
                "POST", "/sessions", body: try JSONEncoder().encode(TrainingAPI.Schedule(sessionId: id, plan: plan)),
                token: organiserToken, expect: 201)
        }

        self.progress("minting \(2 * self.settings.signups) agent tokens")
        var popularPlan: [Planned] = []
        var spreadPlan: [Planned] = []
        for index in 0..<self.settings.signups {
            popularPlan.append(try await Self.planned(bed, phase: "p", index: index, session: popular))
            spreadPlan.append(try await Self.planned(bed, phase: "s", index: index, session: spread[index % spread.count]))
        }

        self.progress("popular session: \(self.settings.signups) sign-ups, \(self.settings.concurrency) in flight")
        let (popularAnswers, popularSeconds) = try await self.burst(popularPlan, http: http, label: "popular session")
        self.progress(
            "popular session: \(String(format: "%.1f", popularSeconds)) s; spread: \(self.settings.signups) sign-ups over \(spread.count) sessions")
        let (spreadAnswers, spreadSeconds) = try await self.burst(spreadPlan, http: http, label: "spread")
        self.progress("spread: \(String(format: "%.1f", spreadSeconds)) s; checking the rosters")

        var problems = Self.refusals(popularAnswers, label: "popular session") + Self.refusals(spreadAnswers, label: "spread")
        let view: TrainingAPI.Session = try await http.json("GET", "/sessions/\(popular)", token: operatorToken)
        let roster: [TrainingAPI.Signup] = try await http.json("GET", "/sessions/\(popular)/roster", token: operatorToken)
        problems += Check.popular(
            roster: roster, view: view, answers: popularAnswers, signups: self.settings.signups, capacity: self.settings.capacity)
        var perSession: [String: Int] = [:]
        for planned in spreadPlan { perSession[planned.sessionId, default: 0] += 1 }
        var expected = [TrainingAPI.booked: view.booked, TrainingAPI.waitlisted: view.waitlisted]
        for id in spread {
            let view: TrainingAPI.Session = try await http.json("GET", "/sessions/\(id)", token: operatorToken)
            problems += Check.counts(view: view, signups: perSession[id] ?? 0, capacity: self.settings.capacity, label: "spread session \(id)")
            expected[TrainingAPI.booked, default: 0] += view.booked
            expected[TrainingAPI.waitlisted, default: 0] += view.waitlisted
        }
        // The operators' counts (`passerelle training summary`) agree with the sessions'.
        let summary: TrainingAPI.Summary = try await http.json("GET", "/operations/summary", token: operatorToken)
        for (code, count) in expected.sorted(by: { $0.key < $1.key }) where summary.signupsByStatus[String(code)] ?? 0 != count {
            problems.append(
                "operations summary: \(summary.signupsByStatus[String(code)] ?? 0) sign-ups \(TrainingAPI.status(code)), the sessions show \(count)")
        }

        let popularLatency = Percentiles(popularAnswers.filter { $0.httpStatus == 201 }.map(\.milliseconds))
        let spreadLatency = Percentiles(spreadAnswers.filter { $0.httpStatus == 201 }.map(\.milliseconds))
        let result = Result(
            signups_per_s: Double(self.settings.signups) / max(popularSeconds, 0.001), signup_p50_ms: popularLatency.value(at: 50),
            signup_p99_ms: popularLatency.value(at: 99),
            spread_signups_per_s: Double(self.settings.signups) / max(spreadSeconds, 0.001),
            spread_signup_p50_ms: spreadLatency.value(at: 50), spread_signup_p99_ms: spreadLatency.value(at: 99),
            signups: self.settings.signups, sessions: spread.count,
            booked: roster.filter { $0.status == TrainingAPI.booked }.count,
            waitlisted: roster.filter { $0.status == TrainingAPI.waitlisted }.count)
        let details = Details(
            capacity: self.settings.capacity, concurrency: self.settings.concurrency,
            signupMaxMilliseconds: popularLatency.value(at: 100), spreadMaxMilliseconds: spreadLatency.value(at: 100),
            popularSeconds: popularSeconds, spreadSeconds: spreadSeconds)
        return Outcome(result: result, details: details, problems: problems)
    }

    /// Posts every planned sign-up, `concurrency` at a time; the answers and the phase's wall time in seconds.
    private func burst(_ planned: [Planned], http: TrainingBenchHTTP, label: String) async throws -> ([Answer], Double) {
        var answers: [Answer] = []
        answers.reserveCapacity(planned.count)
        let started = ContinuousClock.now
        var lastReport = started
        try await withThrowingTaskGroup(of: Answer.self) { group in
            var next = 0
            func add() {
                let signup = planned[next]
                next += 1
                group.addTask { try await Self.signUp(signup, http: http) }
            }
            for _ in 0..<min(self.settings.concurrency, planned.count) { add() }
            while let answer = try await group.next() {
                answers.append(answer)
                if ContinuousClock.now - lastReport >= .seconds(2) {
                    self.progress("\(label): \(answers.count) of \(planned.count) sign-ups answered")
                    lastReport = ContinuousClock.now
                }
                if next < planned.count { add() }
            }
        }
        return (answers, Self.seconds(ContinuousClock.now - started))
    }

    private static func signUp(_ planned: Planned, http: TrainingBenchHTTP) async throws -> Answer {
        let body = try JSONEncoder().encode(TrainingAPI.Booking(signupId: planned.signupId, fullName: planned.fullName))
        let sent = ContinuousClock.now
        let reply = try await http.request("POST", "/sessions/\(planned.sessionId)/signups", body: body, token: planned.token)
        let milliseconds = Self.seconds(ContinuousClock.now - sent) * 1000
        let detail = reply.status == 201 ? try? JSONDecoder().decode(TrainingAPI.SignupDetail.self, from: reply.body) : nil
        return Answer(
            signupId: planned.signupId, sessionId: planned.sessionId, milliseconds: milliseconds, httpStatus: reply.status,
            signupStatus: detail?.signup.status, arrival: detail?.signup.arrival,
            text: detail == nil ? String(decoding: reply.body.prefix(300), as: UTF8.self) : "")
    }

    /// An agent of their own (so no agent is on two overlapping sessions) with a token of the bed's provider.
    private static func planned(_ bed: ServiceTestBed, phase: String, index: Int, session: String) async throws -> Planned {
        let agent = "bench-\(phase)-\(index)"
        let token = try await bed.token(subject: agent, email: "\(agent)@mairie.example", roles: ["agent"], siren: "212102313", ttl: 7200)
        return Planned(signupId: UUID().uuidString.lowercased(), sessionId: session, token: token, fullName: "Agent \(phase)\(index)")
    }

    /// One day 30 days ahead, 09:00–17:00 in Paris; a trainer of its own per session (no trainer in two sessions at once).
    static func plan(course: TrainingAPI.Course, trainer: Int, capacity: Int, now: Date = Date()) -> TrainingAPI.Plan {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? .current
        let day = calendar.startOfDay(for: now.addingTimeInterval(30 * 86_400))
        let start = calendar.date(bySettingHour: 9, minute: 0, second: 0, of: day) ?? day.addingTimeInterval(9 * 3600)
        let end = calendar.date(bySettingHour: 17, minute: 0, second: 0, of: day) ?? day.addingTimeInterval(17 * 3600)
        return TrainingAPI.Plan(
            courseCode: course.code, title: "\(course.title) (bench)", datesKnown: true,
            dates: [.init(start: Self.rfc3339(start), end: Self.rfc3339(end))],
            location: .init(name: "Maison de la formation", communeInsee: "21231"),
            trainers: [.init(trainerId: "bench-trainer-\(trainer)", fullName: "Formateur \(trainer)")], capacity: capacity,
            allowWaitlist: true, approval: "none")
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The refused POSTs, the first few named.
    static func refusals(_ answers: [Answer], label: String) -> [String] {
        let refused = answers.filter { $0.httpStatus != 201 || $0.signupStatus == nil }
        guard !refused.isEmpty else { return [] }
        return ["\(label): \(refused.count) of \(answers.count) sign-ups not answered 201 with a sign-up"]
            + refused.prefix(5).map { "  \($0.signupId): \($0.httpStatus) \($0.text)" }
    }

    /// The checks of the rosters after the run: pure functions of the service's answers.
    enum Check {
        /// The popular session: `signups` sign-ups, exactly min(capacity, signups) booked and the rest waitlisted,
        /// arrival numbers strictly increasing, the seats given to the first arrivals, the session's counts and status
        /// agreeing, and every 201 telling the status the roster holds.
        static func popular(
            roster: [TrainingAPI.Signup], view: TrainingAPI.Session, answers: [Answer], signups: Int, capacity: Int
        ) -> [String] {
            var problems: [String] = []
            let label = "popular session \(view.sessionId)"
            if roster.count != signups { problems.append("\(label): \(roster.count) sign-ups on the roster, \(signups) posted") }
            let expectedBooked = capacity == 0 ? roster.count : min(capacity, roster.count)
            let booked = roster.filter { $0.status == TrainingAPI.booked }.count
            let waitlisted = roster.filter { $0.status == TrainingAPI.waitlisted }.count
            if booked != expectedBooked { problems.append("\(label): \(booked) booked, expected \(expectedBooked)") }
            if waitlisted != roster.count - expectedBooked {
                problems.append("\(label): \(waitlisted) waitlisted, expected \(roster.count - expectedBooked)")
            }
            let others = roster.filter { $0.status != TrainingAPI.booked && $0.status != TrainingAPI.waitlisted }
            if let other = others.first {
                problems.append("\(label): \(others.count) sign-up(s) neither booked nor waitlisted, e.g. \(other.signupId) \(TrainingAPI.status(other.status))")
            }
            for (previous, next) in zip(roster, roster.dropFirst()) where next.arrival <= previous.arrival {
                problems.append("\(label): arrival not strictly increasing: \(previous.arrival) then \(next.arrival) (\(next.signupId))")
                break
            }
            let ordered = roster.sorted { $0.arrival < $1.arrival }
            if let late = ordered.dropFirst(expectedBooked).first(where: { $0.status == TrainingAPI.booked }) {
                problems.append("\(label): \(late.signupId) (arrival \(late.arrival)) booked after the first \(expectedBooked) arrivals: seats not given in arrival order")
            }
            if view.booked != booked || view.waitlisted != waitlisted {
                problems.append("\(label): the session shows \(view.booked) booked and \(view.waitlisted) waitlisted, the roster \(booked) and \(waitlisted)")
            }
            if capacity > 0, roster.count >= capacity, view.status != "full" {
                problems.append("\(label): status \(view.status) with every seat booked, expected full")
            }
            let held = Dictionary(roster.map { ($0.signupId, $0) }, uniquingKeysWith: { first, _ in first })
            var mismatches = 0
            var example = ""
            for answer in answers {
                guard let told = answer.signupStatus else { continue }
                guard let signup = held[answer.signupId] else {
                    mismatches += 1
                    example = "\(answer.signupId) answered \(TrainingAPI.status(told)) is not on the roster"
                    continue
                }
                if signup.status != told || (answer.arrival != nil && answer.arrival != signup.arrival) {
                    mismatches += 1
                    example = "\(answer.signupId) answered \(TrainingAPI.status(told)), the roster holds \(TrainingAPI.status(signup.status))"
                }
            }
            if mismatches > 0 { problems.append("\(label): \(mismatches) answer(s) disagree with the roster, e.g. \(example)") }
            return problems
        }

        /// A session's counts after `signups` sign-ups: min(capacity, signups) booked, the rest waitlisted.
        static func counts(view: TrainingAPI.Session, signups: Int, capacity: Int, label: String) -> [String] {
            let expectedBooked = capacity == 0 ? signups : min(capacity, signups)
            guard view.booked == expectedBooked, view.waitlisted == signups - expectedBooked else {
                return [
                    "\(label): \(view.booked) booked and \(view.waitlisted) waitlisted after \(signups) sign-ups, expected "
                        + "\(expectedBooked) and \(signups - expectedBooked)"
                ]
            }
            return []
        }
    }
}

/// The bench's HTTP client: a session of its own whose connection limit is the concurrency, so every sign-up in
/// flight is a request the service holds (a shared session would queue them on a few connections).
struct TrainingBenchHTTP: Sendable {
    let base: String
    let session: URLSession

    init(base: String, connections: Int) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 120
        self.session = URLSession(configuration: configuration)
    }

    struct Reply: Sendable {
        var status: Int
        var body: Data
        var text: String { String(decoding: self.body, as: UTF8.self) }
    }

    func request(_ method: String, _ path: String, body: Data? = nil, token: String?) async throws -> Reply {
        guard let url = URL(string: self.base + path) else { throw BenchFailure("bad URL \(self.base + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        do {
            let (data, response) = try await self.session.data(for: request)
            return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch {
            throw BenchFailure("\(method) \(path): \(error.localizedDescription)")
        }
    }

    /// Sends a request and decodes the answer, which must have status `expect`.
    func json<Value: Decodable>(
        _ method: String, _ path: String, body: Data? = nil, token: String?, expect: Int = 200
    ) async throws -> Value {
        let reply = try await self.request(method, path, body: body, token: token)
        guard reply.status == expect else { throw BenchFailure("\(method) \(path): \(reply.status) \(reply.text)") }
        do {
            return try JSONDecoder().decode(Value.self, from: reply.body)
        } catch {
            throw BenchFailure("\(method) \(path): unexpected answer: \(error)")
        }
    }
}
