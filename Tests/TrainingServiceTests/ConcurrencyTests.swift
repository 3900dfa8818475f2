import Foundation
import ServiceRuntimeTesting
import Testing

/// 200 agents sign up at once for 12 seats: the session's row lock serialises them, so exactly 12 are booked, never
/// 13, and the others are waitlisted in the order they got the lock (their arrival numbers).
@Suite("Training concurrency", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct ConcurrencyTests {
    @Test("200 concurrent sign-ups for 12 seats: exactly 12 booked, 188 waitlisted in arrival order")
    func twoHundredForTwelve() async throws {
        try await TrainingBed.run(poolSize: 8) { training in
            let session = try await training.schedule(capacity: 12)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 1...200 {
                    group.addTask { try await training.signUp(session, agent: "m\(index)").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count))")
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE status = 70") == 12)
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE status = 60") == 188)
            // Every booking arrived before every waitlisted sign-up; booking times follow arrival too.
            #expect(try await training.bed.count(
                "SELECT count(*) FROM signups b, signups w WHERE b.status = 70 AND w.status = 60 AND b.arrival > w.arrival") == 0)
            #expect(try await training.bed.count(
                "SELECT count(*) FROM signups a, signups b WHERE a.status = 70 AND b.status = 70 AND a.arrival < b.arrival AND a.booked_at > b.booked_at") == 0)
            // The waitlist positions are 1…188 in arrival order.
            let all = try await training.call("GET", "/signups?session=\(session)", token: training.operatorToken).json as? [[String: Any]] ?? []
            #expect(all.count == 200)
            let lastId = try #require(all.first?["signupId"] as? String)
            let last = try await training.object("GET", "/signups/\(lastId)", token: training.operatorToken)
            #expect(last["position"] as? Int == 188)
            #expect(try await training.bed.count("SELECT count(*) FROM signup_history") == 200 * 2)
        }
    }
}
