import DeskDomain
import Foundation
import Testing

@Suite struct MatchStatusTests {
    let sent = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func allowedTransitionsFollowTheSchema() {
        let allowed: [MatchStatus: Set<MatchStatus>] = [
            .quo: [.takingCare, .notForMe, .done, .doneNoHelp, .doneNotReachable],
            .takingCare: [.done, .doneNoHelp, .doneNotReachable],
        ]
        for from in MatchStatus.allCases {
            for to in MatchStatus.allCases {
                #expect(from.canTransition(to: to) == (allowed[from]?.contains(to) ?? false), "\(from) → \(to)")
            }
        }
        #expect(MatchStatus.allCases.filter(\.isClosed) == [.done, .doneNoHelp, .doneNotReachable, .notForMe])
    }

    @Test func transitionsSetTheirDatesAndRefusalsNameBothStatuses() throws {
        var match = Match(needId: UUID(), expertId: "cci21-rh", sentAt: self.sent)
        try match.transition(to: .takingCare, at: self.sent.addingTimeInterval(3600))
        #expect(match.takenCareOfAt == self.sent.addingTimeInterval(3600))
        #expect(match.closedAt == nil)
        let error = try #require(throws: MatchTransitionError.self) {
            try match.transition(to: .notForMe, at: self.sent)
        }
        #expect(error.from == .takingCare && error.to == .notForMe)
        try match.transition(to: .done, at: self.sent.addingTimeInterval(7200))
        #expect(match.closedAt == self.sent.addingTimeInterval(7200))
        #expect(throws: MatchTransitionError.self) { try match.transition(to: .takingCare, at: self.sent) }
        #expect(match.status == .done)
    }

    @Test func matchingTheSameExpertTwiceToOneNeedIsRefused() throws {
        var need = NeedMatches(needId: UUID())
        try need.add(expertId: "cci21-rh", sentAt: self.sent)
        let error = try #require(throws: NeedMatches.DuplicateMatchError.self) {
            try need.add(expertId: "cci21-rh", sentAt: self.sent)
        }
        #expect(error.expertId == "cci21-rh")
        try need.add(expertId: "dijon-metropole-developpeur", sentAt: self.sent)
        #expect(need.matches.count == 2)
        #expect(need.status == .quo)
        #expect(try need.update(expertId: "cci21-rh", to: .takingCare, at: self.sent))
        #expect(need.status == .takingCare)
        #expect(try need.update(expertId: "unknown", to: .done, at: self.sent) == false)
    }
}

@Suite struct NeedStatusTests {
    @Test(arguments: [
        ([MatchStatus](), NeedStatus.diagnosisNotComplete),
        ([.quo, .notForMe, .done], .done),
        ([.quo, .takingCare, .doneNoHelp], .takingCare),
        ([.notForMe, .quo], .quo),
        ([.notForMe, .notForMe, .doneNoHelp], .notForMe),
        ([.doneNotReachable, .doneNotReachable, .notForMe], .doneNotReachable),
        ([.notForMe, .doneNoHelp], .doneNoHelp),
        ([.notForMe], .notForMe),
    ])
    func aggregatesByThePriorityRule(matches: [MatchStatus], expected: NeedStatus) {
        #expect(NeedStatus.aggregate(matches) == expected)
    }

    @Test func closedStatuses() {
        #expect(NeedStatus.allCases.filter(\.isClosed) == [.done, .notForMe, .doneNoHelp, .doneNotReachable])
    }
}
