import Mailer
import Testing

@testable import NotificationsService

@Suite struct DeliveryRulesTests {
    @Test func theIdempotencyKeyIsTheSHA256OfEventRecipientChannelTemplate() {
        let key = IdempotencyKey(
            eventID: "0d1e2f3a-0000-4000-8000-000000000001", recipient: " Jeanne@Example.FR ", template: "tender-amended")
        #expect(key.value == "daf43953633a9f823362c77ac999bc882124f576194c93022f9bbd90b1c04368")
        let other = IdempotencyKey(
            eventID: "0d1e2f3a-0000-4000-8000-000000000001", recipient: "jeanne@example.fr", channel: "inApp",
            template: "tender-amended")
        #expect(other != key)
        #expect(IdempotencyKey.digest(recipient: "a@b.fr", subscriptionID: "s", period: "2026-04-21T08")
            == IdempotencyKey.digest(recipient: "A@B.fr", subscriptionID: "s", period: "2026-04-21T08"))
    }

    @Test func theDefaultScheduleWaitsOneMinuteToTwelveHoursThenGivesUp() throws {
        let settings = NotificationsSettings(from: MailAddress("no-reply@passerelle.example"))
        let schedule = RetrySchedule(pauses: settings.retrySchedule, jitter: settings.retryJitter)
        let pauses = (1...5).map { schedule.pause(afterFailedAttempts: $0, random: 0.5) }
        #expect(pauses == [.seconds(60), .seconds(300), .seconds(1800), .seconds(7200), .seconds(43_200)])
        #expect(schedule.pause(afterFailedAttempts: 6, random: 0.5) == nil)
        #expect(schedule.maxAttempts == 6)
        #expect(schedule.pause(afterFailedAttempts: 1, random: 0) == .seconds(48))
        #expect(schedule.pause(afterFailedAttempts: 1, random: 1) == .seconds(72))
    }

    @Test func temporaryFailuresRetryAndPermanentOnesHardBounce() {
        let schedule = RetrySchedule(pauses: [.seconds(60), .seconds(300)], jitter: 0)
        #expect(
            DeliveryDecision.after(MailError(.temporary, replyCode: 451, "greylisted"), attempts: 1, schedule: schedule)
                == .retry(after: .seconds(60), diagnostic: "mail temporary (451): greylisted"))
        #expect(
            DeliveryDecision.after(MailError(.connection, "refused"), attempts: 3, schedule: schedule)
                == .failed(diagnostic: "mail connection: refused"))
        #expect(
            DeliveryDecision.after(MailError(.permanent, replyCode: 550, "user unknown"), attempts: 1, schedule: schedule)
                == .hardBounced(diagnostic: "mail permanent (550): user unknown"))
        if case .hardBounced = DeliveryDecision.after(MailError(.invalid, "no recipient"), attempts: 1, schedule: schedule) {
        } else {
            Issue.record("an invalid message must not be retried")
        }
    }

    @Test func recipientReferencesNeverCarryTheAddress() {
        let reference = EmailAddress.reference("Jeanne@Example.fr")
        #expect(reference.hasPrefix("sha256:"))
        #expect(reference.count == 71)
        #expect(!reference.contains("example"))
        #expect(reference == EmailAddress.reference("jeanne@example.fr"))
    }
}
