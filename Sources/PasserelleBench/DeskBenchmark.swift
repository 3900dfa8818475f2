import Foundation
import Identity
import PasserelleCLI

/// `passerelle bench desk`: requests from intake to routing through the running desk (scripts/up: passerelle-desk,
/// its PostgreSQL and broker, the Sirene stub). Each request is posted with a company token minted by the development
/// identity provider for its own SIRET (or e-mail), so the desk trusts it at once and no confirmation mail waits;
/// the desk's worker then looks the SIRET up (when there is one) and routes the needs. Latency runs from the start of
/// the POST to the request's `completedAt` (the service marks it processed), both on this machine's clock.
struct DeskBenchmark: Sendable {
    struct Settings: Sendable {
        var url: String
        var home: String
        var recordings: String
        var solicitations: Int
        var concurrency: Int
        var siretRequests: Int
        var timeoutSeconds: Int
    }

    /// What `--json` prints: exactly these keys.
    struct Result: Sendable, Codable, Equatable {
        var solicitations: Int
        var processed: Int
        var cancelled: Int
        var solicitations_per_s: Double
        var routing_p50_ms: Double
        var routing_p99_ms: Double
    }

    /// What the table adds for people.
    struct Details: Sendable {
        var withSiret: Int
        var routingMaxMilliseconds: Double
        var submissionSeconds: Double
        var totalSeconds: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One posted request: when its POST started, and when it ended processed (nil: cancelled).
    private struct Sent: Sendable {
        var applicationId: String
        var startedAt: Date
        var cancelled: Bool
    }

    let settings: Settings
    let progress: @Sendable (String) -> Void

    func run() async throws -> (Result, Details) {
        let provider: DevelopmentIdentityProvider
        do {
            provider = try DevelopmentIdentityProvider(
                directory: URL(fileURLWithPath: self.settings.home).appendingPathComponent("secrets/identity"))
        } catch {
            throw Failure(
                description:
                    "no development identity provider in \(self.settings.home)/secrets/identity (scripts/up makes it): \(error)"
            )
        }
        let operatorToken = try await provider.issue(subject: "bench-operator", roles: [Caller.Role.operator])
        let subjects = try await self.get([DeskAPI.Subject].self, "/subjects", token: nil)
        let existing = try await self.get(
            [DeskAPI.Solicitation].self, "/solicitations?limit=1000", token: operatorToken)
        let plan = try DeskLoadPlan(
            count: self.settings.solicitations, siretRequests: self.settings.siretRequests, subjects: subjects,
            activeSIRETs: self.activeSIRETs(), livePairs: DeskLoadPlan.livePairs(existing, now: Date()),
            runId: String(UUID().uuidString.lowercased().prefix(8)))
        self.progress(
            "desk at \(self.settings.url): sending \(plan.submissions.count) requests, \(plan.withSiret) with a SIRET, "
                + "\(self.settings.concurrency) in flight")
        let started = Date()
        let sent = try await self.submit(plan.submissions, provider: provider)
        let submission = Date().timeIntervalSince(started)
        self.progress("all posted in \(String(format: "%.1f", submission)) s; waiting for the routing")
        let completions = try await self.waitForRouting(sent, token: operatorToken)
        var latencies: [Double] = []
        var last = started
        for request in sent {
            guard let completed = completions[request.applicationId] else { continue }
            latencies.append(max(0, completed.timeIntervalSince(request.startedAt)) * 1000)
            last = max(last, completed)
        }
        let first = sent.map(\.startedAt).min() ?? started
        let wall = max(last.timeIntervalSince(first), 0.001)
        let routing = Percentiles(latencies)
        let result = Result(
            solicitations: sent.count, processed: latencies.count, cancelled: sent.count - latencies.count,
            solicitations_per_s: Double(latencies.count) / wall, routing_p50_ms: routing.value(at: 50),
            routing_p99_ms: routing.value(at: 99))
        return (
            result,
            Details(
                withSiret: plan.withSiret, routingMaxMilliseconds: routing.value(at: 100),
                submissionSeconds: submission, totalSeconds: wall)
        )
    }

    private func activeSIRETs() -> [String] {
        do {
            return try DeskLoadPlan.activeSIRETs(in: URL(fileURLWithPath: self.settings.recordings))
        } catch {
            self.progress(
                "no Sirene recordings in \(self.settings.recordings) (\(error)): every request goes without a SIRET")
            return []
        }
    }

    /// Posts every submission, `concurrency` at a time, each with a company token of its own.
    private func submit(_ submissions: [DeskAPI.Submission], provider: DevelopmentIdentityProvider) async throws
        -> [Sent]
    {
        var sent: [Sent] = []
        try await withThrowingTaskGroup(of: Sent.self) { group in
            var next = 0
            func add() {
                let submission = submissions[next]
                next += 1
                group.addTask { try await self.post(submission, provider: provider) }
            }
            for _ in 0..<min(self.settings.concurrency, submissions.count) { add() }
            while let request = try await group.next() {
                sent.append(request)
                if sent.count % 50 == 0 { self.progress("\(sent.count) of \(submissions.count) requests posted") }
                if next < submissions.count { add() }
            }
        }
        return sent
    }

    private func post(_ submission: DeskAPI.Submission, provider: DevelopmentIdentityProvider) async throws -> Sent {
        let token = try await provider.issue(
            subject: "bench-desk:\(submission.applicationId)", email: submission.email, name: submission.fullName,
            roles: [Caller.Role.company], siret: submission.siret, ttl: 600)
        let body = try JSONEncoder().encode(submission)
        let startedAt = Date()
        let reply = try await self.request("POST", "/solicitations", body: body, token: token)
        guard reply.status == 202, let outcome = try? JSONDecoder().decode(DeskAPI.Outcome.self, from: reply.body)
        else {
            throw Failure(description: "POST /solicitations: the desk answered \(reply.status): \(reply.text)")
        }
        guard outcome.status != "awaitingConfirmation" else {
            throw Failure(
                description:
                    "the desk did not trust the bench's company token (the request waits for an e-mail confirmation): "
                    + "does it verify the development provider's keys (PASSERELLE_IDENTITY_JWKS)?")
        }
        return Sent(applicationId: outcome.applicationId, startedAt: startedAt, cancelled: outcome.status == "canceled")
    }

    /// Polls the processed and cancelled lists until every request is in one; returns when each was processed.
    private func waitForRouting(_ sent: [Sent], token: String) async throws -> [String: Date] {
        var pending = Set(sent.filter { !$0.cancelled }.map(\.applicationId))
        var completions: [String: Date] = [:]
        let deadline = Date().addingTimeInterval(TimeInterval(self.settings.timeoutSeconds))
        let limit = min(1000, sent.count + 100)
        var idleRounds = 0
        var lastReport = Date()
        while !pending.isEmpty {
            var found: [DeskAPI.Solicitation] = []
            for status in ["processed", "canceled"] {
                found += try await self.get(
                    [DeskAPI.Solicitation].self, "/solicitations?status=\(status)&limit=\(limit)", token: token)
            }
            if idleRounds >= 20 {
                // A request older than the lists' newest rows (one that waited long for Sirene): ask for it alone.
                for id in pending.prefix(50) {
                    found.append(
                        try await self.get(DeskAPI.Detail.self, "/solicitations/\(id)", token: token).solicitation)
                }
                idleRounds = 0
            }
            let before = pending.count
            for request in found where pending.contains(request.applicationId) && request.status != "awaitingCompany" {
                pending.remove(request.applicationId)
                if request.status == "processed" {
                    completions[request.applicationId] = request.completedAt.flatMap(DeskLoadPlan.date) ?? Date()
                }
            }
            idleRounds = pending.count == before ? idleRounds + 1 : 0
            if Date().timeIntervalSince(lastReport) >= 2 {
                self.progress(
                    "\(completions.count) processed, \(sent.count - completions.count - pending.count) cancelled, \(pending.count) waiting"
                )
                lastReport = Date()
            }
            guard Date() < deadline || pending.isEmpty else {
                throw Failure(
                    description:
                        "\(pending.count) of \(sent.count) requests still not routed after \(self.settings.timeoutSeconds) s "
                        + "(passerelle desk list --status awaitingCompany: a Sirene lookup waiting for the rate limit?)"
                )
            }
            if !pending.isEmpty { try await Task.sleep(for: .milliseconds(250)) }
        }
        return completions
    }

    private func get<Value: Decodable>(_ type: Value.Type, _ path: String, token: String?) async throws -> Value {
        let reply = try await self.request("GET", path, body: nil, token: token)
        guard reply.status == 200 else {
            throw Failure(description: "GET \(path): the desk answered \(reply.status): \(reply.text)")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: reply.body)
        } catch {
            throw Failure(description: "GET \(path): unexpected answer: \(error)")
        }
    }

    private func request(_ method: String, _ path: String, body: Data?, token: String?) async throws
        -> ServiceHTTP.Reply
    {
        do {
            return try await ServiceHTTP.request(
                method, self.settings.url + path, body: body, contentType: body == nil ? nil : "application/json",
                token: token)
        } catch {
            throw Failure(
                description:
                    "the desk does not answer at \(self.settings.url) (\(error)). This benchmark needs the platform "
                    + "running: scripts/up starts passerelle-desk, the Sirene stub and their infrastructure; else give --url."
            )
        }
    }
}
