import Foundation
import Hummingbird
import Identity
import ServiceRuntime
import Storage

/// What operators check on the scheduler: sessions by status, sign-ups by status, timers overdue.
enum OperatorRoutes {
    struct Summary: Codable, Sendable {
        var sessionsByStatus: [String: Int]
        var signupsByStatus: [String: Int]
        var timersPending: Int
        var timersOverdue: Int
        /// Timers set aside because firing them failed for good (their reason is in `timers.error`).
        var timersFailed: Int
        var certificates: Int
    }

    static func add(to routes: ServiceRoutes, host: ServiceHost, settings: TrainingSettings) {
        routes.get("/operations/summary", .token("operators", sees: "counts of sessions, sign-ups and timers", roles: [Caller.Role.operator])) { _, _, _ in
            let summary = try await host.withTransaction { transaction in
                let sessions = try await transaction.query("SELECT status, count(*) FROM sessions GROUP BY status")
                    .map { (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1)) }
                let signups = try await transaction.query("SELECT status, count(*) FROM signups GROUP BY status")
                    .map { (String(try $0.decode(Int.self, at: 0)), try $0.decode(Int.self, at: 1)) }
                let now = settings.clock.now()
                let timers = try await transaction.query(
                    """
                    SELECT count(*) FILTER (WHERE fired_at IS NULL), count(*) FILTER (WHERE fired_at IS NULL AND due_at < \(now.addingTimeInterval(-60))),
                           count(*) FILTER (WHERE error IS NOT NULL)
                    FROM timers
                    """)
                let certificates = try await transaction.query("SELECT count(*) FROM certificates").first?.decode(Int.self, at: 0) ?? 0
                return Summary(
                    sessionsByStatus: Dictionary(uniqueKeysWithValues: sessions), signupsByStatus: Dictionary(uniqueKeysWithValues: signups),
                    timersPending: try timers.first?.decode(Int.self, at: 0) ?? 0, timersOverdue: try timers.first?.decode(Int.self, at: 1) ?? 0,
                    timersFailed: try timers.first?.decode(Int.self, at: 2) ?? 0,
                    certificates: certificates)
            }
            return try ServiceHTTP.json(summary)
        }
    }
}
