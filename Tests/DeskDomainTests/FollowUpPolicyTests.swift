import DeskDomain
import Foundation
import Testing

@Suite struct FollowUpPolicyTests {
    let sent = Date(timeIntervalSince1970: 1_780_000_000)
    let day: TimeInterval = 86_400

    @Test func remindsAfterSevenDaysAndEscalatesAfterFourteen() {
        let timers = FollowUpPolicy.standard.timers(forMatchSentAt: self.sent)
        #expect(timers.map(\.kind) == [.remindExpert, .escalateToManager])
        #expect(
            timers.map(\.dueAt) == [
                self.sent.addingTimeInterval(7 * self.day), self.sent.addingTimeInterval(14 * self.day),
            ])
    }

    @Test func dueTimersOnlyWhileTheMatchIsInQuo() {
        let policy = FollowUpPolicy.standard
        #expect(
            policy.dueTimers(forMatchSentAt: self.sent, status: .quo, now: self.sent.addingTimeInterval(6 * self.day))
                .isEmpty)
        #expect(
            policy.dueTimers(forMatchSentAt: self.sent, status: .quo, now: self.sent.addingTimeInterval(7 * self.day))
                .map(\.kind)
                == [.remindExpert])
        #expect(
            policy.dueTimers(forMatchSentAt: self.sent, status: .quo, now: self.sent.addingTimeInterval(15 * self.day))
                .count == 2)
        #expect(
            policy.dueTimers(
                forMatchSentAt: self.sent, status: .takingCare, now: self.sent.addingTimeInterval(15 * self.day)
            ).isEmpty)
    }
}
