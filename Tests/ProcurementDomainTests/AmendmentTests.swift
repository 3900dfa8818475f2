import Foundation
import ProcurementDomain
import Testing

@Suite struct AmendmentTests {
    let walk = TenderLifecycleWalk()
    var machine: TenderStateMachine { walk.machine }

    @Test func amendmentFiveDaysBeforeTheDeadlineWithoutExtensionIsRefused() throws {
        let published = try walk.tender(in: .published)
        let fiveDaysBefore = DomainFixtures.instant("2026-03-28T12:00:00+01:00")
        do {
            _ = try machine.amend(published, changedFiles: ["CCTP.pdf"], at: fiveDaysBefore)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .amendmentNeedsExtension)
            #expect(error.message.contains("2026-04-04T12:00:00+02:00"))
        }
        // Moved, but to less than 7 days after the amendment.
        #expect(throws: ProcurementRuleError.self) {
            try machine.amend(
                published, changedFiles: ["CCTP.pdf"], newDeadline: DomainFixtures.instant("2026-04-04T11:59:59+02:00"),
                at: fiveDaysBefore)
        }
    }

    @Test func amendmentWithTheDeadlineMovedSevenDaysLaterIsAccepted() throws {
        let published = try walk.tender(in: .published)
        let fiveDaysBefore = DomainFixtures.instant("2026-03-28T12:00:00+01:00")
        let moved = DomainFixtures.instant("2026-04-04T12:00:00+02:00")
        let result = try machine.amend(
            published, changedFiles: ["CCTP.pdf", "BPU.xlsx"], newDeadline: moved, at: fiveDaysBefore)
        #expect(result.tender.dceVersion == 2)
        #expect(result.tender.deadline == moved)
        #expect(
            result.events.map(\.kind) == [
                .amended(dceVersion: 2, changedFiles: ["CCTP.pdf", "BPU.xlsx"]),
                .deadlineChanged(from: walk.deadline, to: moved),
            ])
        // The mandatory notice to identified downloaders goes out on these two events.
        #expect(
            result.events.map(\.routingKey) == [
                "procurement.tender.amended.v1", "procurement.tender.deadline-changed.v1",
            ])
    }

    @Test func earlyAmendmentKeepsTheDeadline() throws {
        let published = try walk.tender(in: .published)
        let result = try machine.amend(
            published, changedFiles: ["RC.pdf"], at: DomainFixtures.instant("2026-03-10T10:00:00+01:00"))
        #expect(result.tender.deadline == walk.deadline)
        #expect(result.events.count == 1)
        let twice = try machine.amend(
            result.tender, changedFiles: ["RC.pdf"], at: DomainFixtures.instant("2026-03-11T10:00:00+01:00"))
        #expect(twice.tender.dceVersion == 3)
    }

    @Test func amendmentRefusals() throws {
        let published = try walk.tender(in: .published)
        // A new deadline earlier than the current one.
        #expect(throws: ProcurementRuleError.self) {
            try machine.amend(
                published, changedFiles: [], newDeadline: DomainFixtures.instant("2026-04-01T12:00:00+02:00"),
                at: DomainFixtures.instant("2026-03-10T10:00:00+01:00"))
        }
        // After the deadline.
        #expect(throws: ProcurementRuleError.self) {
            try machine.amend(published, changedFiles: [], at: walk.deadline)
        }
        for tender in try walk.allTenders() where tender.status != .published {
            #expect(throws: ProcurementRuleError.self) {
                try machine.amend(tender, changedFiles: [], at: DomainFixtures.instant("2026-03-10T10:00:00+01:00"))
            }
        }
    }

    @Test func minimumRemainingDaysIsConfigurable() throws {
        var rules = ProcurementRules.default
        rules.amendmentMinimumRemainingDays = 3
        let rule = AmendmentRule(rules: rules)
        let now = DomainFixtures.instant("2026-03-28T12:00:00+01:00")
        #expect(
            try rule.effectiveDeadline(amendedAt: now, currentDeadline: walk.deadline, newDeadline: nil)
                == walk.deadline)
        #expect(AmendmentRule().minimumDeadline(amendedAt: now) == DomainFixtures.instant("2026-04-04T12:00:00+02:00"))
    }
}
