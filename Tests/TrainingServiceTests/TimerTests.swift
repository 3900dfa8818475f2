import ContractTypes
import Foundation
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Testing
import TrainingContracts
import TrainingService

/// The durable timers with the clock moved forward: the minimum-participants check 7 days before the start and the
/// reminders, each once, surviving a restart of the service (the timers are rows, not memory).
@Suite("Training timers", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct TimerTests {
    @Test("below the minimum at D-7 the organiser is alerted; the reminder at D-3 once per booking, across a restart")
    func minimumAndRemindersSurviveARestart() async throws {
        try await TrainingBed.run { training in
            let low = try await training.schedule(days: [20], capacity: 10, minimum: 3, trainer: "t-low", reminder: 3)
            let ok = try await training.schedule(days: [20], capacity: 10, minimum: 1, trainer: "t-ok", reminder: 3)
            let agent = try await training.signUp(low, agent: "n1")
            try await training.signUp(ok, agent: "n2")

            training.advance(days: 13.5)
            // Each timer fires in its own transaction: wait for both sessions' checks.
            try await training.bed.eventually(timeout: .seconds(90)) {
                try await training.bed.count("SELECT count(*) FROM timers WHERE kind = 'minimumCheck' AND fired_at IS NOT NULL") == 2
            }
            #expect(try await training.notices("training-minimum-not-reached").count == 1)
            let alert = try #require(try await training.notices("training-minimum-not-reached").first)
            #expect(alert.variables?["booked"] == .string("1"))
            #expect(alert.recipients.map(\.email) == ["organisation@cdg21.example"])
            #expect(try await training.sessionStatus(ok) == "confirmed")
            #expect(try await training.sessionStatus(low) == "open")
            // The organiser confirms anyway.
            try await training.object("POST", "/sessions/\(low)/confirm", token: training.organiserToken)

            // A restart on the same database with a clock 17.5 days ahead: the D-3 reminders fire once, then not again.
            let clock = ServiceClock()
            clock.advance(by: 17.5 * 86_400)
            var settings = training.settings
            settings.clock = clock
            try await training.bed.restart(with: try TrainingService.definition(settings: settings))
            settings.wake.signal()
            try await training.bed.eventually(timeout: .seconds(90)) { try await training.notices("training-reminder").count == 2 }
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE reminded_at IS NOT NULL") == 2)
            #expect(try await training.bed.count("SELECT count(*) FROM signups WHERE reminded_at IS NOT NULL AND signup_id = '\(agent.id)'") == 1)
            clock.advance(by: 3600)
            settings.wake.signal()
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await training.notices("training-reminder").count == 2)
            #expect(try await training.notices("training-minimum-not-reached").count == 1)
            #expect(try await training.bed.count("SELECT count(*) FROM timers WHERE kind IN ('minimumCheck', 'reminder') AND fired_at IS NOT NULL") == 4)
        }
    }

    @Test("a timer that fails for good is set aside with its reason, once; the other sessions' timers still fire")
    func aFailingTimerIsSetAside() async throws {
        try await TrainingBed.run { training in
            // The organiser's token carries no usable address: the D-7 alert cannot be asked for (the contract refuses it).
            let broken = try await training.bed.token(subject: "org-broken", email: "not an address", roles: ["organiser"])
            let id = UUID().uuidString.lowercased()
            let dates = [["start": TrainingBed.iso(training.day(20, hour: 9)), "end": TrainingBed.iso(training.day(20, hour: 17))]]
            let plan: [String: Any] = [
                "courseCode": "DESK-01", "title": "J'entreprends", "datesKnown": true, "dates": dates,
                "location": ["name": "CCI", "communeInsee": "21231"], "trainers": [["trainerId": "t-b", "fullName": "B"]], "capacity": 5,
                "minParticipants": 3, "allowWaitlist": true, "approval": "none", "cancellationCutoffHours": 48, "reminderDaysBefore": 0,
            ]
            try await training.object("POST", "/sessions", ["sessionId": id, "plan": plan], token: broken, expect: 201)
            let fine = try await training.schedule(days: [20], minimum: 3, trainer: "t-f")
            training.advance(days: 13.5)
            try await training.bed.eventually(timeout: .seconds(90)) {
                try await training.bed.count("SELECT count(*) FROM timers WHERE kind = 'minimumCheck' AND fired_at IS NOT NULL") == 2
            }
            #expect(try await training.bed.count("SELECT count(*) FROM timers WHERE error IS NOT NULL AND session_id = '\(id)'") == 1)
            #expect(try await training.notices("training-minimum-not-reached").map { $0.relatedTo.aggregateId } == [fine])
            let summary = try await training.object("GET", "/operations/summary", token: training.operatorToken)
            #expect(summary["timersFailed"] as? Int == 1)
            training.advance(days: 0.01)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await training.bed.count("SELECT count(*) FROM timers WHERE error IS NOT NULL") == 1)
        }
    }
}
