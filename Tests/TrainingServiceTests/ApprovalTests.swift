import ContractTypes
import Foundation
import NotificationsContracts
import Identity
import ServiceRuntimeTesting
import Testing
import TrainingContracts

/// The approval chain (domain §7.3): the line manager, then the training service; reasons kept in the history; a
/// request nobody answers is reminded once, then expires when the registration closes.
@Suite("Training approvals", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct ApprovalTests {
    @Test("manager then administrator: 40 → 45 → 50 → 70, each with its reason; another manager is refused")
    func twoStepChain() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(approval: "managerThenAdmin")
            let missing = try await training.signUp(session, agent: "f0")
            #expect(missing.status == 400)
            #expect(missing.json["field"] as? String == "agent.managerEmail")
            let signup = try await training.signUp(session, agent: "f1", manager: "chef@mairie.example")
            #expect(try await training.status(signup.id) == 40)
            #expect(try await training.notices("training-approval-requested").map { $0.recipients.map(\.email) } == [["chef@mairie.example"]])

            let stranger = try await training.manager("autre@mairie.example")
            let refused = try await training.call("POST", "/signups/\(signup.id)/approve", ["reason": "ok"], token: stranger)
            #expect(refused.status == 403)
            let agentSelf = try await training.call("POST", "/signups/\(signup.id)/approve", ["reason": "ok"], token: try await training.agent("f1"))
            #expect(agentSelf.status == 403)
            let manager = try await training.manager("chef@mairie.example")
            let noReason = try await training.call("POST", "/signups/\(signup.id)/approve", ["reason": " "], token: manager)
            #expect(noReason.status == 400)
            try await training.object("POST", "/signups/\(signup.id)/approve", ["reason": "Utile pour le poste"], token: manager)
            #expect(try await training.status(signup.id) == 45)
            // The manager cannot answer the administrator's step.
            #expect(try await training.call("POST", "/signups/\(signup.id)/approve", ["reason": "encore"], token: manager).status == 403)
            let pending = try await training.call(
                "GET", "/signups?pending=true", token: try await training.bed.token(subject: "rh", roles: [Caller.Role.trainingAdmin]))
            #expect((pending.json as? [[String: Any]])?.compactMap { $0["signupId"] as? String } == [signup.id])
            let admin = try await training.bed.token(subject: "rh", roles: [Caller.Role.trainingAdmin])
            let detail = try await training.object("POST", "/signups/\(signup.id)/approve", ["reason": "Budget formation 2027"], token: admin)
            let history = (detail["history"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? Int }
            #expect(history == [40, 45, 50, 70])
            #expect((detail["history"] as? [[String: Any]])?.compactMap { $0["reason"] as? String } == ["Utile pour le poste", "Budget formation 2027"])
            #expect(try await training.bed.published(SignupApproved.self, count: 2, timeout: .seconds(90)).map(\.step) == [.manager, .administrator])
            // The history is append-only, even for the service's own role.
            await #expect(throws: (any Error).self) {
                _ = try await training.bed.count("UPDATE signup_history SET status = 10 RETURNING 1")
            }
        }
    }

    @Test("the manager never answers: a reminder after 3 days, then the request expires when the registration closes")
    func unansweredRequestExpires() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(days: [10], approval: "manager")
            let signup = try await training.signUp(session, agent: "g1", manager: "chef@mairie.example")
            let declined = try await training.signUp(session, agent: "g2", manager: "chef@mairie.example")
            try await training.object(
                "POST", "/signups/\(declined.id)/decline", ["reason": "Pas cette année"], token: try await training.manager("chef@mairie.example"))
            #expect(try await training.status(declined.id) == 30)

            training.advance(days: 3.1)
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.notices("training-approval-reminder").count == 1 }
            // 8.6 days in, the registration (start − 48 h: day 10 at 9:00 Paris, so between 7 d 9 h and 8 d 9 h from the
            // first now, whatever the time of day) has closed, and the session has not started.
            training.advance(days: 5.5)
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.status(signup.id) == 30 }
            let expired = try await training.bed.published(SignupDeclined.self, count: 2, timeout: .seconds(90))
            #expect(expired.map(\.expired) == [false, true])
            #expect(try await training.notices("training-approval-reminder").count == 1)
            #expect(try await training.signUp(session, agent: "g3", manager: "chef@mairie.example").json["code"] as? String == "registrationClosed")
        }
    }
}
