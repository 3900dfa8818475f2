import Foundation
import Identity
import ServiceRuntimeTesting
import Testing

/// The wrong person on every training route that acts or reveals: anonymous callers, agents on organisers' routes,
/// another organiser, another agent.
@Suite("Training route access", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct TrainingRouteAccessTests {
    @Test("no token: 401; the wrong role or the wrong person: 403")
    func wrongPeopleAreRefused() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule()
            let signup = try await training.signUp(session, agent: "q1")
            let stranger = try await training.agent("q2")
            let otherOrganiser = try await training.bed.token(subject: "org-9", roles: [Caller.Role.organiser])
            let company = try await training.bed.token(subject: "co", roles: [Caller.Role.company], siret: "55208131700018")
            let anonymous: [(String, String)] = [
                ("GET", "/courses"), ("GET", "/sessions"), ("POST", "/sessions"), ("POST", "/sessions/\(session)/signups"),
                ("GET", "/signups/\(signup.id)"), ("GET", "/certificates/\(signup.id)"), ("GET", "/operations/summary"),
            ]
            for (method, path) in anonymous {
                #expect(try await training.call(method, path, [:], token: nil).status == 401, "\(method) \(path)")
            }
            let refused: [(String, String, [String: Any], String)] = [
                ("POST", "/sessions", ["sessionId": UUID().uuidString.lowercased()], stranger),
                ("PATCH", "/sessions/\(session)", ["capacity": 1], otherOrganiser),
                ("POST", "/sessions/\(session)/cancel", ["reason": "other"], stranger),
                ("POST", "/sessions/\(session)/confirm", [:], otherOrganiser),
                ("POST", "/sessions/\(session)/signups", ["signupId": UUID().uuidString.lowercased(), "fullName": "X"], company),
                ("GET", "/signups/\(signup.id)", [:], stranger),
                ("GET", "/signups/\(signup.id)/invitation.ics", [:], stranger),
                ("POST", "/signups/\(signup.id)/cancel", [:], stranger),
                ("POST", "/signups/\(signup.id)/approve", ["reason": "x"], stranger),
                ("GET", "/sessions/\(session)/roster", [:], stranger),
                ("GET", "/sessions/\(session)/roster", [:], otherOrganiser),
                ("POST", "/sessions/\(session)/attendance", ["records": []], otherOrganiser),
                ("GET", "/agents/q1/record", [:], stranger),
                ("GET", "/operations/summary", [:], training.organiserToken),
                ("PUT", "/bodies/212102313/suggestions", ["contactEmail": "a@b.example"], stranger),
            ]
            for (method, path, body, token) in refused {
                #expect(try await training.call(method, path, body, token: token).status == 403, "\(method) \(path)")
            }
            // The agent themself, the organiser and the operator do see it.
            #expect(try await training.call("GET", "/signups/\(signup.id)", token: try await training.agent("q1")).status == 200)
            #expect(try await training.call("GET", "/sessions/\(session)/roster", token: training.organiserToken).status == 200)
            let ics = try await training.bed.request("GET", "/signups/\(signup.id)/invitation.ics", token: try await training.agent("q1"))
            #expect(ics.status == 200)
            #expect(String(decoding: ics.body, as: UTF8.self).contains("METHOD:REQUEST"))
            #expect(try await training.call("GET", "/operations/summary", token: training.operatorToken).status == 200)
        }
    }
}
