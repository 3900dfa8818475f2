import ContractTypes
import Foundation
import Identity
import NotificationsContracts
import ServiceRuntimeTesting
import Testing
import TrainingContracts

/// Domain §7.4 on the real PostgreSQL: the 13th sign-up, promotions before the cut-off and none after it, unknown
/// dates, the capacity cut, and no double bookings of agents, trainers or rooms.
@Suite("Training bookings", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct BookingTests {
    @Test("12 seats, 12 booked: the 13th is waitlisted with a waitlist, refused as full without one")
    func thirteenthSignup() async throws {
        try await TrainingBed.run { training in
            let withList = try await training.schedule(capacity: 12)
            let without = try await training.schedule(days: [40], capacity: 12, waitlist: false, trainer: "trainer-2")
            for index in 1...12 {
                #expect(try await training.signUp(withList, agent: "a\(index)").status == 201)
                #expect(try await training.signUp(without, agent: "a\(index)").status == 201)
            }
            #expect(try await training.sessionStatus(withList) == "full")
            let waitlisted = try await training.signUp(withList, agent: "a13")
            #expect(waitlisted.status == 201)
            #expect((waitlisted.json["signup"] as? [String: Any])?["status"] as? Int == 60)
            #expect(waitlisted.json["position"] as? Int == 1)
            let refused = try await training.signUp(without, agent: "a13")
            #expect(refused.status == 409)
            #expect((refused.json["code"] as? String) == "sessionFull", "\(refused.json)")
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE session_id = '\(without)'") == 12)
            #expect(try await training.notices("training-signup-booked").count == 24)
            #expect(try await training.notices("training-signup-booked").allSatisfy { $0.calendar?.method == .request })
            #expect(try await training.notices("training-signup-waitlisted").count == 1)
        }
    }

    @Test("a booked agent cancels: the first waitlisted is booked and notified; after the cut-off: no promotion, the organiser alerted")
    func promotionsAndTheCutoff() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(days: [20], capacity: 2)
            let first = try await training.signUp(session, agent: "b1")
            let second = try await training.signUp(session, agent: "b2")
            let third = try await training.signUp(session, agent: "b3")
            let fourth = try await training.signUp(session, agent: "b4")
            #expect(try await training.status(third.id) == 60)

            try await training.object("POST", "/signups/\(first.id)/cancel", ["reason": "congé"], token: try await training.agent("b1"))
            #expect(try await training.status(first.id) == 10)
            #expect(try await training.status(third.id) == 70)
            #expect(try await training.status(fourth.id) == 60)
            let promoted = try await training.bed.published(SignupPromoted.self, count: 1, timeout: .seconds(90))
            #expect(promoted.map(\.signupId) == [third.id])
            #expect(promoted.first?.freedBySignupId == first.id)
            let mail = try #require(try await training.notices("training-signup-promoted").first)
            #expect(mail.recipients.map(\.email) == ["b3@mairie.example"])
            #expect(mail.calendar?.content.contains("UID:signup-\(third.id)@training.passerelle.example") == true)
            let cancelled = try #require(try await training.notices("training-signup-cancelled").first)
            #expect(cancelled.calendar?.method == .cancel)
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE late") == 0)

            // 19 days later the start is 24 h away, past the 48 h cut-off.
            training.advance(days: 19)
            try await training.object("POST", "/signups/\(second.id)/cancel", token: try await training.agent("b2"))
            #expect(try await training.status(fourth.id) == 60)
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE late AND signup_id = '\(second.id)'") == 1)
            let alert = try await training.notices("training-seat-freed-late")
            #expect(alert.map { $0.recipients.map(\.email) } == [["organisation@cdg21.example"]])
            #expect(alert.first?.variables?["waitlisted"] == .string("1"))
            #expect(try await training.bed.published(SignupCancelled.self, count: 2, timeout: .seconds(90)).map(\.late) == [false, true])
        }
    }

    @Test("unknown dates: every sign-up waitlisted until the dates are set, then booked first in, first out")
    func unknownDates() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(capacity: 2, datesKnown: false)
            var ids: [String] = []
            for index in 1...3 {
                let signup = try await training.signUp(session, agent: "c\(index)")
                #expect((signup.json["signup"] as? [String: Any])?["status"] as? Int == 60)
                ids.append(signup.id)
            }
            #expect(try await training.bed.published(SignupWaitlisted.self, count: 3, timeout: .seconds(90)).allSatisfy { $0.reason == .datesUnknown })
            let dates = [["start": TrainingBed.iso(training.day(30, hour: 9)), "end": TrainingBed.iso(training.day(30, hour: 17))]]
            let updated = try await training.object(
                "PATCH", "/sessions/\(session)", ["datesKnown": true, "dates": dates], token: training.organiserToken)
            #expect(updated["booked"] as? Int == 2)
            #expect(try await training.status(ids[0]) == 70)
            #expect(try await training.status(ids[1]) == 70)
            #expect(try await training.status(ids[2]) == 60)
            #expect(try await training.sessionStatus(session) == "full")
        }
    }

    @Test("a capacity cut moves the latest bookings back to the waitlist, with a CANCEL of their invitation")
    func capacityReduction() async throws {
        try await TrainingBed.run { training in
            let session = try await training.schedule(capacity: 4)
            var ids: [String] = []
            for index in 1...4 { ids.append(try await training.signUp(session, agent: "d\(index)").id) }
            try await training.object("PATCH", "/sessions/\(session)", ["capacity": 2], token: training.organiserToken)
            #expect(try await training.status(ids[0]) == 70)
            #expect(try await training.status(ids[1]) == 70)
            #expect(try await training.status(ids[2]) == 60)
            #expect(try await training.status(ids[3]) == 60)
            let moved = try await training.notices("training-moved-to-waitlist")
            #expect(Set(moved.flatMap { $0.recipients.map(\.email) }) == ["d3@mairie.example", "d4@mairie.example"])
            #expect(moved.allSatisfy { $0.calendar?.method == .cancel && $0.calendar?.content.contains("SEQUENCE:1") == true })
            // More seats again: the oldest in line first.
            try await training.object("PATCH", "/sessions/\(session)", ["capacity": 3], token: training.organiserToken)
            #expect(try await training.status(ids[2]) == 70)
            #expect(try await training.status(ids[3]) == 60)
        }
    }

    @Test("no agent on two overlapping sessions; no trainer or room double-booked")
    func noDoubleBookings() async throws {
        try await TrainingBed.run { training in
            let morning = try await training.schedule(days: [30], trainer: "t-1", room: "Salle 2")
            let same = try await training.schedule(days: [30], trainer: "t-2")
            #expect(try await training.signUp(morning, agent: "e1").status == 201)
            let clash = try await training.signUp(same, agent: "e1")
            #expect(clash.status == 409)
            #expect(clash.json["code"] as? String == "agentOverlap")
            #expect(clash.json["field"] as? String == "sessionId")
            try await training.schedule(days: [30], trainer: "t-1", expect: 409)
            try await training.schedule(days: [30], trainer: "t-3", room: "Salle 2", expect: 409)
            // Another day is fine, and so is the same trainer once the first session is cancelled.
            try await training.schedule(days: [31], trainer: "t-1", room: "Salle 2")
            try await training.object("POST", "/sessions/\(morning)/cancel", ["reason": "trainerUnavailable"], token: training.organiserToken)
            try await training.schedule(days: [30], trainer: "t-1", room: "Salle 2")
        }
    }
}
