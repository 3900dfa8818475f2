import ContractTypes
import Foundation
import NotificationsContracts
import Identity
import ServiceRuntimeTesting
import Testing
import TrainingContracts

/// Cancelling a session (domain §7.3): every sign-up 20, the booked agents' invitations cancelled with the same UID
/// (a mandatory notice), and nothing left to close: no certificate.
@Suite("Training session cancellation", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct SessionCancellationTests {
    @Test("cancelled: every sign-up 20, a CANCEL with the booking's UID to each booked agent, no certificate")
    func cancelSession() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(capacity: 2, approval: "none")
            let booked = [try await training.signUp(session, agent: "k1"), try await training.signUp(session, agent: "k2")]
            let waiting = try await training.signUp(session, agent: "k3")
            let invitations = try await training.notices("training-signup-booked")
            let uids = Set(invitations.compactMap { $0.calendar?.content.components(separatedBy: "\r\n").first { $0.hasPrefix("UID:") } })
            #expect(uids == Set(booked.map { "UID:signup-\($0.id)@training.passerelle.example" }))

            let other = try await training.bed.token(subject: "org-2", roles: [Caller.Role.organiser])
            #expect(try await training.call("POST", "/sessions/\(session)/cancel", ["reason": "other"], token: other).status == 403)
            #expect(try await training.call("POST", "/sessions/\(session)/cancel", ["reason": "boredom"], token: training.organiserToken).status == 400)
            try await training.object(
                "POST", "/sessions/\(session)/cancel", ["reason": "tooFewParticipants", "reasonText": "Trop peu d'inscrits"],
                token: training.organiserToken)
            for signup in booked + [waiting] { #expect(try await training.status(signup.id) == 20) }
            let cancels = try await training.notices("training-session-cancelled")
            #expect(cancels.count == 3)
            #expect(cancels.allSatisfy { $0.mandatory })
            let withCalendar = cancels.filter { $0.calendar != nil }
            #expect(withCalendar.count == 2)
            #expect(withCalendar.allSatisfy { $0.calendar?.method == .cancel && $0.calendar!.content.contains("STATUS:CANCELLED") })
            let cancelUIDs = Set(withCalendar.compactMap { $0.calendar?.content.components(separatedBy: "\r\n").first { $0.hasPrefix("UID:") } })
            #expect(cancelUIDs == uids)
            let event = try #require(try await training.bed.published(SessionCancelled.self, count: 1, timeout: .seconds(90)).first)
            #expect(event.signups.count == 3)
            #expect(try await training.call("POST", "/sessions/\(session)/close", token: training.organiserToken).status == 409)
            #expect(try await training.bed.count("SELECT count(*) FROM certificates") == 0)
            #expect(try await training.bed.count("SELECT count(*) FROM timers WHERE fired_at IS NULL AND session_id = '\(session)'") == 0)
            #expect(try await training.signUp(session, agent: "k4").json["code"] as? String == "sessionNotOpen")
        }
    }
}
